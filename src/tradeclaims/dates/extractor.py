"""Temporal expressions: spans from the model and from rules, normalized to TIMEX3 values
against the article's reference (publication) date and, for anaphoric expressions ("that
day", "the year-earlier quarter"), against the date the text just referred to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc

from ..dates.timeunits import duration_value, shift_value
from ..dates.timex import DateNormalizer, Normalized, alternation
from ..rules.lexicons import Lexicons
from ..rules.syntax import doc_text
from ..schema import PublishedSource

__all__ = ["DateExtractor", "DateNormalizer", "DateSpan", "tense_of"]

_FRACTION_RE = re.compile(
    r"(?:about |nearly |almost |some )?(?:a|one|three) (?:quarter|half|third)s?", re.I
)
# "a" stays in "a year ago" but not in "a 21st century"; "the" stays in "the next three years"
_TRIM_LEAD = re.compile(
    r"^(?:the(?!\s+(?:next|past|last|coming|following|previous|end|beginning|middle|first|second|"
    r"third|fourth|latest|quarter|period|year-|same|day|prior|current|future|weekend|winter|"
    r"summer|spring|fall|autumn|\d{1,2}(?:st|nd|rd|th)\s+century))|on|in|at|by|since|until|"
    r"from|to|of|during|(?:a|an)(?=\s+\d|\s+first|\s+second))\s+",
    re.I,
)
_TRIM_TAIL = re.compile(r"[\s,.;:)\"”\-—]+$")
# an age is not a time: "a 6-year-old boy", "52 years old"
_AGE_RE = re.compile(r"[\s\-]old$", re.I)
# a range names two dates: "from 2012 to 2021", "between 1994 and 1997", "April 24 and 25"
_RANGE_RE = re.compile(
    r"^(?:(?:from|between)\s+)?(?P<a>.+?)\s*(?P<sep>\bto\b|\band\b|\bthrough\b|\buntil\b|-|–"
    r"|\bended\b|\bending\b|\bof(?=\s+(?:19|20)\d\d$))\s*(?P<b>.+)$",
    re.I,
)
_ENDED_RE = re.compile(r"\s+end(?:ed|ing)\b")
_PERIOD_ENDED_RE = re.compile(r"^(?:the\s+)?(?:fiscal\s+)?(?:year|quarter|month|week)$", re.I)
#: An anchor for reading what kind of expression a text is, or its month and day, whatever
#: the year (2000 is a leap year: 29 February reads).
ANY_ANCHOR = date(2000, 1, 1)
#: an anaphoric expression looks back this far (characters) for the date it refers to
ANAPHOR_WINDOW = 600


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
        t = self.norm.t
        months = self.norm.month_re
        alt = alternation
        units = alt(u for u in t["units"] if not u.endswith("s"))
        weekdays = alt(w for w in t["weekdays"] if len(w) > 4)
        seasons = alt(t["seasons"])
        numbers = alt(k for k in t["numbers"] if k.isalpha())
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
            rf"|(?:{months})\.?\s+(?:this|last|next)\s+year"
            rf"|(?:this|last|next|past|coming|previous)\s+(?:{units}|{weekdays}|{seasons}|weekend)"
            rf"|(?:(?:this|last|the)\s+)?weekend"
            rf"|(?:{seasons})\s+of\s+(?:\d{{4}}|(?:{numbers})[\s\-]+(?:{numbers})(?:-(?:{numbers}))?)"
            rf"|(?:{alt(t['anaphoric'])})"
            rf"|(?:{alt(t['holidays'])})"
            rf"|the\s+(?:future|past)"
            rf"|(?:the\s+year\s+)?(?:nineteen|twenty)[\s\-]+(?:{numbers})(?:-(?:{numbers}))?"
            rf"|the\s+year\s+two\s+thousand(?:\s+and\s+(?:{numbers}))?"
            rf"|\d{{1,2}}(?::\d{{2}})?\s*[ap]\.m\.?(?:\s+[A-Z]{{3}})?(?:\s+(?:{weekdays}))?"
            rf"|(?:noon|midnight)(?:\s+(?:{weekdays}))?"
            rf"|(?:every|each)\s+(?:other\s+|\d+\s+)?(?:{units}|{weekdays}|{months})"
            rf")(?![\w])",
            re.I,
        )
        self.frequency = set(t["frequency_adjectives"])
        self.vague_re = re.compile(rf"(?<![\w\-])(?:{alt(t['standalone'])})(?![\w\-])")
        # a bare year needs a temporal preposition before it ("from 2012 to 2021")
        self.year_re = re.compile(
            rf"\b(?:{alt(t['year_prepositions'])})\s(?P<year>(?:19|20)\d\d)(?![\w%$])", re.I
        )
        self.bare_re = re.compile(
            rf"\b(?:for|over)\s+(?:the\s+)?(?P<bare>{alt(t['bare_durations'])})\b(?!\s+(?:of|old|ago))",
            re.I,
        )

    def __call__(
        self, doc: Doc, anchor: date | None, exclude: list[tuple[int, int]]
    ) -> list[DateSpan]:
        text = doc_text(doc)
        spans: list[tuple[int, int]] = []
        for m in self.rule_re.finditer(text):
            spans.append(self._trim(text, *m.span()))
        for m in self.year_re.finditer(text):
            spans.append(m.span("year"))
        for m in self.vague_re.finditer(text):
            spans.append(m.span())
        bare = {m.span("bare") for m in self.bare_re.finditer(text)}
        spans.extend(bare)
        for ent in doc.ents:
            if ent.label_ in ("DATE", "TIME"):
                spans.extend(
                    self._split_range(text, *self._trim(text, ent.start_char, ent.end_char))
                )
        # normalizable candidates first, longest first: a model span that cannot be read
        # must not hide the rule match inside it
        scored = []
        for s, e in set(spans):
            raw = text[s:e]
            if _FRACTION_RE.fullmatch(raw) and text.startswith(" of", e):
                continue  # "about a quarter of which" is a share, not a time
            if _AGE_RE.search(raw) or (
                raw.lower() not in self.frequency and self._is_attribute(doc, s, e)
            ):
                continue
            if e > s and not any(s < xe and e > xs for xs, xe in exclude):
                if (s, e) in bare:
                    unit = self.norm.t["units"][raw.lower()]
                    n: Normalized | None = Normalized(
                        duration_value(None, unit), "duration", None, False
                    )
                else:
                    n = self._normalize_span(doc, s, e, anchor)
                scored.append((n is not None, e - s, -s, s, e, n))
        chosen: list[tuple[int, int, Normalized]] = []
        for _ok, _len, _neg, s, e, n in sorted(scored, key=lambda x: x[:4], reverse=True):
            if n is not None and not any(s < ce and e > cs for cs, ce, _ in chosen):
                chosen.append((s, e, n))
        return self._resolve(text, sorted(chosen, key=lambda c: c[0]), anchor)

    def _resolve(
        self, text: str, chosen: list[tuple[int, int, Normalized]], anchor: date | None
    ) -> list[DateSpan]:
        """Date spans in text order; anaphoric ones take their value from the latest date of
        their unit before them ("the year-earlier quarter" after "the third quarter")."""
        out: list[DateSpan] = []
        seen: dict[str, tuple[int, str]] = {}  # granularity -> (end offset, value)
        for s, e, n in chosen:
            raw = text[s:e]
            value, granularity = n.value, n.granularity
            anchor_iso = anchor.isoformat() if (n.relative and anchor) else None
            if n.ref is not None:
                unit, shift = n.ref
                base = self._antecedent(seen, "Q" if unit == "QY" else unit, s)
                if base is not None and unit == "QY":  # "the 1988 quarter"
                    value, granularity, anchor_iso = f"{shift}-{base[-2:]}", "quarter", base
                elif base is not None:
                    value = shift_value(base, unit, shift)
                    granularity = {"D": "day", "M": "month", "Q": "quarter", "Y": "year"}[unit]
                    anchor_iso = base
            # a date read back from another ("the year-earlier quarter") is not the new topic
            topical = n.ref is None or n.ref[1] == 0
            if (
                value
                and topical
                and n.kind == "date"
                and granularity in ("day", "month", "quarter", "year")
            ):
                seen[granularity] = (e, value)
            out.append(DateSpan(s, e, raw, value, n.kind, granularity, anchor_iso))
        return out

    @staticmethod
    def _antecedent(seen: dict[str, tuple[int, str]], unit: str, start: int) -> str | None:
        """The latest value of the unit's granularity (or, for a day, month or year, of a
        finer one that contains it) shortly before ``start``."""
        order = {
            "D": ["day"],
            "M": ["month", "day"],
            "Q": ["quarter"],
            "Y": ["year", "quarter", "month", "day"],
        }
        best: tuple[int, str] | None = None
        for granularity in order[unit]:
            hit = seen.get(granularity)
            if hit and start - hit[0] <= ANAPHOR_WINDOW and (best is None or hit[0] > best[0]):
                best = hit
        if best is None:
            return None
        value = best[1]
        if unit == "M":
            return value[:7]
        if unit == "Y":
            return value[:4]
        return value

    @staticmethod
    def _is_attribute(doc: Doc, s: int, e: int) -> bool:
        """'annual' in 'annual talks' and 'quarterly' in 'quarterly figures' describe a noun;
        they are not temporal expressions of their own."""
        span = doc.char_span(s, e)
        return (
            span is not None and len(span) == 1 and span[0].dep_ == "amod" and span[0].pos_ == "ADJ"
        )

    def _split_range(self, text: str, s: int, e: int) -> list[tuple[int, int]]:
        """A model span naming a range ("between 1994 and 1997") as its two ends, when both
        read as dates; otherwise the span itself."""
        m = _RANGE_RE.match(text[s:e])
        if m is None:
            return [(s, e)]
        a, b = m.group("a"), m.group("b")
        # "the quarter ended Sept. 30": a period and the day it ends, each of any kind
        ends = m.group("sep").lower() in ("ended", "ending", "of")
        first = self.norm.normalize(a, ANY_ANCHOR)
        second = self.norm.normalize(b, ANY_ANCHOR)
        a_span = (s + m.start("a"), s + m.end("a"))
        b_span = (s + m.start("b"), s + m.end("b"))
        if ends and second is not None:
            return [a_span, b_span]
        if first is None or first.kind != "date":
            return [(s, e)]
        if second is None and b.strip().isdigit() and first.granularity == "day":
            # "April 24 and 25": the second day shares the month, read through the first
            return [a_span, b_span]
        if second is None or second.kind != "date":
            return [(s, e)]
        return [a_span, b_span]

    def _normalize_span(self, doc: Doc, s: int, e: int, anchor: date | None) -> Normalized | None:
        """The value of text[s:e]; for a model span that does not read as a whole ("the end
        of this month", "Thursday, April 6"), the value of its longest readable part."""
        raw = doc_text(doc)[s:e]
        tense = tense_of(doc, s, e)
        if _PERIOD_ENDED_RE.match(raw) and _ENDED_RE.match(doc_text(doc), e):
            # "the year ended Sept. 30": a year's length, the day says which
            unit = self.norm.t["units"][raw.split()[-1].lower()]
            return Normalized(duration_value(1, unit), "duration", None, False)
        n = self.norm.normalize(raw, anchor, tense=tense)
        if n is not None and (n.value is not None or n.relative):
            return n
        if raw.strip().isdigit() and len(raw.strip()) <= 2:
            # the day of a range's second end ("April 24 and 25"): the month is the first's
            before = re.search(
                rf"({self.norm.month_re})\.?\s+\d{{1,2}}\s*(?:and|to|-|–)\s*$",
                doc_text(doc)[max(0, s - 25) : s],
                re.I,
            )
            if before:
                return self.norm.normalize(f"{before.group(1)} {raw.strip()}", anchor, tense=tense)
            return None
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
        # "last year's": the possessive is not part of the date (a decade's "1990's" is)
        if re.search(r"[a-z]['’]s$", text[s:e], re.I):
            e -= 2
        # "the early 1990" -> "early 1990's": the model leaves the decade's 's outside
        if re.fullmatch(r"(?:early|mid|late)?[\s\-]*\d{3}0", text[s:e], re.I) and text[
            e : e + 2
        ] in ("'s", "’s"):
            e += 2
        return s, e

    def reference_date(
        self,
        doc: Doc,
        spans: list[DateSpan],
        datelines: list[tuple[int, int]],
        year: int | None = None,
    ) -> tuple[date, PublishedSource] | None:
        """The reference date of a text that was given none, and where it comes from.

        A wire dateline ("TAIPEI, March 2 - ") dates the story; it rarely carries the year,
        which then comes from the latest full date the text reports in the past tense (a story
        is published on or after every day it reports). Without a dateline that latest full
        date is the reference itself ("inferred"). Without either there is none: no year is
        guessed, unless the caller gives it (``year``, e.g. ``batch --year 1987``): a dateline
        with a month and day is then that day of that year."""
        full = re.compile(r"\d{4}-\d{2}-\d{2}")
        stated = sorted(
            d.value
            for d in spans
            if d.anchor is None
            and d.value
            and full.fullmatch(d.value)
            and tense_of(doc, d.start, d.end) == "past"
        )
        latest = date.fromisoformat(stated[-1]) if stated else None
        for _place_start, place_end in datelines[:1]:
            line = next((d for d in spans if 0 <= d.start - place_end <= 3), None)
            if line is None or line.granularity != "day":
                continue
            if line.anchor is None and line.value and full.fullmatch(line.value):
                return date.fromisoformat(line.value), "dateline"
            read = self.norm.normalize(line.text, ANY_ANCHOR)  # its month and day
            m = re.fullmatch(r"\d{4}-(\d{2})-(\d{2})", read.value or "") if read else None
            if m is not None and year is not None:
                try:
                    return date(year, int(m.group(1)), int(m.group(2))), "dateline"
                except ValueError:  # 29 February of a common year
                    continue
            if latest is None or m is None:
                continue
            for year in (latest.year, latest.year + 1):  # the first such day on or after it
                try:
                    when = date(year, int(m.group(1)), int(m.group(2)))
                except ValueError:
                    continue
                if when >= latest:
                    return when, "dateline"
        if latest is not None:
            return latest, "inferred"
        return None


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
