"""One temporal expression to a TIMEX3 value: the normalizer the date extractor calls.

The words it reads (months, units, vague and anaphoric expressions, holidays ...) come from
``models/lexicons/temporal.json``; this module holds only the arithmetic."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..dates.timeunits import anchor_shift, duration_value, holiday
from ..rules.lexicons import Lexicons

#: A month-day date without a year is put in the year that brings it near the anchor; news
#: reports the past more than the future, so the window reaches this many days ahead and the
#: rest of the year back (measured on TimeBank: "Feb. 1" written in late October is ahead).
FUTURE_WINDOW_DAYS = 120


@dataclass
class Normalized:
    value: str | None
    kind: str
    granularity: str | None
    relative: bool
    #: for an anaphoric expression: the unit and shift against the date just referred to
    #: ("the following year" -> ("Y", 1)); ``value`` is then the fallback against the anchor
    ref: tuple[str, int] | None = None


_LEADING_YEAR_RE = re.compile(r"^(\d+)(?=-|T|$)")
_LEADING_DECADE_RE = re.compile(r"^(\d+)X$")


def in_calendar(value: str) -> str | None:
    """A TIMEX3 value whose year is within 1-9999, written with four digits ("1-03" ->
    "0001-03"); None for a year outside (10000 is "next year" against 9999-12-31)."""
    if m := _LEADING_YEAR_RE.match(value):
        year = int(m.group(1))
        return None if not 1 <= year <= 9999 else f"{year:04d}{value[m.end() :]}"
    if m := _LEADING_DECADE_RE.match(value):
        return value if int(m.group(1)) <= 999 else None
    return value


def alternation(words: Any) -> str:
    """A regex alternation of ``words``, longest first, escaped."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


