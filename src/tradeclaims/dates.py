"""Temporal expressions: spans from the model and from rules, normalized to TIMEX3 values
against the article's reference (publication) date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from spacy.tokens import Doc

from .lexicons import Lexicons

#: A month-day date without a year is put in the year that brings it closest to the anchor,
#: but news reports the past far more than the future, so a date up to this many days ahead
#: of the anchor stays in the anchor's year and anything later goes to the year before.
FUTURE_WINDOW_DAYS = 183
#: Words allowed before a duration ("more than four decades", "the past two years").
DURATION_QUALIFIERS = (
    "more than", "less than", "nearly", "almost", "about", "around", "over", "some",
    "at least", "the past", "the last", "the next", "past", "last", "next",
)  # fmt: skip
_TRIM_LEAD = re.compile(r"^(?:the|a|an|on|in|at|by|since|until|from|to|of|during)\s+", re.I)
_TRIM_TAIL = re.compile(r"[\s,.;:)\"”]+$")


@dataclass
class Normalized:
    value: str | None
    kind: str
    granularity: str | None
    relative: bool


class DateNormalizer:
    """Turns one temporal expression into a TIMEX3-style value."""

    def __init__(self, lex: Lexicons) -> None:
        t: dict[str, Any] = lex.temporal
        self.t = t
        months = "|".join(sorted(t["months"], key=len, reverse=True))
        self.month_re = months
        num_words = "|".join(
            sorted((k for k in t["numbers"] if " " not in k), key=len, reverse=True)
        )
        units = "|".join(sorted(t["units"], key=len, reverse=True))
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
        self.re_year = re.compile(
            r"^(?:(?:early|mid|late|fiscal|calendar|the end of|end of|the year)[\s\-]+)?(\d{4})$",
            re.I,
        )
        self.re_decade = re.compile(
            r"^(?:the\s+)?(?:(?:early|mid|late)[\s\-]+)?(\d{3})0['’]?s$", re.I
        )
        self.re_century = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)[\s\-]+century$", re.I)
        self.re_rel = re.compile(
            rf"^(this|current|last|past|previous|next|coming|following)\s+({units}|{months})$", re.I
        )
        self.re_weekday = re.compile(
            r"^(?:(last|next|this|on)\s+)?(" + "|".join(t["weekdays"]) + r")\.?$", re.I
        )
        qualifiers = "|".join(DURATION_QUALIFIERS)
        self.re_duration = re.compile(
            rf"^(?:({qualifiers})\s+)?"
            rf"(\d+|{num_words})[\s\-]+({units})(?:[\s\-]+(?:old|long))?$",
            re.I,
        )
        self.re_set = re.compile(
            rf"^(?:every|each|per|a)\s+(?:(\d+|{num_words})\s+)?({units})$", re.I
        )
        self.re_quarter = re.compile(
            r"^(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+(?:of\s+)?(\d{4}))?$",
            re.I,
        )

    def _num(self, word: str) -> int | None:
        if word.isdigit():
            return int(word)
        value = self.t["numbers"].get(word.lower())
        return int(value) if value is not None else None

    def _month(self, word: str) -> int:
        return int(self.t["months"][word.lower().rstrip(".")])

    @staticmethod
    def _closest_year(month: int, day: int, anchor: date) -> int:
        try:
            candidate = date(anchor.year, month, day)
        except ValueError:
            return anchor.year
        if (candidate - anchor).days > FUTURE_WINDOW_DAYS:
            return anchor.year - 1
        return anchor.year

    def normalize(self, raw: str, anchor: date | None) -> Normalized | None:
        text = " ".join(raw.replace("’", "'").split())
        low = text.lower()
        t = self.t
        if low in t["vague"]:
            return Normalized(t["vague"][low], "vague", None, False)
        if low in t["sets"]:
            return Normalized(t["sets"][low], "set", None, False)
        if m := self.re_iso.match(text):
            return Normalized(text, "date", "day", False)
        if m := self.re_mdy.match(text):
            month, day = self._month(m.group(1)), int(m.group(2))
            if not 1 <= day <= 31:
                return None
            if m.group(3):
                return Normalized(f"{m.group(3)}-{month:02d}-{day:02d}", "date", "day", False)
            if anchor is None:
                return Normalized(None, "date", "day", True)
            return Normalized(
                f"{self._closest_year(month, day, anchor)}-{month:02d}-{day:02d}",
                "date",
                "day",
                True,
            )
        if m := self.re_dmy.match(text):
            day, month = int(m.group(1)), self._month(m.group(2))
            if m.group(3):
                return Normalized(f"{m.group(3)}-{month:02d}-{day:02d}", "date", "day", False)
            if anchor is None:
                return Normalized(None, "date", "day", True)
            return Normalized(
                f"{self._closest_year(month, day, anchor)}-{month:02d}-{day:02d}",
                "date",
                "day",
                True,
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
            year = anchor.year if month <= anchor.month + 6 else anchor.year - 1
            return Normalized(f"{year}-{month:02d}", "date", "month", True)
        if m := self.re_year.match(text):
            return Normalized(m.group(1), "date", "year", False)
        if m := self.re_decade.match(text):
            return Normalized(f"{m.group(1)}X", "date", "decade", False)
        if m := self.re_century.match(text):
            return Normalized(f"{int(m.group(1)) - 1:02d}XX", "date", "century", False)
        if m := self.re_quarter.match(text):
            ordinal = m.group(1).lower()
            q = int(ordinal[0]) if ordinal[0].isdigit() else int(self.t["ordinals"][ordinal])
            q_year = m.group(2) or (str(anchor.year) if anchor else None)
            return Normalized(
                f"{q_year}-Q{q}" if q_year else None, "date", "quarter", m.group(2) is None
            )
        if low in t["deictic_days"]:
            if anchor is None:
                return Normalized(None, "date", "day", True)
            return Normalized(
                (anchor + timedelta(days=t["deictic_days"][low])).isoformat(), "date", "day", True
            )
        if m := self.re_rel.match(text):
            return self._relative(m.group(1).lower(), m.group(2).lower(), anchor)
        if m := self.re_weekday.match(text):
            if anchor is None:
                return Normalized(None, "date", "day", True)
            target = int(t["weekdays"][m.group(2).lower()])
            delta = (anchor.weekday() - target) % 7
            if (m.group(1) or "").lower() == "next":
                when = anchor + timedelta(days=(target - anchor.weekday()) % 7 or 7)
            else:
                when = anchor - timedelta(
                    days=delta if (m.group(1) or "").lower() != "last" else delta or 7
                )
            return Normalized(when.isoformat(), "date", "day", True)
        if m := self.re_set.match(text):
            n = self._num(m.group(1)) if m.group(1) else 1
            unit = t["units"][m.group(2).lower()]
            return Normalized(_duration(n, unit), "set", None, False)
        if m := self.re_duration.match(text):
            n = self._num(m.group(2))
            unit = t["units"][m.group(3).lower()]
            return Normalized(_duration(n, unit), "duration", None, False)
        return None

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
        if unit == "D":
            return Normalized((anchor + timedelta(days=step)).isoformat(), "date", "day", True)
        if unit == "W":
            y, w, _ = (anchor + timedelta(weeks=step)).isocalendar()
            return Normalized(f"{y}-W{w:02d}", "date", "week", True)
        if unit == "M":
            month0 = anchor.year * 12 + anchor.month - 1 + step
            return Normalized(f"{month0 // 12}-{month0 % 12 + 1:02d}", "date", "month", True)
        if unit == "Q":
            q0 = anchor.year * 4 + (anchor.month - 1) // 3 + step
            return Normalized(f"{q0 // 4}-Q{q0 % 4 + 1}", "date", "quarter", True)
        if unit == "Y":
            return Normalized(str(anchor.year + step), "date", "year", True)
        if unit == "DE":
            return Normalized(f"{(anchor.year // 10 + step)}X", "date", "decade", True)
        return Normalized(None, "date", None, True)


def _duration(n: int | None, unit: str) -> str:
    amount = "X" if n is None else str(n)
    if unit == "DE":
        return f"P{n * 10}Y" if n is not None else "PXDE"
    if unit == "CE":
        return f"P{n * 100}Y" if n is not None else "PXCE"
    if unit == "Q":
        return f"P{n * 3}M" if n is not None else "PXQ"
    if unit in ("H", "MIN"):
        return f"PT{amount}{'H' if unit == 'H' else 'M'}"
    return f"P{amount}{unit}"


@dataclass
class DateSpan:
    start: int
    end: int
    text: str
    value: str | None
    kind: str
    granularity: str | None
    anchor: str | None


class DateExtractor:
    """Finds and normalizes the temporal expressions of a document."""

    def __init__(self, lex: Lexicons) -> None:
        self.norm = DateNormalizer(lex)
        months = self.norm.month_re
        self.rule_re = re.compile(
            rf"(?<![\w\-])(?:"
            rf"\d{{4}}-\d{{2}}-\d{{2}}"
            rf"|\d{{1,2}}-(?:{months})-\d{{4}}"
            rf"|(?:{months})\.?\s*\d{{1,2}}(?:st|nd|rd|th)?,?\s*\d{{4}}"
            rf"|(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?!\d)"
            rf"|\d{{1,2}}\s+(?:{months})\.?\s+\d{{4}}"
            rf"|(?:early|mid|late)[\s\-]+\d{{3}}0['’]?s"
            rf"|\d{{3}}0['’]?s"
            rf")(?![\w])",
            re.I,
        )
        # a bare year needs a temporal preposition before it ("from 2012 to 2021")
        self.year_re = re.compile(
            r"\b(?:in|from|to|since|by|until|through|before|after|of|during|and|year|fiscal)\s"
            r"(?P<year>(?:19|20)\d\d)(?![\w%$])",
            re.I,
        )

    def __call__(
        self, doc: Doc, anchor: date | None, exclude: list[tuple[int, int]]
    ) -> list[DateSpan]:
        text = doc.text
        spans: list[tuple[int, int]] = []
        for m in self.rule_re.finditer(text):
            spans.append(m.span())
        for m in self.year_re.finditer(text):
            spans.append(m.span("year"))
        for ent in doc.ents:
            if ent.label_ in ("DATE", "TIME"):
                spans.append(self._trim(text, ent.start_char, ent.end_char))
        chosen: list[tuple[int, int]] = []
        for s, e in sorted(set(spans), key=lambda x: (-(x[1] - x[0]), x[0])):
            if e <= s or any(s < ce and e > cs for cs, ce in chosen):
                continue
            if any(s < xe and e > xs for xs, xe in exclude):
                continue  # the number belongs to a money figure or quantity
            chosen.append((s, e))
        out: list[DateSpan] = []
        last_day: str | None = None
        for s, e in sorted(chosen):
            raw = text[s:e]
            low = " ".join(raw.lower().split())
            if low in self.norm.t["anaphoric"]:
                out.append(DateSpan(s, e, raw, last_day, "date", "day", last_day))
                continue
            n = self.norm.normalize(raw, anchor)
            if n is None or (n.value is None and not n.relative):
                continue
            if n.kind == "date" and n.granularity == "day" and n.value:
                last_day = n.value
            out.append(
                DateSpan(
                    s, e, raw, n.value, n.kind, n.granularity,
                    anchor.isoformat() if (n.relative and anchor) else None,
                )
            )  # fmt: skip
        return out

    @staticmethod
    def _trim(text: str, s: int, e: int) -> tuple[int, int]:
        piece = text[s:e]
        while m := _TRIM_LEAD.match(piece):
            s += m.end()
            piece = piece[m.end() :]
        if m := _TRIM_TAIL.search(piece):
            e -= len(m.group())
        # "the early 1990" -> "early 1990's": the model leaves the decade's 's outside
        if re.fullmatch(r"(?:early|mid|late)?[\s\-]*\d{3}0", text[s:e], re.I) and text[
            e : e + 2
        ] in ("'s", "’s"):
            e += 2
        return s, e
