"""Batch processing: many inputs in, exactly one JSONL record per input document out.

Documents go to worker processes in small chunks (the pipeline is loaded once per worker);
results come back in input order and are written and flushed one record at a time, so a crash
leaves a valid JSONL prefix and ``resume`` can skip what is done (by stable keys, listed in
``<output>.done``). One run at a time writes an output (an advisory lock). A worker that dies
or overruns the per-document time budget is replaced; the document it was on gets an error
record. Workers exit when the batch process dies. The same worker function runs on a Dask
cluster with ``engine="dask"`` (without the time budget).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import multiprocessing as mp
import os
import signal
import stat
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as wait_for
from pathlib import Path
from typing import Any, BinaryIO, Literal

import orjson

from ..errors import DocumentTimeoutError, ExtractionError, TradeclaimsError, WorkerDiedError
from ..io.metadata import prepare
from ..io.paths import check_output_file, open_locked, write_or_fail
from ..io.readers import MAX_INPUT_BYTES, Document, InputFailure, read_inputs
from ..schema import ErrorRecord

Engine = Literal["local", "dask"]
#: Documents per task sent to a worker: large enough to amortize the hand-off, small enough
#: that a dead worker costs little to redo.
CHUNK_DOCS = 16
#: Tasks in flight per worker: bounds memory while keeping every worker busy.
INFLIGHT_PER_WORKER = 4

# (source, published, title, text, other Document fields) travels to workers as a plain tuple
Task = list[tuple[str | None, str | None, str | None, str, dict[str, Any]]]
#: The Document fields that travel in a task's last element.
_EXTRA_FIELDS = ("url", "path", "text_offset", "metadata", "keep_text", "year")
# (output line, words, ok)
Output = list[tuple[bytes, int, bool]]


@dataclass
class BatchSummary:
    """What a batch run did."""

    documents: int = 0
    succeeded: int = 0
    failed: int = 0
    skipped: int = 0
    words: int = 0
    seconds: float = 0.0
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "succeeded": self.succeeded,
            "failed": self.failed,
            "skipped": self.skipped,
            "words": self.words,
            "seconds": round(self.seconds, 3),
            "docs_per_second": round(self.docs_per_second, 2),
            "words_per_second": round(self.words_per_second, 1),
            "errors": self.errors,
        }


ProgressCallback = Callable[[BatchSummary], None]

_worker_extractor: Any = None


def _extractor() -> Any:
    """The worker's pipeline, loaded on first use and kept for the process's life."""
    global _worker_extractor
    if _worker_extractor is None:
        from ..api import Extractor

        _worker_extractor = Extractor()
    return _worker_extractor


def error_line(source: str, exc: TradeclaimsError) -> bytes:
    record = ErrorRecord(
        source=source, error=exc.code, kind=type(exc).__name__, message=exc.message
    )
    return orjson.dumps(record.model_dump(mode="json"))


def process_chunk(task: Task) -> Output:
    """Extract a chunk of documents, batched through the pipeline; if that fails, one by
    one, so that an exception becomes only its own document's error record."""
    extractor = _extractor()
    docs = [Document(text=t, source=s, published=p, title=ti, **x) for s, p, ti, t, x in task]
    try:
        results = list(extractor.pipe(docs, batch_size=len(docs)))
        return [
            (orjson.dumps(r.model_dump(mode="json")), len(d.text.split()), True)
            for d, r in zip(docs, results, strict=True)
        ]
    except Exception:  # a bad document in the chunk: find it by going one at a time
        pass
    out: Output = []
    for doc in docs:
        words = len(doc.text.split())
        source = doc.source or "<text>"
        try:
            result = next(extractor.pipe([doc]))
            out.append((orjson.dumps(result.model_dump(mode="json")), words, True))
        except TradeclaimsError as exc:
            out.append((error_line(source, exc), words, False))
        except Exception as exc:  # one bad document must not stop the batch
            error = ExtractionError(f"{type(exc).__name__}: {exc}", source=doc.source)
            out.append((error_line(source, error), words, False))
    return out


def done_sources(output: Path) -> set[str]:
    """Sources already present in an output file: the resume of outputs written without a
    ``.done`` file (by tradeclaims before 0.1.1); a truncated last line is ignored."""
    done: set[str] = set()
    if not output.exists():
        return done
    with output.open("rb") as stream:
        for line in stream:
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            source = record.get("source") or (record.get("article") or {}).get("source")
            if source:
                done.add(source)
    return done


