"""Training the claim decision: labels from gold, deterministic fitting, the JSON model."""

from __future__ import annotations

import pytest

from tradeclaims.claims.model import NONE, KindModel, to_json
from tradeclaims.training import claims as training

from ..conftest import ROOT, SHARED

TEXT = "Japan said the duties would hurt its farmers. Trade rose."


def _cand(start: int, end: int, trig: tuple[int, int], action: tuple[int, int] | None) -> dict:  # type: ignore[type-arg]
    return {
        "claim": {
            "sentence": {"start": start, "end": end},
            "trigger": {"start": trig[0], "end": trig[1]},
            "action": {"start": action[0], "end": action[1]} if action else None,
        },
        "features": {},
    }


@pytest.mark.parametrize(
    ("gold_trigger", "expected"),
    [
        # the gold trigger is the candidate's own trigger
        ("said", ["position", NONE, NONE]),
        # the gold trigger lies in the content of "said", and is the inner verb's own trigger:
        # the inner candidate takes the label (own trigger first)
        ("would hurt", [NONE, "position", NONE]),
    ],
)
def test_labels_from_gold(gold_trigger: str, expected: list[str]) -> None:
    golds = [{"kind": "position", "trigger": gold_trigger, "sentence": [0, 45]}]
    cands = [
        _cand(0, 45, (6, 10), (11, 44)),  # said
        _cand(0, 45, (28, 33), (34, 44)),  # hurt (inner verb)
        _cand(46, 57, (52, 56), None),  # rose: another sentence
    ]
    assert training.label_candidates(TEXT, golds, cands) == expected


def test_a_gold_claim_labels_one_candidate() -> None:
    golds = [{"kind": "report", "trigger": "rose", "sentence": [46, 57]}]
    cands = [_cand(46, 57, (52, 56), None), _cand(46, 57, (52, 56), None)]
    assert training.label_candidates(TEXT, golds, cands) == ["report", NONE]


def test_model_json_decides() -> None:
    data = to_json(
        ["commitment", NONE, "position"],
        ["bias", "cue=will"],
        [[0.0, 3.0], [1.0, 0.0], [0.5, 0.0]],
        [0.0, 0.0, 0.0],
        0.5,
        {},
    )
    model = KindModel.from_json(data)
    assert model.decide({"bias": 1.0})[0] == NONE
    assert model.decide({"bias": 1.0, "cue=will": 1.0})[0] == "commitment"


MANIFEST = ROOT / "gold" / "splits.json"


@pytest.mark.skipif(not (SHARED / "corpora").is_dir(), reason="../shared is absent")
def test_fitting_is_deterministic(nlp) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("sklearn")
    import spacy  # noqa: F401

    rules = training.load(exclude=("tradeclaims_claim_kinds",))
    rules.get_pipe("tradeclaims_claims").propose = True
    paths = training.split_files(MANIFEST, "train")[:4]
    articles = training.read_articles(rules, paths)
    assert sum(len(a.candidates) for a in articles) > 20
    assert any(lab != NONE for a in articles for lab in a.labels)
    first = training.fit(articles, 1.0, 0.5)
    second = training.fit(training.read_articles(rules, paths), 1.0, 0.5)
    assert first == second
    assert first["meta"]["train_articles"] == 4
