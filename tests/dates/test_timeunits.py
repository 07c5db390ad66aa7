"""Calendar arithmetic on TIMEX3 values (timeunits.py)."""

from __future__ import annotations

from datetime import date

import pytest

from tradeclaims.dates.timeunits import anchor_shift, duration_value, holiday, shift_value


@pytest.mark.parametrize(
    ("value", "unit", "n", "expected"),
    [
        ("1989-Q3", "Q", -4, "1988-Q3"),
        ("1989-Q1", "Q", -1, "1988-Q4"),
        ("2026-01", "M", -1, "2025-12"),
        ("2026-02-28", "D", 1, "2026-03-01"),
        ("1994", "Y", 1, "1995"),
        ("2026-W05", "Q", -4, None),  # a week is not a quarter
    ],
)
def test_shift_value(value: str, unit: str, n: int, expected: str | None) -> None:
    assert shift_value(value, unit, n) == expected


@pytest.mark.parametrize(
    ("unit", "n", "expected"),
    [
        ("D", -1, ("2026-01-29", "day")),
        ("W", -2, ("2026-W03", "week")),
        ("Q", -1, ("2025-Q4", "quarter")),
        ("DE", 0, ("202X", "decade")),
    ],
)
def test_anchor_shift(unit: str, n: int, expected: tuple[str, str]) -> None:
    assert anchor_shift(date(2026, 1, 30), unit, n) == expected


@pytest.mark.parametrize(
    ("rule", "year", "expected"),
    [
        ({"month": 11, "weekday": 3, "nth": 4}, 2025, date(2025, 11, 27)),  # Thanksgiving
        ({"month": 5, "weekday": 0, "nth": -1}, 2026, date(2026, 5, 25)),  # Memorial Day
        ({"month": 11, "weekday": 0, "nth": 1, "offset": 1}, 2026, date(2026, 11, 3)),
        ({"month": 12, "day": 25}, 1998, date(1998, 12, 25)),
    ],
)
def test_holiday(rule: dict[str, int], year: int, expected: date) -> None:
    assert holiday(rule, year) == expected


@pytest.mark.parametrize(
    ("n", "unit", "expected"),
    [(6, "Y", "P6Y"), (4, "DE", "P40Y"), (3, "Q", "P9M"), (None, "Y", "PXY"), (2, "H", "PT2H")],
)
def test_duration_value(n: int | None, unit: str, expected: str) -> None:
    assert duration_value(n, unit) == expected
