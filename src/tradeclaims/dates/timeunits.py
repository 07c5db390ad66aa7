"""Calendar arithmetic on TIMEX3 values: moving a date by whole units, the date of a
holiday in a year, the ISO 8601 spelling of a duration."""

from __future__ import annotations

import re
from datetime import date, timedelta


def anchor_shift(anchor: date, unit: str, n: int) -> tuple[str | None, str | None]:
    """The value and granularity of the calendar unit ``n`` units away from ``anchor``
    ("two weeks ago": unit "W", n -2)."""
    if unit == "D":
        return (anchor + timedelta(days=n)).isoformat(), "day"
    if unit == "W":
        y, w, _ = (anchor + timedelta(weeks=n)).isocalendar()
        return f"{y}-W{w:02d}", "week"
    if unit == "M":
        month0 = anchor.year * 12 + anchor.month - 1 + n
        return f"{month0 // 12}-{month0 % 12 + 1:02d}", "month"
    if unit == "Q":
        q0 = anchor.year * 4 + (anchor.month - 1) // 3 + n
        return f"{q0 // 4}-Q{q0 % 4 + 1}", "quarter"
    if unit == "Y":
        return str(anchor.year + n), "year"
    if unit == "DE":
        return f"{anchor.year // 10 + n}X", "decade"
    return None, None


def holiday(rule: dict[str, int], year: int) -> date:
    """The day a holiday rule gives in ``year``: a fixed month and day, or the nth (or last,
    nth -1) weekday of a month, plus an offset in days."""
    if "day" in rule:
        return date(year, rule["month"], rule["day"])
    nth, weekday = rule["nth"], rule["weekday"]
    if nth > 0:
        first = date(year, rule["month"], 1)
        day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    else:  # the last such weekday of the month
        nxt = date(year + rule["month"] // 12, rule["month"] % 12 + 1, 1)
        last = nxt - timedelta(days=1)
        day = last - timedelta(days=(last.weekday() - weekday) % 7)
    return day + timedelta(days=rule.get("offset", 0))


def shift_value(value: str, unit: str, n: int) -> str | None:
    """Move a TIMEX3 value by ``n`` units of its own kind ("1989-Q3" by -4 quarters ->
    "1988-Q3"); None when the value is not a calendar date of that unit, or the result is
    outside years 1-9999."""
    try:
        shifted = _shift_value(value, unit, n)
    except (OverflowError, ValueError):
        return None
    if shifted is None or not (m := re.match(r"(\d+)", shifted)):
        return shifted
    year = int(m.group(1))
    return f"{year:04d}{shifted[m.end() :]}" if 1 <= year <= 9999 else None


def _shift_value(value: str, unit: str, n: int) -> str | None:
    if unit == "D" and (m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})", value)):
        return (date.fromisoformat(m.group(1)) + timedelta(days=n)).isoformat()
    if unit == "M" and (m := re.fullmatch(r"(\d{4})-(\d{2})", value)):
        month0 = int(m.group(1)) * 12 + int(m.group(2)) - 1 + n
        return f"{month0 // 12}-{month0 % 12 + 1:02d}"
    if unit == "Q" and (m := re.fullmatch(r"(\d{4})-Q([1-4])", value)):
        q0 = int(m.group(1)) * 4 + int(m.group(2)) - 1 + n
        return f"{q0 // 4}-Q{q0 % 4 + 1}"
    if unit == "Y" and (m := re.match(r"(\d{4})", value)):
        return str(int(m.group(1)) + n)
    return None


def duration_value(n: int | None, unit: str) -> str:
    """ISO 8601 duration of ``n`` units ("six-year" -> P6Y); X for an unknown count."""
    amount = "X" if n is None else str(n)
    if unit == "DE":
        return f"P{n * 10}Y" if n is not None else "PXDE"
    if unit == "CE":
        return f"P{n * 100}Y" if n is not None else "PXCE"
    if unit == "Q":  # ISO 8601 has no quarter designator: "three quarters" -> P9M
        return f"P{n * 3}M" if n is not None else "PXQ"
    if unit in ("H", "MIN"):
        return f"PT{amount}{'H' if unit == 'H' else 'M'}"
    return f"P{amount}{unit}"