def done_path(output: Path) -> Path:
    """The file of the stable keys of the records in ``output``, one a line, in order."""
    return output.with_name(output.name + ".done")


def _cut_to_lines(path: Path, lines: int | None) -> list[bytes]:
    """Keep the first ``lines`` complete lines of ``path`` (all complete ones when None),
    dropping a half-written last line; returns the lines kept."""
    data = path.read_bytes() if path.exists() else b""
    complete = data[: data.rfind(b"\n") + 1]
    kept = complete.splitlines(keepends=True)
    if lines is not None:
        kept = kept[:lines]
    size = sum(len(line) for line in kept)
    if size != len(data):
        with path.open("r+b") as stream:
            stream.truncate(size)
    return kept


def _resume_state(output: Path) -> tuple[Counter[str], set[str]]:
    """What a resumed run skips: the stable keys of the records already written (each key
    as often as written), or, for an output without a ``.done`` file, the sources in it.
    Records and keys are cut back to the records whose keys were written (a record is
    written before its key, so a crash between them leaves one record to redo)."""
    keys_file = done_path(output)
    if not keys_file.exists() and output.exists() and output.stat().st_size:
        _cut_to_lines(output, None)
        return Counter(), done_sources(output)
    keys = [k.rstrip(b"\n").decode("utf-8") for k in _cut_to_lines(keys_file, None)]
    records = len(_cut_to_lines(output, len(keys))) if output.exists() else 0
    if records < len(keys):  # the output was cut by hand: trust it
        keys = keys[:records]
        _cut_to_lines(keys_file, records)
    return Counter(keys), set()


Unit = tuple[list[str], Task | bytes]


def _units(
    items: Iterable[Document | InputFailure],
    skip_keys: Counter[str],
    skip_sources: set[str],
    summary: BatchSummary,
) -> Iterator[Unit]:
    """Chunks of documents to extract, and ready error lines, in input order, each with the
    stable keys of its documents."""
    chunk: Task = []
    keys: list[str] = []
    for item in items:
        key = item.key or item.source or ""
        if skip_keys[key] > 0 or (item.source or "") in skip_sources:
            skip_keys[key] = max(0, skip_keys[key] - 1)
            summary.skipped += 1
            continue
        if isinstance(item, InputFailure):
            if chunk:
                yield keys, chunk
                chunk, keys = [], []
            yield [key], error_line(item.source, item.error)
            continue
        extra = {name: getattr(item, name) for name in _EXTRA_FIELDS}
        chunk.append((item.source, item.published, item.title, item.text, extra))
        keys.append(key)
        if len(chunk) >= CHUNK_DOCS:
            yield keys, chunk
            chunk, keys = [], []
    if chunk:
        yield keys, chunk


#: Default per-document time budget of a batch, in seconds (``--doc-timeout``): far above
#: any news article (a wire takes well under a second; a 2 MB text about 75 s).
DOC_TIMEOUT = 600.0


