"""A person's titles, roles, affiliation and country, read from the words around each mention:
pre-nominal titles ("Mexican Secretary of Economy Marcelo Ebrard", "USTR Ambassador Greer")
and appositives ("Jamieson Greer, the U.S. Trade Representative,", "X, senior vice president,
international affairs, has headed ...")."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..rules.lexicons import Lexicons
from ..rules.syntax import doc_text, subtree
from .model import Entity, EntityIndex

APPOSITIVE_MAX_CHARS = 120
#: How far before a name a title (and an organization before the title) is looked for.
TITLE_WINDOW_CHARS = 120
_ARTICLE_RE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_AND_TITLE_RE = re.compile(r"\s+and\s+(?=(?:former\s+|then\s+)?[a-z])")
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
                self._title_comma_before(doc, person, start, sent.start_char)
                sent_end = len(doc_text(doc)[: sent.end_char].rstrip())
                self._appositive(doc, index, person, end, sent_end)
            if person.titles and person.affiliation is None:
                self._affiliation_fallback(doc, index, person)
            if person.affiliation and person.affiliation_id is None:
                org = next((o for o in index.of_label("ORG") if o.name == person.affiliation), None)
                person.affiliation_id = org.id if org else None

    def _add_title(self, person: Entity, title: str) -> None:
        title = " ".join(title.split()).strip(" ,")
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
        text = doc_text(doc)
        before = text[max(sent_start, start - TITLE_WINDOW_CHARS) : start]
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
        for _s, e, ent in index.within(max(0, org_end - TITLE_WINDOW_CHARS), org_end):
            if e == org_end and ent.label == "ORG" and person.affiliation is None:
                person.affiliation, person.affiliation_id = ent.name, ent.id

    def _title_comma_before(self, doc: Doc, person: Entity, start: int, sent_start: int) -> None:
        """A title set off before the name: "China's commercial counsellor in its Washington
        embassy, Chen Shibiao, said"."""
        text = doc_text(doc)
        before = text[sent_start:start]
        if not before.rstrip().endswith(","):
            return
        segment = re.split(r"[,;:(]|\bby\b|\bwith\b", before.rstrip()[:-1])[-1]
        m = self.lex.title_phrase_re.search(segment)
        if m:
            self._add_title(person, m.group("title"))
            if m.group("nat") and person.country is None:
                person.country = self.lex.country_of(m.group("nat"))

    def _appositive(
        self, doc: Doc, index: EntityIndex, person: Entity, end: int, sent_end: int
    ) -> None:
        text = doc_text(doc)
        after = text[end : min(sent_end, end + APPOSITIVE_MAX_CHARS * 2)]
        if not after.startswith(","):
            return
        segments: list[tuple[int, int]] = []
        pos = end + 1
        pieces = after[1:].split(",")
        for n, piece in enumerate(pieces):
            seg_start, seg_end = pos, pos + len(piece)
            pos = seg_end + 1
            if n == len(pieces) - 1:
                # the last piece is an appositive only where it ends the sentence
                closing = piece.rstrip()
                if not closing.endswith(".") or seg_end < sent_end - 1:
                    break
                seg_end = seg_start + len(closing) - 1
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
                if not _AFFIL_SPLIT_RE.search(seg_text):
                    seg_text = seg_text[: max(0, s - segments[0][0])].strip()
                break
        else:
            # "vice-chairman of the council for economic planning": an organization the
            # model did not tag is still the affiliation, by name
            parts = _AFFIL_SPLIT_RE.split(seg_text, maxsplit=1)
            if len(parts) == 2 and person.affiliation is None:
                seg_text, org = parts
                person.affiliation = " ".join(org.split())
        # "chairman of X and former president of Y": one title per conjunct
        for title in _AND_TITLE_RE.split(seg_text):
            self._add_title(person, _AFFIL_SPLIT_RE.split(title, maxsplit=1)[0])

    @staticmethod
    def _has_verb(doc: Doc, start: int, end: int) -> bool:
        span = doc.char_span(start, end, alignment_mode="expand")
        # a finite verb ends an appositive; participles ("planning") may sit inside one
        finite = ("VBD", "VBZ", "VBP", "MD")
        return span is not None and any(t.tag_ in finite for t in span)

    def _affiliation_fallback(self, doc: Doc, index: EntityIndex, person: Entity) -> None:
        """A titled person who is a sentence's subject is affiliated with the first
        organization the sentence names after them ("X, senior vice president, has headed
        CalChamber international activities")."""
        text = doc_text(doc)
        for start, end in person.mentions:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or text[span.sent.start_char : start].strip():
                continue
            wanted = set(self.lex.raw["titles"].get("affiliation_verbs", []))
            # the person must be the verb's subject ("Rha told Reuters ..., which represents
            # ..." makes Reuters nothing of Rha's), and the organization its object side
            verbs = [
                t
                for t in span.sent
                if t.pos_ == "VERB"
                and t.lemma_.lower() in wanted
                and any(
                    c.dep_ in ("nsubj", "nsubjpass")
                    and c.left_edge.idx <= start < c.right_edge.idx + 1
                    for c in t.children
                )
            ]
            for verb in verbs:
                after = subtree(verb)
                for _s, _e, ent in index.within(max(end, after.start_char), after.end_char):
                    if ent.label == "ORG":
                        person.affiliation, person.affiliation_id = ent.name, ent.id
                        return
