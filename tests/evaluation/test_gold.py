"""The evaluator's counting rules, on small hand-made gold and predictions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tradeclaims import ArticleExtraction, GoldFormatError
from tradeclaims.evaluation.gold import Counts, load_gold, score_article

TEXT = "Greer met Ebrard in Mexico on Monday. Mexico agreed to talk."


def _pred(**lists: Any) -> ArticleExtraction:
    return ArticleExtraction.model_validate(
        {"article": {"id": "x", "char_count": len(TEXT)}, **lists}
    )


def _gold(**lists: Any) -> dict[str, Any]:
    return {"text_file": "a.txt", "published": "2026-01-30", **lists}


def test_counts() -> None:
    c = Counts(tp=3, fp=1, fn=2)
    assert (round(c.precision, 2), round(c.recall, 2), round(c.f1, 3)) == (0.75, 0.6, 0.667)
    assert Counts().precision == 1.0


def test_entity_mentions_exact_and_partial() -> None:
    gold = _gold(places=[{"name": "Mexico", "mentions": [[20, 26, "Mexico"], [38, 44, "Mexico"]]}])
    pred = _pred(places=[{"id": "L1", "name": "Mexico", "mentions": [
        {"start": 17, "end": 26, "text": "in Mexico"},
        {"start": 38, "end": 44, "text": "Mexico"},
    ]}])  # fmt: skip
    scores = score_article(gold, pred)
    assert (scores.exact["places"].tp, scores.exact["places"].fp, scores.exact["places"].fn) == (
        1,
        1,
        1,
    )
    assert (scores.partial["places"].tp, scores.partial["places"].fp) == (2, 0)


def test_optional_items_are_neutral() -> None:
    gold = _gold(
        dates=[
            {"span": [30, 36, "Monday"], "value": "2026-01-26", "kind": "date", "required": False}
        ]
    )
    assert score_article(gold, _pred()).exact["dates"].fn == 0
    found = _pred(
        dates=[{"start": 30, "end": 36, "text": "Monday", "value": "2026-01-26", "kind": "date"}]
    )
    scores = score_article(gold, found)
    # right for precision, not counted for recall
    assert (scores.exact["dates"].tp, scores.exact["dates"].tp_optional) == (0, 1)
    assert scores.exact["dates"].precision == 1.0
    assert scores.attributes["dates.value"].accuracy == 1.0


def test_claims_need_kind_sentence_and_a_shared_actor() -> None:
    gold = _gold(claims=[{
        "id": "C1", "kind": "commitment", "trigger": "agreed", "actors": ["Mexico"], "targets": [],
        "sentence": [38, 61], "required": True,
    }])  # fmt: skip
    claim = {
        "id": "C1", "kind": "commitment", "actors": ["Mexico"],
        "trigger": {"start": 45, "end": 51, "text": "agreed"},
        "sentence": {"start": 38, "end": 61, "text": TEXT[38:61]},
    }  # fmt: skip
    assert score_article(gold, _pred(claims=[claim])).exact["claims"].tp == 1
    wrong_kind = {**claim, "kind": "report"}
    scores = score_article(gold, _pred(claims=[wrong_kind]))
    assert (scores.exact["claims"].tp, scores.exact["claims"].fp, scores.exact["claims"].fn) == (
        0,
        1,
        1,
    )


def test_gold_span_mismatch_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    gold = _gold(people=[{"name": "Greer", "mentions": [[0, 5, "Gree"]]}])
    path = tmp_path / "a.gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"TC105.*Gree"):
        load_gold(path)