def run_batch(
    inputs: Sequence[str | Path],
    output: str | Path,
    *,
    workers: int | None = None,
    resume: bool = False,
    engine: Engine = "local",
    scheduler: str | None = None,
    fields: dict[str, str] | None = None,
    progress: ProgressCallback | None = None,
    doc_timeout: float | None = DOC_TIMEOUT,
    max_bytes: int = MAX_INPUT_BYTES,
    metadata: str | Path | None = None,
    year: int | None = None,
    keep_text: bool = False,
) -> BatchSummary:
    """Process every document of ``inputs`` into ``output`` (JSONL), one record per document:
    the extraction, or an error record. Returns the summary; raises only for usage errors,
    before any work: :class:`OutputError` (TC401) for an output that cannot be written,
    :class:`OutputLockedError` (TC402) while another run writes the same output.

    With the local engine a document that takes longer than ``doc_timeout`` seconds gets a
    TC303 error record (its worker is killed and replaced) and the run goes on; None runs
    ``workers=1`` in this process, without a budget. Workers exit when this process dies.
    Next to ``output``, ``<output>.done`` lists the stable key of each record (the real path
    of its input and the record's index in it), which ``resume`` skips.

    ``metadata`` names a table of publication dates, titles and URLs (see
    :mod:`tradeclaims.io.metadata`); ``year`` anchors wire datelines that give only a month and
    day; ``keep_text`` keeps each article's text in its record."""
    out_path = Path(output)
    workers = max(1, workers or os.cpu_count() or 1)
    summary = BatchSummary()
    check_output_file(out_path)  # a usage error before anything is read or written
    # the metadata table is read now: a bad one fails before the output is touched
    items = prepare(
        read_inputs(inputs, fields=fields, max_bytes=max_bytes),
        metadata=metadata,
        year=year,
        keep_text=keep_text,
    )
    stream = open_locked(out_path, truncate=not resume)  # before any work
    keys_stream: BinaryIO | None = None
    results: Iterator[tuple[list[str], Output | bytes]] | None = None
    try:
        regular = stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
        skip_keys: Counter[str] = Counter()
        skip_sources: set[str] = set()
        if resume and regular:
            skip_keys, skip_sources = _resume_state(out_path)
        if regular and not skip_sources:
            keys_stream = done_path(out_path).open("ab" if resume else "wb")
        units = _units(items, skip_keys, skip_sources, summary)
        if engine == "dask":
            results = _run_dask(units, workers, scheduler)
        elif workers == 1 and doc_timeout is None:
            results = ((k, u if isinstance(u, bytes) else process_chunk(u)) for k, u in units)
        else:
            results = _run_workers(units, workers, doc_timeout)
        started = time.perf_counter()
        name = str(out_path)
        for keys, result in results:
            lines = [(result, 0, False)] if isinstance(result, bytes) else result
            for key, (line, words, ok) in zip(keys, lines, strict=True):
                write_or_fail(stream, line + b"\n", name)
                if keys_stream is not None:  # after its record: a crash between redoes it
                    write_or_fail(keys_stream, key.encode("utf-8") + b"\n", name + ".done")
                summary.documents += 1
                summary.words += words
                if ok:
                    summary.succeeded += 1
                else:
                    summary.failed += 1
                    code = orjson.loads(line).get("error", "?")
                    summary.errors[code] = summary.errors.get(code, 0) + 1
            summary.seconds = time.perf_counter() - started
            if progress is not None:
                progress(summary)
        summary.seconds = time.perf_counter() - started
        return summary
    finally:
        if isinstance(results, Generator):
            results.close()  # stops and reaps the workers, also on SIGTERM or an error
        if keys_stream is not None:
            keys_stream.close()
        stream.close()


# -- the local engine: worker processes with a time budget ---------------------------------


def _die_with_parent(parent: int) -> None:
    """Make this worker exit when the batch process dies, even by kill -9: the kernel's
    parent-death signal on Linux, and a watcher thread everywhere (within a second)."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="tradeclaims-parent-watch").start()


_PR_SET_PDEATHSIG = 1


def _worker_main(conn: Connection, parent: int) -> None:
    """A worker: load the pipeline, say so, then extract each chunk it is sent."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch process's to handle
    _die_with_parent(parent)
    _extractor()
    conn.send(None)  # ready
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(process_chunk(task))  # looked up at call time (tests patch it)


@dataclass
class _Slot:
    """A unit's place in the output order and what has come back for it."""

    keys: list[str]
    payload: Task | bytes
    result: Output | bytes | None = None
    parts: list[Output | None] | None = None  # a chunk redone one document at a time

    def done(self) -> bool:
        if self.result is not None:
            return True
        return self.parts is not None and all(p is not None for p in self.parts)

    def output(self) -> Output | bytes:
        if self.result is not None:
            return self.result
        assert self.parts is not None
        return [line for part in self.parts if part is not None for line in part]


Job = tuple[int, int | None, Task]  # (unit number, document index when split, documents)


