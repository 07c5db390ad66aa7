"""Properties: for any text, extraction returns a valid model and every span is exact."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradeclaims import ArticleExtraction, Extractor

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
NEWSY = st.sampled_from(
    [
        "U.S.", "Trade Representative", "Jamieson Greer", "said", "agreed to", "$5.2 billion", "300 mln dlrs",
        "July1, 2020", "this week", "(USTR)", "“", "”", "\n\n", "\r\n", "Canada", "NAFTA", "6.3%", "more than",
        "urges", "the", ",", ".", "\u00a0", "\ufeff", "Ambassador", "will", "not", "0", "CalChamber",
    ]
)  # fmt: skip


def _check(result: ArticleExtraction, text: str) -> None:
    data: dict[str, Any] = result.model_dump()
    spans = []
    for cat in ("people", "organizations", "places", "agreements"):
        spans += [m for e in data[cat] for m in e["mentions"]]
    for cat in ("dates", "money", "percentages", "quantities"):
        spans += data[cat]
    for claim in data["claims"]:
        spans += [
            s for s in (claim["trigger"], claim["sentence"], claim["action"], claim["quote"]) if s
        ]
    for span in spans:
        assert 0 <= span["start"] <= span["end"] <= len(text)
        assert text[span["start"] : span["end"]] == span["text"]
    ArticleExtraction.model_validate_json(result.model_dump_json())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_any_unicode_text(extractor: Extractor, text: str) -> None:
    _check(extractor(text), text)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(NEWSY, max_size=40).map(" ".join))
def test_newsy_fragments(extractor: Extractor, text: str) -> None:
    _check(extractor(text, published="2026-01-30"), text)
