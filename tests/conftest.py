"""Shared fixtures: one pipeline per test session, the golden article, the shared data."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from tradeclaims import Extractor, load
from tradeclaims.rules.lexicons import Lexicons

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
GOLDEN_ID = "000_fc27b4d59fbba681"


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    return load()


@pytest.fixture(scope="session")
def extractor(nlp) -> Extractor:  # type: ignore[no-untyped-def]
    return Extractor(nlp)


@pytest.fixture(scope="session")
def rules_extractor() -> Extractor:
    """The rule claims alone: the pipeline without the trained claim decision."""
    return Extractor(load(exclude=("tradeclaims_claim_kinds",)))


@pytest.fixture(scope="session")
def lex() -> Lexicons:
    return Lexicons.load()


@pytest.fixture(scope="session")
def golden_text() -> str:
    return (FIXTURES / f"{GOLDEN_ID}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def golden_result(extractor: Extractor, golden_text: str):  # type: ignore[no-untyped-def]
    return extractor(golden_text, published="2026-01-30", source=f"{GOLDEN_ID}.txt")


def gold_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.gold.json"))


@cache
def annotated_files() -> frozenset[str]:
    """File names of the articles of the annotated corpus (gold/selection.json)."""
    sel = json.loads((ROOT / "gold" / "selection.json").read_text(encoding="utf-8"))
    return frozenset(x["file"] for split in sel["splits"].values() for x in split)


def gold_texts() -> list[tuple[str, str | None]]:
    """(text, published) of every fixture gold file whose text is present."""
    from tradeclaims.evaluation.gold import load_gold

    out = []
    for path in gold_files():
        try:
            gold, text = load_gold(path)
        except Exception:  # the text under ../shared is absent
            continue
        out.append((text, gold.get("published")))
    return out
