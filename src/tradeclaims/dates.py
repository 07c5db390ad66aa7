"""Temporal expressions: spans from the model and from rules, normalized to TIMEX3 values
against the article's reference (publication) date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from spacy.tokens import Doc

from .lexicons import Lexicons

#: A month-day date without a year is put in the year that brings it near the anchor; news
#: reports the past more than the future, so the window reaches this many days ahead and the
#: rest of the year back (measured on TimeBank: "Feb. 1" written in late October is ahead).
FUTURE_WINDOW_DAYS = 120
_FRACTION_RE = re.compile(
    r"(?:about |nearly |almost |some )?(?:a|one|three) (?:quarter|half|third)s?", re.I
)
# "a" stays in "a year ago" but not in "a 21st century"; "the" stays in "the next three years"
_TRIM_LEAD = re.compile(
    r"^(?:the(?!\s+(?:next|past|last|coming|following|previous|end|beginning|middle|first|second|"
    r"third|fourth|latest))|on|in|at|by|since|until|from|to|of|during|"
    r"(?:a|an)(?=\s+\d|\s+first|\s+second))\s+",
    re.I,
)
_TRIM_TAIL = re.compile(r"[\s,.;:)\"”\-—]+$")


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
        qualifiers = "|".join(map(re.escape, t["duration_qualifiers"]))
        self.parts_of_day: dict[str, str] = dict(t["parts_of_day"])
        self.re_duration = re.compile(
            rf"^(?:({qualifiers})\s+)?"
            rf"(\d+|{num_words})[\s\-]+({units})(?:[\s\-]+(?:old|long))?$",
            re.I,
        )
        self.re_set = re.compile(
            rf"^(?:every|each|per|a)\s+(?:(\d+|{num_words})\s+)?({units})$", re.I
        )
        directions = "ago|earlier|before|later|from now|hence"
        self.re_ago = re.compile(
            rf"^(\d+|{num_words}|a few|several)\s+({units})\s+({directions})$", re.I
        )
        parts = "|".join(self.parts_of_day)
        self.re_part_of_day = re.compile(rf"^(.+?)\s+({parts})$", re.I)
        self.re_half = re.compile(
            r"^(?:the\s+)?(first|second)\s+half(?:\s+of\s+(?:the\s+)?(\d{4}|(?:this|next|last)\s+year))?$",
            re.I,
        )
        self.re_quarter = re.compile(
            r"^(?:fiscal\s+)?(first|second|third|fourth|1st|2nd|3rd|4th)[\s\-]+quarter(?:\s+(?:of\s+)?(\d{4}))?$",
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
        """The year that puts month/day within (anchor - 1 year + window, anchor + window]."""
        for year in (anchor.year + 1, anchor.year, anchor.year - 1):
            try:
                offset = (date(year, month, day) - anchor).days
            except ValueError:  # 29 February
                offset = (date(year, month, 28) - anchor).days
            if -(365 - FUTURE_WINDOW_DAYS) < offset <= FUTURE_WINDOW_DAYS:
                return year
        return anchor.year

    def normalize(
        self, raw: str, anchor: date | None, *, tense: str | None = None
    ) -> Normalized | None:
        """TIMEX3 value of ``raw`` against ``anchor``. ``tense`` ("past", "future" or None),
        from the verb the expression modifies, picks the week of a bare weekday."""
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
            year = self._closest_year(month, 15, anchor)
            return Normalized(f"{year}-{month:02d}", "date", "month", True)
        if m := self.re_year.match(text):
            return Normalized(m.group(1), "date", "year", False)
        if m := self.re_decade.match(text):
            return Normalized(f"{m.group(1)}X", "date", "decade", False)
        if m := self.re_century.match(text):
            return Normalized(f"{int(m.group(1)) - 1:02d}XX", "date", "century", False)
        if m := self.re_half.match(text):
            which = m.group(2) or "this year"
            half = 1 if m.group(1).lower() == "first" else 2
            if which.isdigit():
                return Normalized(f"{which}-H{half}", "date", "half", False)
            if anchor is None:
                return Normalized(None, "date", "half", True)
            shift = int(t["relative_words"].get(which.split()[0].lower(), 0))
            return Normalized(f"{anchor.year + shift}-H{half}", "date", "half", True)
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
            iso = (anchor + timedelta(days=t["deictic_days"][low])).isoformat()
            part = self.parts_of_day.get(low.split()[-1])
            if part:  # "last night" -> ...TNI
                return Normalized(f"{iso}T{part}", "date", "part_of_day", True)
            return Normalized(iso, "date", "day", True)
        if m := self.re_rel.match(text):
            return self._relative(m.group(1).lower(), m.group(2).lower(), anchor)
        if m := self.re_weekday.match(text):
            if anchor is None:
                return Normalized(None, "date", "day", True)
            target = int(t["weekdays"][m.group(2).lower()])
            back = (anchor.weekday() - target) % 7  # days since the last such day (0: today)
            ahead = (target - anchor.weekday()) % 7
            word = (m.group(1) or "").lower()
            if word == "next" or (word != "last" and tense == "future"):
                when = anchor + timedelta(days=ahead or 7)
            elif word == "last":
                when = anchor - timedelta(days=back or 7)
            elif tense == "past" or back <= ahead:
                when = anchor - timedelta(days=back)
            else:  # no tense to go by: the nearer one
                when = anchor + timedelta(days=ahead)
            return Normalized(when.isoformat(), "date", "day", True)
        if m := self.re_ago.match(text):
            count = m.group(1).lower()
            n = None if count in ("a few", "several") else self._num(count)
            unit = t["units"][m.group(2).lower()]
            if anchor is None or n is None:
                return Normalized(None, "date", None, True)
            sign = 1 if m.group(3).lower() in ("later", "from now", "hence") else -1
            return self._shift(anchor, unit, sign * n)
        if (m := self.re_part_of_day.match(text)) and m.group(1).lower() != "last":
            base = self.normalize(m.group(1), anchor, tense=tense)
            if base is not None and base.value and base.granularity == "day":
                part = self.parts_of_day[m.group(2).lower()]
                return Normalized(f"{base.value}T{part}", "date", "part_of_day", base.relative)
        if m := self.re_set.match(text):
            n = self._num(m.group(1)) if m.group(1) else 1
            unit = t["units"][m.group(2).lower()]
            return Normalized(_duration(n, unit), "set", None, False)
        if m := self.re_duration.match(text):
            n = self._num(m.group(2))
            unit = t["units"][m.group(3).lower()]
            return Normalized(_duration(n, unit), "duration", None, False)
        return None

    @staticmethod
    def _shift(anchor: date, unit: str, n: int) -> Normalized:
        """The calendar unit ``n`` units away from the anchor ("two weeks ago")."""
        if unit == "D":
            return Normalized((anchor + timedelta(days=n)).isoformat(), "date", "day", True)
        if unit == "W":
            y, w, _ = (anchor + timedelta(weeks=n)).isocalendar()
            return Normalized(f"{y}-W{w:02d}", "date", "week", True)
        if unit == "M":
            month0 = anchor.year * 12 + anchor.month - 1 + n
            return Normalized(f"{month0 // 12}-{month0 % 12 + 1:02d}", "date", "month", True)
        if unit == "Q":
            q0 = anchor.year * 4 + (anchor.month - 1) // 3 + n
            return Normalized(f"{q0 // 4}-Q{q0 % 4 + 1}", "date", "quarter", True)
        if unit == "Y":
            return Normalized(str(anchor.year + n), "date", "year", True)
        if unit == "DE":
            return Normalized(f"{anchor.year // 10 + n}X", "date", "decade", True)
        return Normalized(None, "date", None, True)

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


def _duration(n: int | None, unit: str) -> str:
    amount = "X" if n is None else str(n)
    if unit == "DE":
        return f"P{n * 10}Y" if n is not None else "PXDE"
    if unit == "CE":
        return f"P{n * 100}Y" if n is not None else "PXCE"
    if unit == "Q":
        return f"P{amount}Q"
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
            rf"|(?:first|second)\s+half\s+of\s+(?:this|next|last)\s+year"
            rf"|(?:first|second)\s+half\s+of\s+\d{{4}}"
            rf")(?![\w])",
            re.I,
        )
        standalone = "|".join(re.escape(w) for w in self.norm.t["standalone"])
        self.vague_re = re.compile(rf"(?<![\w\-])(?:{standalone})(?![\w\-])")
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
        for m in self.vague_re.finditer(text):
            spans.append(m.span())
        for ent in doc.ents:
            if ent.label_ in ("DATE", "TIME"):
                spans.append(self._trim(text, ent.start_char, ent.end_char))
        # normalizable candidates first, longest first: a model span that cannot be read
        # must not hide the rule match inside it
        scored = []
        for s, e in set(spans):
            if _FRACTION_RE.fullmatch(text[s:e]) and text.startswith(" of", e):
                continue  # "about a quarter of which" is a share, not a time
            if e > s and not any(s < xe and e > xs for xs, xe in exclude):
                n = self._normalize_span(doc, s, e, anchor)
                scored.append((n is not None, e - s, -s, s, e, n))
        chosen: list[tuple[int, int, Normalized]] = []
        for _ok, _len, _neg, s, e, n in sorted(scored, key=lambda x: x[:4], reverse=True):
            if n is not None and not any(s < ce and e > cs for cs, ce, _ in chosen):
                chosen.append((s, e, n))
        out: list[DateSpan] = []
        last_day: str | None = None
        for s, e, n in sorted(chosen, key=lambda c: c[0]):
            raw = text[s:e]
            if n.kind == "anaphoric":
                out.append(DateSpan(s, e, raw, last_day, "date", "day", last_day))
                continue
            if n.kind == "date" and n.granularity == "day" and n.value:
                last_day = n.value
            anchor_iso = anchor.isoformat() if (n.relative and anchor) else None
            out.append(DateSpan(s, e, raw, n.value, n.kind, n.granularity, anchor_iso))
        return out

    def _normalize_span(self, doc: Doc, s: int, e: int, anchor: date | None) -> Normalized | None:
        """The value of text[s:e]; for a model span that does not read as a whole ("the end
        of this month", "Thursday, April 6"), the value of its longest readable part."""
        raw = doc.text[s:e]
        if " ".join(raw.lower().split()) in self.norm.t["anaphoric"]:
            return Normalized(None, "anaphoric", "day", True)
        tense = tense_of(doc, s, e)
        n = self.norm.normalize(raw, anchor, tense=tense)
        if n is not None and (n.value is not None or n.relative):
            return n
        words = [(m.start(), m.end()) for m in re.finditer(r"[^\s,]+", raw)]
        for size in range(len(words) - 1, 0, -1):
            for i in range(len(words) - size + 1):
                part = raw[words[i][0] : words[i + size - 1][1]]
                n = self.norm.normalize(part, anchor, tense=tense)
                if n is not None and n.value is not None:
                    return n
        return None

    @staticmethod
    def _trim(text: str, s: int, e: int) -> tuple[int, int]:
        piece = text[s:e]
        while m := _TRIM_LEAD.match(piece):
            s += m.end()
            piece = piece[m.end() :]
        # a dateline's dash ends the date: "March 3 - China called ..."
        dash = re.search(r"\s+-{1,2}\s+", piece)
        if dash:
            e = s + dash.start()
            piece = piece[: dash.start()]
        if m := _TRIM_TAIL.search(piece):
            e -= len(m.group())
        # "the early 1990" -> "early 1990's": the model leaves the decade's 's outside
        if re.fullmatch(r"(?:early|mid|late)?[\s\-]*\d{3}0", text[s:e], re.I) and text[
            e : e + 2
        ] in ("'s", "’s"):
            e += 2
        return s, e


def tense_of(doc: Doc, start: int, end: int) -> str | None:
    """'past' or 'future' from the verb a temporal expression modifies, if any."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    verb = span.root.head
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.dep_ == "ROOT":
            break
        verb = verb.head
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxes & {"will", "shall", "'ll"} or verb.lower_ in ("will", "shall"):
        return "future"
    if verb.tag_ in ("VBD", "VBN") or auxes & {"did", "had", "was", "were"}:
        return "past"
    return None
