"""Date normalization against a reference date: a rule table."""

from __future__ import annotations

from datetime import date

import pytest

from tradeclaims import Extractor
from tradeclaims.dates import DateNormalizer
from tradeclaims.lexicons import Lexicons

ANCHOR = date(2026, 1, 30)  # a Friday


@pytest.fixture(scope="module")
def norm(lex: Lexicons) -> DateNormalizer:
    return DateNormalizer(lex)


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("July 1, 2026", "2026-07-01", "date"),
        ("July1, 2020", "2020-07-01", "date"),
        ("1 July 2026", "2026-07-01", "date"),
        ("Aug. 27", "2025-08-27", "date"),
        ("January 28", "2026-01-28", "date"),
        ("26-FEB-1987", "1987-02-26", "date"),
        ("November 2025", "2025-11", "date"),
        ("2012", "2012", "date"),
        ("early 1990’s", "199X", "date"),
        ("the 1980s", "198X", "date"),
        ("21st century", "20XX", "date"),
        ("this week", "2026-W05", "date"),
        ("last week", "2026-W04", "date"),
        ("next year", "2027", "date"),
        ("last month", "2025-12", "date"),
        ("today", "2026-01-30", "date"),
        ("yesterday", "2026-01-29", "date"),
        ("last July", "2025-07", "date"),
        ("recent months", "PAST_REF", "vague"),
        ("six-year", "P6Y", "duration"),
        ("25-year-old", "P25Y", "duration"),
        ("more than four decades", "P40Y", "duration"),
        ("three months", "P3M", "duration"),
        ("every year", "P1Y", "set"),
        ("annually", "P1Y", "set"),
        ("first quarter", "2026-Q1", "date"),
    ],
)
def test_normalize(norm: DateNormalizer, text: str, value: str, kind: str) -> None:
    result = norm.normalize(text, ANCHOR)
    assert result is not None
    assert (result.value, result.kind) == (value, kind)


@pytest.mark.parametrize(
    ("text", "tense", "value"),
    [
        ("Monday", "past", "2026-01-26"),
        ("Monday", "future", "2026-02-02"),
        ("Monday", None, "2026-02-02"),  # no tense: the nearer Monday
        ("Thursday", None, "2026-01-29"),
        ("last Friday", None, "2026-01-23"),
        ("next Friday", None, "2026-02-06"),
        ("Friday morning", "past", "2026-01-30TMO"),
        ("last night", None, "2026-01-29TNI"),
        ("two weeks ago", None, "2026-W03"),
        ("a year earlier", None, "2025"),
        ("third-quarter", None, "2026-Q3"),
        ("Feb. 1", None, "2026-02-01"),
        ("November", None, "2025-11"),
    ],
)
def test_relative_with_tense(
    norm: DateNormalizer, text: str, tense: str | None, value: str
) -> None:
    result = norm.normalize(text, ANCHOR, tense=tense)
    assert result is not None and result.value == value


@pytest.mark.parametrize("text", ["this week", "January 28", "Monday", "today"])
def test_relative_dates_without_anchor_get_no_value(norm: DateNormalizer, text: str) -> None:
    result = norm.normalize(text, None)
    assert result is not None and result.value is None


def test_anaphoric_date_and_year_ranges(extractor: Extractor) -> None:
    text = "A statement issued January 28 said they met that day. She served from 2012 to 2021."
    dates = {d.text: d.value for d in extractor(text, published="2026-01-30").dates}
    assert dates == {
        "January 28": "2026-01-28",
        "that day": "2026-01-28",
        "2012": "2012",
        "2021": "2021",
    }


def test_without_published_date_relative_values_are_null(extractor: Extractor) -> None:
    result = extractor("The ministers met this week and will meet again on July 1, 2026.")
    values = {d.text: d.value for d in result.dates}
    assert values["this week"] is None
    assert values["July 1, 2026"] == "2026-07-01"
    assert result.article.published_source == "none"


def test_publication_date_is_inferred_from_the_latest_stated_date(extractor: Extractor) -> None:
    text = "The pact took effect on July 1, 2020. On March 3, 2021 the ministers met; they meet again next week."
    result = extractor(text)
    assert result.article.published_source == "inferred"
    assert str(result.article.published) == "2021-03-03"
    values = {d.text: d.value for d in result.dates}
    assert values["next week"] == "2021-W10"