class DateNormalizer:
    """Turns one temporal expression into a TIMEX3-style value."""

    def __init__(self, lex: Lexicons) -> None:
        t: dict[str, Any] = lex.temporal
        self.t = t
        months = alternation(t["months"])
        self.month_re = months
        num_words = alternation(k for k in t["numbers"] if " " not in k)
        units = alternation(t["units"])
        weekdays = alternation(t["weekdays"])
        seasons = alternation(t["seasons"])
        self.parts_of_day: dict[str, str] = dict(t["parts_of_day"])
        self.re_iso = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
        self.re_mdy = re.compile(
            rf"^({months})\.?\s*(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s*(\d{{4}}))?$", re.I
        )
        self.re_dmy = re.compile(
            rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s+({months})\.?,?(?:\s+(\d{{4}}))?$", re.I
        )
        self.re_wire = re.compile(rf"^(\d{{1,2}})-({months})-(\d{{4}})$", re.I)
        self.re_my = re.compile(
            rf"^(?:(early|mid|late)[\s\-]+)?({months})\.?(?:,?\s+(?:of\s+)?(\d{{4}}))?$", re.I
        )
        # "February this year", "April next year"
        self.re_month_rel = re.compile(rf"^({months})\.?\s+(this|last|next)\s+year$", re.I)
        self.re_year = re.compile(
            r"^(?:(?:early|mid|late|fiscal|calendar|the end of|end of|the year)[\s\-]+)?(\d{4})$",
            re.I,
        )
        self.re_decade = re.compile(
            r"^(?:the\s+)?(?:(?:early|mid|late)[\s\-]+)?(\d{3})0['’]?s$", re.I
        )
        self.re_century = re.compile(r"^(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)[\s\-]+century$", re.I)
        self.re_rel = re.compile(
            rf"^(?:the\s+)?(this|current|last|past|previous|next|coming|following)\s+({units}|{months})$",
            re.I,
        )
        self.re_weekday = re.compile(
            rf"^(?:(last|next|this|on|earlier|later|late|early)\s+)?({weekdays})\.?$", re.I
        )
        self.re_season = re.compile(
            rf"^(?:(this|last|next|the|past|coming)\s+)?({seasons})(?:\s+(?:of\s+)?(.+))?$", re.I
        )
        self.re_weekend = re.compile(r"^(?:(the|this|last|next|over the)\s+)?weekend$", re.I)
        qualifiers = alternation(t["duration_qualifiers"])
        self.re_duration = re.compile(
            rf"^(?:({qualifiers})\s+)?"
            rf"(\d+|{num_words})[\s\-]+({units})(?:[\s\-]+(?:old|long))?$",
            re.I,
        )
        self.re_set = re.compile(
            rf"^(?:every|each|per|a)\s+(?:(\d+|{num_words})\s+)?({units})$", re.I
        )
        self.re_set_named = re.compile(rf"^(?:every|each)\s+({weekdays}|{months})\.?$", re.I)
        self.re_ago = re.compile(
            rf"^(?:(?:just|only|{qualifiers})\s+)?(\d+|{num_words}|a few|several)\s+({units})"
            rf"(?:\s+or\s+so)?\s+(ago|earlier|before|later|from now|hence)$",
            re.I,
        )
        # "(.*?\S)", not "(.+?)": the group ends at a non-space, so a run of spaces is not
        # retried from every split (quadratic); on normalized text they match the same
        self.re_part_of_day = re.compile(rf"^(.*?\S)\s+({alternation(self.parts_of_day)})$", re.I)
        self.re_half = re.compile(
            r"^(?:the\s+)?(first|second|last)\s+half(?:\s+of\s+(?:the\s+)?(\d{4}|(?:this|next|last)\s+year))?$",
            re.I,
        )
        self.re_quarter = re.compile(
            r"^(?:the\s+)?(?:(\d{4}|year-ago|year-earlier|(?:next|last|this)\s+year's|comparable)\s+)?"
            r"(?:fiscal[\s\-]+)?(first|second|third|fourth|1st|2nd|3rd|4th)[\s\-]+quarter"
            r"(?:\s+(?:of\s+)?(\d{4}))?$",
            re.I,
        )
        self.re_year_period = re.compile(r"^(?:the\s+)?((?:19|20)\d\d)\s+(?:quarter|period)$", re.I)
        self.re_dated_weekday = re.compile(rf"^(?:{weekdays})\.?,?\s+(.+\d.*)$", re.I)
        clock = alternation(t["clock_words"])
        self.re_clock = re.compile(
            rf"^(?:(\d{{1,2}})(?::(\d{{2}}))?\s*(a\.?m\.?|p\.?m\.?)|({clock}))"
            rf"(?:\s+(?:[A-Z]{{3}}|local time))?(?:\s+(?:on\s+)?(.+))?$",
            re.I,
        )
        self.re_clock_after = re.compile(
            rf"^(.*?\S),?\s+(?:at\s+)?((?:\d{{1,2}}(?::\d{{2}})?\s*(?:a\.?m\.?|p\.?m\.?)|{clock}))$",
            re.I,
        )
        self.holidays: dict[str, dict[str, int]] = t["holidays"]

    # -- helpers -----------------------------------------------------------------------

    def _num(self, word: str) -> int | None:
        if word.isdigit():
            return int(word)
        value = self.t["numbers"].get(word.lower())
        return int(value) if value is not None else None

    def _month(self, word: str) -> int:
        return int(self.t["months"][word.lower().rstrip(".")])

    def spelled_year(self, text: str) -> int | None:
        """'nineteen ninety-seven' -> 1997, 'two thousand and one' -> 2001."""
        words = [w for w in re.split(r"[\s\-]+", text.lower()) if w not in ("the", "year", "and")]
        if not words:
            return None
        numbers = self.t["numbers"]
        if words[:2] == ["two", "thousand"]:
            rest = [numbers.get(w) for w in words[2:]]
            known = [int(n) for n in rest if n is not None]
            return 2000 + sum(known) if len(known) == len(rest) and sum(known) < 100 else None
        head = numbers.get(words[0])
        if head is None or not 10 <= head <= 20 or len(words) not in (2, 3):
            return None
        if any(numbers.get(w) is None for w in words[1:]):
            return None
        tail = [int(numbers[w]) for w in words[1:]]
        if tail[0] < 10 or (len(tail) == 2 and not (tail[0] % 10 == 0 and tail[1] < 10)):
            return None
        return int(head) * 100 + sum(tail)

    @staticmethod
    def _closest_year(month: int, day: int, anchor: date, tense: str | None = None) -> int:
        """The year that puts month/day within (anchor - 1 year + window, anchor + window];
        a verb in the future tense moves it after the anchor. (The past tense does not move it
        back: on TimeBank that loses more dates than it wins.)"""
        for year in (anchor.year + 1, anchor.year, anchor.year - 1):
            try:
                offset = (date(year, month, day) - anchor).days
            except ValueError:  # 29 February
                offset = (date(year, month, 28) - anchor).days
            if -(365 - FUTURE_WINDOW_DAYS) < offset <= FUTURE_WINDOW_DAYS:
                if tense == "future" and offset < 0:
                    return year + 1
                return year
        return anchor.year

    # -- the normalizer ----------------------------------------------------------------

    def normalize(
        self, raw: str, anchor: date | None, *, tense: str | None = None
    ) -> Normalized | None:
        """TIMEX3 value of ``raw`` against ``anchor`` (see :meth:`_normalize`), kept inside the
        calendar: arithmetic that leaves years 1-9999 gives no value, never an exception."""
        try:
            result = self._normalize(raw, anchor, tense=tense)
        except (OverflowError, ValueError):  # e.g. "next week" against 9999-12-31
            return Normalized(None, "date", None, True)
        if result is not None and result.value is not None:
            result.value = in_calendar(result.value)
        return result

    def _normalize(
        self, raw: str, anchor: date | None, *, tense: str | None = None
    ) -> Normalized | None:
        """TIMEX3 value of ``raw`` against ``anchor``. ``tense`` ("past", "future" or None),
        from the verb the expression modifies, picks the week of a bare weekday, the year of
        a quarter or holiday."""
        text = " ".join(raw.replace("’", "'").split())
        low = text.lower()
        t = self.t
        if low in t["anaphoric"]:
            unit, shift = t["anaphoric"][low]
            fallback = self._anaphor_fallback(low, unit, shift, anchor, tense)
            return Normalized(
                fallback.value if fallback else None,
                "date",
                fallback.granularity if fallback else None,
                True,
                ref=(unit, shift),
            )
        if low in t["vague"]:
            return Normalized(t["vague"][low], "vague", None, False)
        if low in t["sets"]:
            return Normalized(t["sets"][low], "set", None, False)
        if low in self.holidays:
            if anchor is None:
                return Normalized(None, "date", "day", True)
            rule = self.holidays[low]
            years = [anchor.year - 1, anchor.year, anchor.year + 1]
            days = [holiday(rule, y) for y in years]
            if tense == "future":
                when = min((d for d in days if d >= anchor), default=days[-1])
            elif tense == "past":
                when = max((d for d in days if d <= anchor), default=days[0])
            else:
                when = min(days, key=lambda d: abs((d - anchor).days))
            return Normalized(when.isoformat(), "date", "day", True)
        if (year := self.spelled_year(low)) is not None:
            return Normalized(str(year), "date", "year", False)
        if self.re_iso.match(text):
            return Normalized(text, "date", "day", False)
        if m := self.re_mdy.match(text):
            return self._month_day(
                self._month(m.group(1)), int(m.group(2)), m.group(3), anchor, tense
            )
        if m := self.re_dmy.match(text):
            return self._month_day(
                self._month(m.group(2)), int(m.group(1)), m.group(3), anchor, tense
            )
        if m := self.re_wire.match(text):
            return Normalized(
                f"{m.group(3)}-{self._month(m.group(2)):02d}-{int(m.group(1)):02d}",
                "date",
                "day",
                False,
            )
        if m := self.re_my.match(text):
            month = self._month(m.group(2))
            if m.group(3):
                return Normalized(f"{m.group(3)}-{month:02d}", "date", "month", False)
            if anchor is None:
                return Normalized(None, "date", "month", True)
            year = self._closest_year(month, 15, anchor, tense)
            return Normalized(f"{year}-{month:02d}", "date", "month", True)
        if m := self.re_month_rel.match(text):
            if anchor is None:
                return Normalized(None, "date", "month", True)
            year = anchor.year + int(t["relative_words"][m.group(2).lower()])
            return Normalized(f"{year}-{self._month(m.group(1)):02d}", "date", "month", True)
        if m := self.re_year.match(text):
            return Normalized(m.group(1), "date", "year", False)
        if m := self.re_decade.match(text):
            return Normalized(f"{m.group(1)}X", "date", "decade", False)
        if m := self.re_century.match(text):
            return Normalized(f"{int(m.group(1)) - 1:02d}XX", "date", "century", False)
        if m := self.re_half.match(text):
            which = m.group(2) or "this year"
            half = 1 if m.group(1).lower() == "first" else 2  # "the last half" is the second
            if which.isdigit():
                return Normalized(f"{which}-H{half}", "date", "half", False)
            if anchor is None:
                return Normalized(None, "date", "half", True)
            shift = int(t["relative_words"].get(which.split()[0].lower(), 0))
            return Normalized(f"{anchor.year + shift}-H{half}", "date", "half", True)
        if m := self.re_quarter.match(text):
            return self._quarter(m.group(1), m.group(2).lower(), m.group(3), anchor, tense)
        if m := self.re_year_period.match(text):  # "the 1988 quarter": the quarter in view
            return Normalized(m.group(1), "date", "year", False, ref=("QY", int(m.group(1))))
        if m := self.re_dated_weekday.match(text):  # "Friday, Oct. 13": the date says it
            day = self.normalize(m.group(1), anchor, tense=tense)
            if day is not None and day.granularity == "day":
                return day
        if low in t["deictic_days"]:
            if anchor is None:
                return Normalized(None, "date", "day", True)
            iso = (anchor + timedelta(days=t["deictic_days"][low])).isoformat()
            part = self.parts_of_day.get(low.split()[-1])
            if part:  # "last night" -> ...TNI
                return Normalized(f"{iso}T{part}", "date", "part_of_day", True)
            return Normalized(iso, "date", "day", True)
        if m := self.re_rel.match(text):
            return self._relative(m.group(1).lower(), m.group(2).lower(), anchor)
        if m := self.re_weekday.match(text):
            return self._weekday(m.group(1), m.group(2), anchor, tense)
        if m := self.re_weekend.match(text):
            return self._weekend((m.group(1) or "").lower(), anchor, tense)
        if m := self.re_season.match(text):
            return self._season(m, anchor)
        if m := self.re_ago.match(text):
            count = m.group(1).lower()
            n = None if count in ("a few", "several") else self._num(count)
            unit = t["units"][m.group(2).lower()]
            if anchor is None or n is None:
                return Normalized(None, "date", None, True)
            sign = 1 if m.group(3).lower() in ("later", "from now", "hence") else -1
            if unit == "DE":  # "a decade ago" is a year, not a decade
                unit, n = "Y", n * 10
            return self._shift(anchor, unit, sign * n)
        if m := self.re_clock.match(text):
            return self._clock(
                m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), anchor, tense
            )
        if m := self.re_clock_after.match(text):
            inner = self.re_clock.match(m.group(2))
            if inner:
                hour, minute, meridian, word = inner.group(1, 2, 3, 4)
                return self._clock(hour, minute, meridian, word, m.group(1), anchor, tense)
        if (m := self.re_part_of_day.match(text)) and m.group(1).lower() != "last":
            base = self.normalize(m.group(1), anchor, tense=tense)
            if base is not None and base.value and base.granularity == "day":
                part = self.parts_of_day[m.group(2).lower()]
                return Normalized(f"{base.value}T{part}", "date", "part_of_day", base.relative)
        if m := self.re_set_named.match(text):  # "each Thursday", "every July"
            name = m.group(1).lower().rstrip(".")
            if name in t["weekdays"]:
                return Normalized(f"XXXX-WXX-{int(t['weekdays'][name]) + 1}", "set", None, False)
            return Normalized(f"XXXX-{self._month(name):02d}", "set", None, False)
        if m := self.re_set.match(text):
            n = self._num(m.group(1)) if m.group(1) else 1
            unit = t["units"][m.group(2).lower()]
            return Normalized(duration_value(n, unit), "set", None, False)
        if m := self.re_duration.match(text):
            n = self._num(m.group(2))
            unit = t["units"][m.group(3).lower()]
            return Normalized(duration_value(n, unit), "duration", None, False)
        return None

    # -- the kinds of expression -----------------------------------------------------------

    def _month_day(
        self, month: int, day: int, year: str | None, anchor: date | None, tense: str | None
    ) -> Normalized | None:
        if not 1 <= day <= 31:
            return None
        if year:
            return Normalized(f"{year}-{month:02d}-{day:02d}", "date", "day", False)
        if anchor is None:  # TIMEX3's unknown year: the month and day are still known
            return Normalized(f"XXXX-{month:02d}-{day:02d}", "date", "day", True)
        return Normalized(
            f"{self._closest_year(month, day, anchor, tense)}-{month:02d}-{day:02d}",
            "date",
            "day",
            True,
        )

    def _quarter(
        self,
        before: str | None,
        ordinal: str,
        year: str | None,
        anchor: date | None,
        tense: str | None,
    ) -> Normalized:
        q = int(ordinal[0]) if ordinal[0].isdigit() else int(self.t["ordinals"][ordinal])
        if before and before.isdigit():
            year = before
        elif before and anchor is not None and not year:
            # "the year-ago third quarter", "next year's first quarter"
            word = before.split()[0].lower()
            shift = int(self.t["relative_words"].get(word, -1 if "year-" in word else 0))
            return Normalized(f"{anchor.year + shift}-Q{q}", "date", "quarter", True)
        if year:
            return Normalized(f"{year}-Q{q}", "date", "quarter", False)
        if anchor is None:
            return Normalized(None, "date", "quarter", True)
        current = (anchor.month - 1) // 3 + 1
        q_year = anchor.year
        if q > current and tense == "past":  # "the fourth quarter" reported in January
            q_year -= 1
        return Normalized(f"{q_year}-Q{q}", "date", "quarter", True)

    def _weekday(
        self, word: str | None, name: str, anchor: date | None, tense: str | None
    ) -> Normalized:
        if anchor is None:
            return Normalized(None, "date", "day", True)
        target = int(self.t["weekdays"][name.lower()])
        back = (anchor.weekday() - target) % 7  # days since the last such day (0: today)
        ahead = (target - anchor.weekday()) % 7
        word = (word or "").lower()
        if word == "next" or (word not in ("last", "earlier") and tense == "future"):
            when = anchor + timedelta(days=ahead or 7)
        elif word == "last":
            when = anchor - timedelta(days=back or 7)
        elif tense == "past" or word == "earlier" or back <= ahead:
            when = anchor - timedelta(days=back)
        else:  # no tense to go by: the nearer one
            when = anchor + timedelta(days=ahead)
        return Normalized(when.isoformat(), "date", "day", True)

    def _weekend(self, word: str, anchor: date | None, tense: str | None) -> Normalized:
        if anchor is None:
            return Normalized(None, "date", "week", True)
        saturday = anchor - timedelta(days=(anchor.weekday() - 5) % 7)  # the last Saturday
        if word == "next" or (word != "last" and tense == "future" and anchor.weekday() < 5):
            saturday += timedelta(days=7)
        elif word == "last" and anchor.weekday() >= 5:
            saturday -= timedelta(days=7)
        y, w, _ = saturday.isocalendar()
        return Normalized(f"{y}-W{w:02d}-WE", "date", "week", True)

    def _season(self, m: re.Match[str], anchor: date | None) -> Normalized | None:
        code = self.t["seasons"][m.group(2).lower()]
        word = (m.group(1) or "").lower()
        if m.group(3):
            stated = self.normalize(m.group(3), anchor)
            if stated is None or stated.granularity != "year" or stated.value is None:
                return None
            return Normalized(f"{stated.value}-{code}", "date", "season", stated.relative)
        if word in ("", "the"):
            return None  # "summer" alone: which one is a guess
        if anchor is None:
            return Normalized(None, "date", "season", True)
        order = self.t["season_order"]
        month = anchor.month
        now = (
            order["WI"]
            if month <= 2
            else order["SP"]
            if month <= 5
            else order["SU"]
            if month <= 8
            else order["FA"]
        )
        year = anchor.year
        if word in ("last", "past"):  # "last spring", even in the autumn, is last year's (TimeBank)
            year -= 1
        elif word in ("next", "coming") and order[code] <= now:
            year += 1
        return Normalized(f"{year}-{code}", "date", "season", True)

    def _clock(
        self,
        hour: str | None,
        minute: str | None,
        meridian: str | None,
        word: str | None,
        day_text: str | None,
        anchor: date | None,
        tense: str | None,
    ) -> Normalized | None:
        if word:
            h, mnt = int(self.t["clock_words"][word.lower()]), 0
        else:
            assert hour is not None and meridian is not None
            h, mnt = int(hour) % 12, int(minute or 0)
            if meridian.lower().startswith("p"):
                h += 12
        if h > 23 or mnt > 59:
            return None
        if day_text:
            day = self.normalize(day_text, anchor, tense=tense)
            if day is None or day.granularity != "day":
                return None
        else:
            day = Normalized(anchor.isoformat() if anchor else None, "date", "day", True)
        if day.value is None:
            return Normalized(None, "date", "time", True)
        return Normalized(f"{day.value}T{h:02d}:{mnt:02d}", "date", "time", day.relative)

    def _anaphor_fallback(
        self, low: str, unit: str, shift: int, anchor: date | None, tense: str | None
    ) -> Normalized | None:
        """The value of an anaphoric expression when nothing before it gives one."""
        if anchor is None:
            return None
        if unit == "Q" and shift == 0:  # "the quarter": the last one completed
            return self._shift(anchor, "Q", -1)
        if unit == "Q" and shift == -4:  # "a year ago" without a quarter in sight
            return self._shift(anchor, "Y", -1) if "year" in low else None
        return None

    @staticmethod
    def _shift(anchor: date, unit: str, n: int) -> Normalized:
        """The calendar unit ``n`` units away from the anchor ("two weeks ago")."""
        value, granularity = anchor_shift(anchor, unit, n)
        return Normalized(value, "date", granularity, True)

    def _relative(self, word: str, unit_word: str, anchor: date | None) -> Normalized:
        t = self.t
        if unit_word in t["months"]:
            if anchor is None:
                return Normalized(None, "date", "month", True)
            month = self._month(unit_word)
            step = int(t["relative_words"][word])
            year = anchor.year
            if step < 0 and month >= anchor.month:
                year -= 1
            elif step > 0 and month <= anchor.month:
                year += 1
            return Normalized(f"{year}-{month:02d}", "date", "month", True)
        unit = t["units"][unit_word]
        step = int(t["relative_words"][word])
        if unit_word.endswith("s"):  # "past months": a vague stretch, not one calendar unit
            return Normalized("PAST_REF" if step <= 0 else "FUTURE_REF", "vague", None, False)
        if anchor is None:
            return Normalized(None, "date", None, True)
        return self._shift(anchor, unit, step)
