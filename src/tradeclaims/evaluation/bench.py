"""Throughput and memory of the full extraction against plain spaCy, in the same run."""

from __future__ import annotations

import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import spacy

from ..api import Extractor
from ..errors import TradeclaimsError
from ..io.batch import run_batch
from ..pipeline.loading import base_model_name, load

#: The batch size of every run, plain and tradeclaims alike (the pipeline config's).
BATCH_SIZE = 64
#: How often the memory sampler looks at the processes (seconds).
SAMPLE_INTERVAL = 0.2
MB = 1024 * 1024


#: Called before each stage of the benchmark: (what runs next, stages done, stages in all).
BenchProgress = Callable[[str, int, int], None]


@contextmanager
def _peak_rss(workers: bool = True) -> Iterator[dict[str, float | None]]:
    """Peak resident memory (MB) of this process and, separately, of each child process;
    ``worker_mb`` is None for a run without worker processes (nothing was measured)."""
    try:
        import psutil
    except ImportError as exc:
        raise TradeclaimsError("the benchmark needs psutil: pip install psutil") from exc
    me = psutil.Process()
    peaks: dict[int, float] = {}
    main_peak = [me.memory_info().rss / MB]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            main_peak[0] = max(main_peak[0], me.memory_info().rss / MB)
            for child in me.children(recursive=True):
                try:
                    rss = child.memory_info().rss / MB
                except psutil.Error:
                    continue
                peaks[child.pid] = max(peaks.get(child.pid, 0.0), rss)
            stop.wait(SAMPLE_INTERVAL)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out: dict[str, float | None] = {}
    try:
        yield out
    finally:
        stop.set()
        thread.join()
        out["main_mb"] = round(main_peak[0], 1)
        # the busiest children are the workers (the resource tracker stays small)
        out["worker_mb"] = round(max(peaks.values()), 1) if peaks and workers else None


def _drain(items: Iterable[Any]) -> None:
    """Consume a stream keeping nothing: how a user processes a corpus."""
    deque(items, maxlen=0)


def _timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def run_benchmark(
    corpus: Path,
    *,
    limit: int | None = None,
    workers: int = 2,
    passes: int = 3,
    progress: BenchProgress | None = None,
) -> dict[str, Any]:
    """Words per second of plain ``nlp.pipe`` (streamed, nothing kept, the same batch size)
    and of tradeclaims, one process and
    ``workers`` processes, peak memory per worker, and memory after each of ``passes``
    passes over the corpus. The corpus is a folder of UTF-8 ``.txt`` files. ``progress`` is
    called before each stage."""
    total = 3 + passes
    done = [0]

    def stage(name: str) -> None:
        if progress is not None:
            progress(name, done[0], total)
        done[0] += 1

    files = sorted(corpus.glob("*.txt"))[:limit]
    if not files:
        raise TradeclaimsError("no .txt files", source=str(corpus))
    texts = [f.read_text(encoding="utf-8") for f in files]
    words = sum(len(t.split()) for t in texts)
    rows: list[dict[str, Any]] = []

    plain = spacy.load(base_model_name())
    stage("plain en_core_web_sm, 1 process")
    with _peak_rss(workers=False) as mem:
        seconds = _timed(lambda: _drain(plain.pipe(texts, batch_size=BATCH_SIZE)))
    rows.append({"run": "plain en_core_web_sm, 1 process", "seconds": seconds, "mem": mem})
    stage(f"plain en_core_web_sm, {workers} processes")
    with _peak_rss() as mem:
        seconds = _timed(
            lambda: _drain(plain.pipe(texts, n_process=workers, batch_size=BATCH_SIZE))
        )
    rows.append(
        {"run": f"plain en_core_web_sm, {workers} processes", "seconds": seconds, "mem": mem}
    )

    extractor = Extractor(load())
    pass_memory = []
    with _peak_rss(workers=False) as mem:
        import psutil

        seconds = 0.0
        for i in range(passes):
            stage(f"tradeclaims, 1 process, pass {i + 1} of {passes}")
            seconds += _timed(lambda: _drain(extractor.pipe(texts, batch_size=BATCH_SIZE)))
            pass_memory.append(round(psutil.Process().memory_info().rss / MB, 1))
    rows.append({"run": "tradeclaims, 1 process", "seconds": seconds / passes, "mem": mem})
    stage(f"tradeclaims batch, {workers} workers")
    with tempfile.TemporaryDirectory() as tmp, _peak_rss() as mem:
        out = Path(tmp) / "out.jsonl"
        seconds = _timed(lambda: run_batch([str(f) for f in files], out, workers=workers))
    rows.append({"run": f"tradeclaims batch, {workers} workers", "seconds": seconds, "mem": mem})

    if progress is not None:
        progress("done", total, total)
    for row in rows:
        row["words_per_second"] = round(words / row["seconds"], 1)
        row["seconds"] = round(row["seconds"], 2)
    by = {r["run"]: r["words_per_second"] for r in rows}
    one = by["tradeclaims, 1 process"]
    return {
        "documents": len(texts),
        "words": words,
        "rows": rows,
        "ratio_vs_plain_1_process": round(one / by["plain en_core_web_sm, 1 process"], 3),
        "ratio_vs_plain_n_processes": round(
            by[f"tradeclaims batch, {workers} workers"]
            / by[f"plain en_core_web_sm, {workers} processes"],
            3,
        ),
        "speedup_workers": round(by[f"tradeclaims batch, {workers} workers"] / one, 3),
        "memory_after_each_pass_mb": pass_memory,
    }
