"""A person's titles, roles, affiliation and country, read from the words around each mention:
pre-nominal titles ("Mexican Secretary of Economy Marcelo Ebrard", "USTR Ambassador Greer")
and appositives ("Jamieson Greer, the U.S. Trade Representative,", "X, senior vice president,
international affairs, has headed ...")."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .entities import Entity, EntityIndex
from .lexicons import Lexicons

APPOSITIVE_MAX_CHARS = 90
_ARTICLE_RE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_AFFIL_SPLIT_RE = re.compile(r"\s+(?:of|at|for|with)\s+(?:the\s+)?")


class PersonAttributes:
    """Fills ``titles``, ``affiliation`` and ``country`` of the PERSON entities."""

    def __init__(self, lex: Lexicons) -> None:
        self.lex = lex

    def __call__(self, doc: Doc, index: EntityIndex) -> None:
        for person in index.of_label("PERSON"):
            for start, end in person.mentions:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None:
                    continue
                sent = span.sent
                self._title_before(doc, index, person, start, sent.start_char)
                self._appositive(doc, index, person, end, sent.end_char)
            if person.titles and person.affiliation is None:
                self._affiliation_fallback(doc, index, person)
            if person.affiliation and person.affiliation_id is None:
                org = next((o for o in index.of_label("ORG") if o.name == person.affiliation), None)
                person.affiliation_id = org.id if org else None

    def _add_title(self, person: Entity, title: str) -> None:
        title = title.strip(" ,")
        if title and title.lower() not in {t.lower() for t in person.titles}:
            person.titles.append(title)
        known = self.lex.known_titles.get(title)
        if known:
            if person.affiliation is None and known.get("org"):
                person.affiliation = known["org"]
            if person.country is None and known.get("country"):
                person.country = known["country"]

    def _title_before(
        self, doc: Doc, index: EntityIndex, person: Entity, start: int, sent_start: int
    ) -> None:
        text = doc.text
        before = text[max(sent_start, start - 120) : start]
        m = self.lex.title_before_re.search(before)
        if not m:
            return
        title, nat = m.group("title"), m.group("nat")
        full = f"{nat} {title}" if nat else title
        if full in self.lex.known_titles:
            self._add_title(person, full)
        else:
            self._add_title(person, title)
            if nat and person.country is None:
                person.country = self.lex.country_of(nat)
        # an organization named just before the title: "USTR Ambassador Greer"
        org_end = start - len(before) + m.start()
        while org_end > 0 and text[org_end - 1].isspace():
            org_end -= 1
        for _s, e, ent in index.within(max(0, org_end - 80), org_end):
            if e == org_end and ent.label == "ORG" and person.affiliation is None:
                person.affiliation, person.affiliation_id = ent.name, ent.id

    def _appositive(
        self, doc: Doc, index: EntityIndex, person: Entity, end: int, sent_end: int
    ) -> None:
        text = doc.text
        after = text[end : min(sent_end, end + APPOSITIVE_MAX_CHARS * 2)]
        if not after.startswith(","):
            return
        segments: list[tuple[int, int]] = []
        pos = end + 1
        for piece in after[1:].split(","):
            seg_start, seg_end = pos, pos + len(piece)
            pos = seg_end + 1
            if pos > end + len(after):
                break  # the last piece is not closed by a comma: not an appositive
            if (
                self._has_verb(doc, seg_start, seg_end)
                or seg_end - seg_start > APPOSITIVE_MAX_CHARS
            ):
                break
            segments.append((seg_start, seg_end))
        if not segments:
            return
        first = _ARTICLE_RE.sub("", text[segments[0][0] : segments[0][1]].strip())
        if not any(w.lower() in self.lex.title_heads for w in re.split(r"[\s\-]+", first)):
            return
        title_end = segments[-1][1] if len(segments) <= 2 else segments[0][1]
        seg_text = text[segments[0][0] : title_end].strip()
        seg_text = _ARTICLE_RE.sub("", seg_text)
        for s, _e, ent in index.within(segments[0][0], title_end):
            if ent.label == "ORG":
                person.affiliation, person.affiliation_id = ent.name, ent.id
                cut = _AFFIL_SPLIT_RE.split(seg_text, maxsplit=1)[0]
                seg_text = (
                    cut if cut != seg_text else seg_text[: max(0, s - segments[0][0])].strip()
                )
                break
        self._add_title(person, seg_text)

    @staticmethod
    def _has_verb(doc: Doc, start: int, end: int) -> bool:
        span = doc.char_span(start, end, alignment_mode="expand")
        return span is not None and any(t.pos_ in ("VERB", "AUX") for t in span)

    def _affiliation_fallback(self, doc: Doc, index: EntityIndex, person: Entity) -> None:
        """A titled person who is a sentence's subject is affiliated with the first
        organization the sentence names after them ("X, senior vice president, has headed
        CalChamber international activities")."""
        text = doc.text
        for start, end in person.mentions:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or text[span.sent.start_char : start].strip():
                continue
            for _s, _e, ent in index.within(end, span.sent.end_char):
                if ent.label == "ORG":
                    person.affiliation, person.affiliation_id = ent.name, ent.id
                    return
