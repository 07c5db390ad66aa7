"""Robustness on real wire copy from ../shared (skipped where the corpus is absent)."""

from __future__ import annotations

import pytest

from tradeclaims import Extractor

from .conftest import SHARED, annotated_files
from .pipeline.test_properties import _check

CORPUS = SHARED / "corpora" / "reuters_trade"
SAMPLE_SIZE = 60


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} not present")
def test_reuters_sample_never_crashes_and_spans_are_exact(extractor: Extractor) -> None:
    # the annotated corpus's articles are scored, not used as robustness input
    files = [f for f in sorted(CORPUS.glob("*.txt")) if f.name not in annotated_files()]
    files = files[:SAMPLE_SIZE]
    texts = [f.read_text(encoding="utf-8") for f in files]
    results = list(extractor.pipe(texts))
    assert len(results) == len(texts)
    for text, result in zip(texts, results, strict=True):
        _check(result, text)
    assert sum(len(r.money) for r in results) > 0
    assert sum(len(r.claims) for r in results) > 0


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} not present")
def test_benchmark_reports_every_run() -> None:
    pytest.importorskip("psutil")
    from tradeclaims.evaluation.bench import run_benchmark

    stages: list[tuple[str, int, int]] = []
    report = run_benchmark(
        CORPUS, limit=4, workers=2, passes=2, progress=lambda *a: stages.append(a)
    )
    assert [r["run"] for r in report["rows"]] == [
        "plain en_core_web_sm, 1 process",
        "plain en_core_web_sm, 2 processes",
        "tradeclaims, 1 process",
        "tradeclaims batch, 2 workers",
    ]
    assert all(r["words_per_second"] > 0 for r in report["rows"])
    assert len(report["memory_after_each_pass_mb"]) == 2
    assert report["rows"][3]["mem"]["worker_mb"] > 0
    # issue #15: only the figures it measured (no 'peak MB per worker 0' for one process) ...
    assert [r["mem"]["worker_mb"] is None for r in report["rows"]] == [True, False, True, False]
    # ... and progress through every stage (it printed nothing for its whole run)
    assert [s[1] for s in stages] == [0, 1, 2, 3, 4, 5] and stages[-1] == ("done", 5, 5)
