"""The annotated corpus: the frozen test split is unchanged, every gold file reads against
its text, and the splits are as large as the claims issue asks."""

from __future__ import annotations

import hashlib
import json

import pytest

from tradeclaims.evaluation.gold import load_gold

from ..conftest import ROOT, SHARED

MANIFEST = json.loads((ROOT / "gold" / "splits.json").read_text(encoding="utf-8"))
SPLITS = MANIFEST["splits"]


@pytest.mark.parametrize("row", SPLITS["test"], ids=lambda r: r["gold"].rsplit("/", 1)[-1])
def test_test_split_is_frozen(row: dict[str, str]) -> None:
    data = (ROOT / row["gold"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == row["gold_sha256"]
    assert json.loads(data)["text_sha256"] == row["text_sha256"]


def test_no_article_is_in_two_splits() -> None:
    seen: dict[str, str] = {}
    for split, rows in SPLITS.items():
        for row in rows:
            assert row["gold"] not in seen, (row["gold"], seen.get(row["gold"]), split)
            seen[row["gold"]] = split


def test_split_sizes() -> None:
    test = [json.loads((ROOT / r["gold"]).read_text(encoding="utf-8")) for r in SPLITS["test"]]
    assert len(test) >= 20
    assert sum(c["required"] for g in test for c in g["claims"]) >= 200
    assert {g["text_file"].split("/")[-2] for g in test} == {"modern_trade", "reuters_trade"}
    every = [r for rows in SPLITS.values() for r in rows]
    claims = sum(len(json.loads((ROOT / r["gold"]).read_text())["claims"]) for r in every)
    assert claims >= 800


@pytest.mark.skipif(not (SHARED / "corpora").is_dir(), reason="../shared is absent")
@pytest.mark.parametrize(
    "row", [r for rows in SPLITS.values() for r in rows], ids=lambda r: r["gold"].rsplit("/", 1)[-1]
)
def test_gold_reads_against_its_text(row: dict[str, str]) -> None:
    gold, text = load_gold(ROOT / row["gold"])  # checks every span and the text's checksum
    for claim in gold["claims"]:
        s, e = claim["sentence"][:2]
        assert text[s:e] == claim["sentence_text"]