class _Worker:
    def __init__(self, ctx: Any) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, os.getpid()), daemon=True)
        self.proc.start()
        child.close()
        self.ready = False
        self.job: Job | None = None
        self.deadline = float("inf")

    def send(self, job: Job, timeout: float | None) -> None:
        self.job = job
        self.deadline = time.monotonic() + timeout if timeout else float("inf")
        self.conn.send(job[2])

    def stop(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(timeout=5)
        self.conn.close()


#: A worker that dies this many times in a row before it is ready (the pipeline cannot load)
#: ends the run.
_MAX_START_FAILURES = 3


def _run_workers(
    units: Iterator[Unit], workers: int, doc_timeout: float | None
) -> Generator[tuple[list[str], Output | bytes], None, None]:
    """Ordered results from worker processes. A chunk whose worker dies or overruns the time
    budget is redone one document at a time, so that only the document that kills a worker
    (TC301) or takes too long (TC303) is reported; the worker is replaced."""
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    pool = [_Worker(ctx) for _ in range(workers)]
    queue: deque[Job] = deque()
    slots: dict[int, _Slot] = {}
    next_unit = next_out = 0
    exhausted = False
    start_failures = 0

    def failed(job: Job, error: TradeclaimsError) -> None:
        number, part, docs = job
        slot = slots[number]
        if len(docs) > 1:  # find the document: one at a time, first in line
            slot.parts = [None] * len(docs)
            queue.extendleft(reversed([(number, j, [doc]) for j, doc in enumerate(docs)]))
            return
        doc = docs[0]
        exc = type(error)(error.message, source=doc[0])
        line = [(error_line(doc[0] or "<text>", exc), len(doc[3].split()), False)]
        if part is None:
            slot.result = line
        else:
            assert slot.parts is not None
            slot.parts[part] = line

    def replace(worker: _Worker, job_error: TradeclaimsError | None) -> None:
        nonlocal start_failures
        job, was_ready = worker.job, worker.ready
        worker.stop()
        pool[pool.index(worker)] = _Worker(ctx)
        if job is not None and job_error is not None:
            failed(job, job_error)
        start_failures = 0 if was_ready else start_failures + 1
        if start_failures >= _MAX_START_FAILURES:
            raise ExtractionError("worker processes die before they are ready")

    try:
        while True:
            moved = True
            while moved:  # take units and hand back finished ones until neither can go on
                moved = False
                while not exhausted and next_unit - next_out < workers * INFLIGHT_PER_WORKER:
                    try:
                        keys, payload = next(units)
                    except StopIteration:
                        exhausted = True
                        break
                    slots[next_unit] = _Slot(keys, payload)
                    if isinstance(payload, bytes):
                        slots[next_unit].result = payload
                    else:
                        queue.append((next_unit, None, payload))
                    next_unit += 1
                while next_out in slots and slots[next_out].done():
                    slot = slots.pop(next_out)
                    next_out += 1
                    moved = True
                    yield slot.keys, slot.output()
            if exhausted and next_out == next_unit:
                return
            for worker in pool:
                if worker.ready and worker.job is None and queue:
                    worker.send(queue.popleft(), doc_timeout)
            now = time.monotonic()
            wait = min((w.deadline for w in pool), default=float("inf")) - now
            ready = wait_for(
                [w.conn for w in pool] + [w.proc.sentinel for w in pool],
                timeout=None if wait == float("inf") else max(0.0, wait),
            )
            for worker in list(pool):
                if worker.conn in ready:
                    try:
                        message = worker.conn.recv()
                    except (EOFError, OSError):
                        died = WorkerDiedError("the worker process died on this document")
                        replace(worker, died)
                        continue
                    if message is None:
                        worker.ready = True
                        continue
                    assert worker.job is not None
                    number, part, _docs = worker.job
                    if part is None:
                        slots[number].result = message
                    else:
                        parts = slots[number].parts
                        assert parts is not None
                        parts[part] = message
                    worker.job, worker.deadline = None, float("inf")
                elif worker.proc.sentinel in ready:
                    replace(worker, WorkerDiedError("the worker process died on this document"))
                elif worker.job is not None and time.monotonic() >= worker.deadline:
                    timeout = DocumentTimeoutError(
                        f"took longer than the time budget of {doc_timeout:g} s "
                        "(raise it with --doc-timeout)"
                    )
                    replace(worker, timeout)
    finally:
        for worker in pool:
            with contextlib.suppress(Exception):
                worker.conn.send(None)
        for worker in pool:
            worker.stop()


def _run_dask(
    units: Iterator[Unit], workers: int, scheduler: str | None
) -> Generator[tuple[list[str], Output | bytes], None, None]:
    """Ordered results from a Dask cluster (a local one when no scheduler is given)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the optional extra
        raise TradeclaimsError('the dask engine needs: pip install "tradeclaims[dask]"') from exc
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    pending: deque[tuple[list[str], Task | bytes, Any]] = deque()

    def result(keys: list[str], unit: Task | bytes, future: Any) -> tuple[list[str], Any]:
        if isinstance(unit, bytes):
            return keys, unit
        try:
            return keys, future.result()
        except Exception as exc:  # KilledWorker and the like: report, go on
            return keys, [
                (error_line(d[0] or "<text>", WorkerDiedError(str(exc), source=d[0])), 0, False)
                for d in unit
            ]

    try:
        for keys, unit in units:
            future = (
                None if isinstance(unit, bytes) else client.submit(process_chunk, unit, pure=False)
            )
            pending.append((keys, unit, future))
            while len(pending) > workers * INFLIGHT_PER_WORKER:
                yield result(*pending.popleft())
        while pending:
            yield result(*pending.popleft())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
