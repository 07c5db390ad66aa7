"""Readers and scorers of the public evaluation sets (CoNLL-2003, TimeML)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradeclaims.evaluation.public import (
    evaluate_conll,
    evaluate_timeml,
    read_conll,
    read_timeml,
    same_notation,
)

from ..conftest import ROOT, SHARED

CONLL_SAMPLE = """-DOCSTART- -X- O O

EU NNP I-NP I-ORG
rejects VBZ I-VP O
German JJ I-NP I-MISC
call NN I-NP O
. . O O

Peter NNP I-NP I-PER
Blackburn NNP I-NP I-PER
met IN I-PP O
officials NNS I-NP O
in IN I-PP O
Brussels NNP I-NP I-LOC
. . O O

-DOCSTART- -X- O O

Japan NNP I-NP B-LOC
"""

TIMEML_SAMPLE = """<?xml version="1.0" ?>
<TimeML><DOCID>x</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>It was a bad <TIMEX3 tid="t1" type="DURATION" value="P1W">week</TIMEX3> for <EVENT eid="e1">Asia</EVENT> &amp; on <TIMEX3 tid="t2" type="DATE" value="1998-01-05">Monday</TIMEX3> stocks fell.</TEXT>
</TimeML>
"""


def test_read_conll(tmp_path: Path) -> None:
    path = tmp_path / "sample.txt"
    path.write_text(CONLL_SAMPLE, encoding="utf-8")
    first, second = read_conll(path)
    assert first.text == "EU rejects German call .\nPeter Blackburn met officials in Brussels ."
    assert [(first.text[s:e], t) for s, e, t in first.spans] == [
        ("EU", "ORG"), ("Peter Blackburn", "PER"), ("Brussels", "LOC"),
    ]  # fmt: skip
    assert [(second.text[s:e], t) for s, e, t in second.spans] == [("Japan", "LOC")]


def test_read_timeml(tmp_path: Path) -> None:
    path = tmp_path / "a.tml"
    path.write_text(TIMEML_SAMPLE, encoding="utf-8")
    doc = read_timeml(path)
    assert doc.anchor == "1998-01-08"
    assert doc.text == "It was a bad week for Asia & on Monday stocks fell."
    assert [(doc.text[s:e], doc.values[(s, e)]) for s, e, _ in doc.spans] == [
        ("week", "P1W"), ("Monday", "1998-01-05"),
    ]  # fmt: skip


def test_evaluate_timeml_sample(tmp_path: Path) -> None:
    (tmp_path / "a.tml").write_text(TIMEML_SAMPLE, encoding="utf-8")
    report = evaluate_timeml(tmp_path)
    assert report["documents"] == 1 and report["timexes"] == 2
    ours = report["tradeclaims"]
    assert ours["relaxed"]["tp"] >= 1
    assert {"strict", "relaxed", "value", "value_same_notation", "value_accuracy"} <= ours.keys()


@pytest.mark.parametrize(
    ("gold", "ours", "same"),
    [
        ("2000-W7", "2000-W07", True),
        ("197", "197X", True),
        ("19", "19XX", True),
        ("1949-XX", "1949", False),  # a month of 1949 is not the year 1949
        ("1989-Q3", "1988-Q3", False),
    ],
)
def test_same_notation(gold: str, ours: str, same: bool) -> None:
    assert (same_notation(gold) == same_notation(ours)) is same


@pytest.mark.skipif(not (SHARED / "eval" / "conll2003").is_dir(), reason="CoNLL-2003 absent")
def test_conll_dev_set_beats_the_plain_model_on_a_sample() -> None:
    report = evaluate_conll(SHARED / "eval" / "conll2003" / "valid.txt", limit=40)
    for kind in ("PER", "ORG"):
        assert report["tradeclaims"][kind]["f1"] >= report["plain"][kind]["f1"], kind


TIMEML = SHARED / "eval" / "timeml"


@pytest.mark.skipif(not TIMEML.is_dir(), reason=f"{TIMEML} not present")
def test_timeml_halves_are_the_listed_ones() -> None:
    import json

    from tradeclaims.evaluation.public import timeml_files

    listed = json.loads((ROOT / "gold" / "timeml_halves.json").read_text())
    for half in ("tuning", "reporting"):
        got = [f.relative_to(TIMEML).as_posix() for f in timeml_files(TIMEML, half)]
        assert got == listed[half]
    assert not set(listed["tuning"]) & set(listed["reporting"])
    assert len(listed["tuning"]) + len(listed["reporting"]) == len(timeml_files(TIMEML))
