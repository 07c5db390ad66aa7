"""Batch processing: many inputs in, exactly one JSONL record per input document out.

Documents go to worker processes in small chunks (the pipeline is loaded once per worker);
results come back in input order and are written and flushed one record at a time, so a crash
leaves a valid JSONL prefix and ``resume`` can skip what is done. A worker that dies is
replaced; the document it was on gets an error record. The same worker function runs on a
Dask cluster with ``engine="dask"``.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import orjson

from ..errors import ExtractionError, TradeclaimsError, WorkerDiedError
from ..io.metadata import prepare
from ..io.readers import Document, InputFailure, read_inputs
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
    """Sources already present in an output file (for ``resume``); a truncated last line,
    left by a crash, is ignored and will be redone."""
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


def _drop_partial_line(output: Path) -> None:
    """Cut a half-written last line (a crash mid-write) so that appending stays valid JSONL."""
    if not output.exists():
        return
    data = output.read_bytes()
    if data and not data.endswith(b"\n"):
        with output.open("r+b") as stream:
            stream.truncate(data.rfind(b"\n") + 1)


def _units(
    items: Iterable[Document | InputFailure], skip: set[str], summary: BatchSummary
) -> Iterator[Task | bytes]:
    """Chunks of documents to extract, and ready error lines, in input order."""
    chunk: Task = []
    for item in items:
        source = item.source or ""
        if source in skip:
            summary.skipped += 1
            continue
        if isinstance(item, InputFailure):
            if chunk:
                yield chunk
                chunk = []
            yield error_line(source, item.error)
            continue
        extra = {name: getattr(item, name) for name in _EXTRA_FIELDS}
        chunk.append((item.source, item.published, item.title, item.text, extra))
        if len(chunk) >= CHUNK_DOCS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


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
    metadata: str | Path | None = None,
    year: int | None = None,
    keep_text: bool = False,
) -> BatchSummary:
    """Process every document of ``inputs`` into ``output`` (JSONL), one record per document:
    the extraction, or an error record. Returns the summary; raises only for usage errors.

    ``metadata`` names a table of publication dates, titles and URLs (see
    :mod:`tradeclaims.io.metadata`); ``year`` anchors wire datelines that give only a month and
    day; ``keep_text`` keeps each article's text in its record."""
    out_path = Path(output)
    workers = max(1, workers or os.cpu_count() or 1)
    summary = BatchSummary()
    skip: set[str] = set()
    if resume:
        _drop_partial_line(out_path)
        skip = done_sources(out_path)
    documents = prepare(
        read_inputs(inputs, fields=fields), metadata=metadata, year=year, keep_text=keep_text
    )
    units = _units(documents, skip, summary)
    if engine == "dask":
        results = _run_dask(units, workers, scheduler)
    elif workers == 1:
        results = (u if isinstance(u, bytes) else process_chunk(u) for u in units)
    else:
        results = _run_pool(units, workers)
    started = time.perf_counter()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("ab" if resume else "wb") as stream:
        for result in results:
            lines = [(result, 0, False)] if isinstance(result, bytes) else result
            for line, words, ok in lines:
                stream.write(line + b"\n")
                stream.flush()
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


def _run_pool(units: Iterator[Task | bytes], workers: int) -> Iterator[Output | bytes]:
    """Ordered results from a process pool; survives workers that die."""
    pool = ProcessPoolExecutor(max_workers=workers)
    pending: deque[tuple[Task | bytes, Future[Output] | None]] = deque()
    try:
        for unit in units:
            pending.append(
                (unit, None if isinstance(unit, bytes) else pool.submit(process_chunk, unit))
            )
            while len(pending) > workers * INFLIGHT_PER_WORKER:
                pool = yield from _drain_one(pending, pool, workers)
        while pending:
            pool = yield from _drain_one(pending, pool, workers)
    finally:
        pool.shutdown(cancel_futures=True)


def _drain_one(
    pending: deque[tuple[Task | bytes, Future[Output] | None]],
    pool: ProcessPoolExecutor,
    workers: int,
) -> Generator[Output | bytes, None, ProcessPoolExecutor]:
    unit, future = pending.popleft()
    if future is None:
        assert isinstance(unit, bytes)
        yield unit
        return pool
    try:
        yield future.result()
        return pool
    except BrokenProcessPool:
        pass
    # A worker died: every in-flight task failed with it. Redo this chunk one document at a
    # time in fresh pools, so that only the document that kills a worker is reported, then
    # resubmit the rest.
    pool.shutdown(cancel_futures=True)
    assert not isinstance(unit, bytes)
    out: Output = []
    for doc in unit:
        solo = ProcessPoolExecutor(max_workers=1)
        try:
            out += solo.submit(process_chunk, [doc]).result()
        except BrokenProcessPool:
            error = WorkerDiedError("the worker process died on this document", source=doc[0])
            out.append((error_line(doc[0] or "<text>", error), len(doc[3].split()), False))
        finally:
            solo.shutdown(cancel_futures=True)
    pool = ProcessPoolExecutor(max_workers=workers)
    for i, (other, fut) in enumerate(pending):
        if fut is not None:
            assert not isinstance(other, bytes)
            pending[i] = (other, pool.submit(process_chunk, other))
    yield out
    return pool


def _run_dask(
    units: Iterator[Task | bytes], workers: int, scheduler: str | None
) -> Iterator[Output | bytes]:
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
    pending: deque[tuple[Task | bytes, Any]] = deque()

    def result(unit: Task | bytes, future: Any) -> Output | bytes:
        if isinstance(unit, bytes):
            return unit
        try:
            return future.result()  # type: ignore[no-any-return]
        except Exception as exc:  # KilledWorker and the like: report, go on
            return [
                (error_line(d[0] or "<text>", WorkerDiedError(str(exc), source=d[0])), 0, False)
                for d in unit
            ]

    try:
        for unit in units:
            future = (
                None if isinstance(unit, bytes) else client.submit(process_chunk, unit, pure=False)
            )
            pending.append((unit, future))
            while len(pending) > workers * INFLIGHT_PER_WORKER:
                yield result(*pending.popleft())
        while pending:
            yield result(*pending.popleft())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
