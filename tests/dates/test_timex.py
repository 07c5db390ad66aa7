"""Date normalization against a reference date (timex.py): rule tables."""

from __future__ import annotations

from datetime import date

import pytest

from tradeclaims.dates.timex import DateNormalizer
from tradeclaims.rules.lexicons import Lexicons

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
        ("the 1988 third quarter", "1988-Q3", "date"),
        ("the year-ago third quarter", "2025-Q3", "date"),
        ("February this year", "2026-02", "date"),
        ("April next year", "2027-04", "date"),
        ("nineteen ninety-seven", "1997", "date"),
        ("the year two thousand", "2000", "date"),
        ("Thanksgiving Day", "2025-11-27", "date"),
        ("Christmas", "2025-12-25", "date"),
        ("this summer", "2026-SU", "date"),
        ("last fall", "2025-FA", "date"),
        ("the winter of nineteen ninety-four", "1994-WI", "date"),
        ("10 p.m. Wednesday", "2026-01-28T22:00", "date"),
        ("noon Thursday", "2026-01-29T12:00", "date"),
        ("Friday, Oct. 13", "2025-10-13", "date"),
        ("the weekend", "2026-W04-WE", "date"),
        ("almost four years ago", "2022", "date"),
        ("a decade ago", "2016", "date"),
        ("a week or so ago", "2026-W04", "date"),
        ("the last half of 1989", "1989-H2", "date"),
        ("the current quarter", "2026-Q1", "date"),
        ("three quarters", "P9M", "duration"),
        ("quarterly", "P3M", "set"),
        ("each Thursday", "XXXX-WXX-4", "set"),
        ("every July", "XXXX-07", "set"),
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
        ("fourth quarter", "past", "2025-Q4"),  # reported in January: last year's
        ("fourth quarter", None, "2026-Q4"),
        ("earlier Wednesday", None, "2026-01-28"),
        ("Feb. 1", "future", "2026-02-01"),
        ("December 1", "future", "2026-12-01"),  # a future verb moves it after the anchor
        ("the weekend", "future", "2026-W05-WE"),
    ],
)
def test_relative_with_tense(
    norm: DateNormalizer, text: str, tense: str | None, value: str
) -> None:
    result = norm.normalize(text, ANCHOR, tense=tense)
    assert result is not None and result.value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("this week", None),
        # issue #15: a month and day without a year keep what they say (TIMEX3's XXXX year)
        ("January 28", "XXXX-01-28"),
        ("March 26", "XXXX-03-26"),
        ("Monday", None),
        ("today", None),
    ],
)
def test_relative_dates_without_anchor(norm: DateNormalizer, text: str, value: str | None) -> None:
    result = norm.normalize(text, None)
    assert result is not None and result.value == value
