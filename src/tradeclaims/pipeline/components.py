"""The spaCy components: a paragraph-aware sentence splitter and the extractor.

Both are registered as factories (``tradeclaims_paragraphs``, ``tradeclaims``) here and through
the ``spacy_factories`` entry point, so ``spacy.load`` of a saved pipeline finds them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from ..claims.extractor import ClaimDraft, ClaimExtractor
from ..dates.extractor import DateExtractor
from ..entities.extractor import Entity, EntityExtractor, EntityIndex
from ..entities.people import PersonAttributes
from ..figures.extractor import Figure, FigureExtractor
from ..io.readers import text_id
from ..rules.lexicons import DATA_FILES, Lexicons, read_data
from ..rules.syntax import doc_text
from ..schema import (
    SCHEMA_VERSION,
    Agreement,
    ArticleExtraction,
    ArticleMeta,
    Claim,
    DateItem,
    Money,
    Organization,
    Percentage,
    Person,
    Place,
    PublishedSource,
    Quantity,
    Span,
)

for _name in ("tradeclaims", "tradeclaims_published", "tradeclaims_source", "tradeclaims_title"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@registry.readers("tradeclaims.read_jsonl_list.v1")  # type: ignore[untyped-decorator]
def read_jsonl_list(path: Path) -> list[Any]:
    """Like ``srsly.read_jsonl.v1`` but returns a list (for components that validate one)."""
    return list(srsly.read_jsonl(path))


#: A line shorter than this that ends without punctuation is a heading or byline line, not a
#: wrapped line of running text (wire copy wraps at 60 to 70 characters).
SHORT_LINE_CHARS = 45
# "PEKING, March 3 -", "TAUPO, New Zealand, March 23 -"
DATELINE_PREFIX_RE = re.compile(
    r"[ \t]*[A-Z][A-Z .'\-]+,(?:[ \t]+[A-Z][A-Za-z.]*(?:[ \t]+[A-Z][A-Za-z.]*){0,2},)?"
    r"[ \t]+[A-Z][a-z]+\.?[ \t]+\d{1,2},?[ \t]*$"
)


_WIRE_CONJUNCTIONS = ("And", "Or", "Of", "To", "With", "For")
_ABBREVIATION_END_RE = re.compile(r"(?:\b[A-Z]\.){2,}$")


class ParagraphSplitter:
    """Starts a sentence at every paragraph break (a blank line, or a new line that is
    indented) and after short heading-like lines, so that headlines, headings and bylines
    never run into the next sentence; wrapped lines of running text are left alone. Runs
    before the parser, which respects preset sentence starts."""

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        for i in range(1, len(doc)):
            # a wire dateline ("PEKING, March 3 - ") is not part of the first sentence's subject
            if doc[i - 1].text in ("-", "--") and DATELINE_PREFIX_RE.match(
                text, text.rfind("\n", 0, doc[i - 1].idx) + 1, doc[i - 1].idx
            ):
                doc[i].is_sent_start = True
                continue
            prev = doc[i - 1]
            if "\n" in prev.whitespace_:
                gap = prev.whitespace_
                brk = prev.idx + len(prev)
            elif prev.is_space and "\n" in prev.text:
                gap = prev.text
                brk = prev.idx
            else:
                continue
            after_newline = gap.rsplit("\n", 1)[1]
            line_start = text.rfind("\n", 0, brk) + 1
            line = text[line_start:brk].strip()
            paragraph = gap.count("\n") > 1 or after_newline != ""
            heading = len(line) < SHORT_LINE_CHARS and not line.endswith((",", ";"))
            # "... in favor of U.S.\ncompanies": a lower-case word continues the sentence
            # and so does Reuters' capitalized conjunction after "U.S.": "the U.S.\nAnd Japan"
            continues = not paragraph and (
                doc[i].text[:1].islower()
                or (doc[i].text in _WIRE_CONJUNCTIONS and _ABBREVIATION_END_RE.search(line))
            )
            if continues:
                continue
            if paragraph or heading or line.endswith((".", "?", "!", ":", '"', "”")):
                doc[i].is_sent_start = True
        return doc


@Language.factory("tradeclaims_paragraphs")
def make_paragraph_splitter(nlp: Language, name: str) -> ParagraphSplitter:
    """Factory of :class:`ParagraphSplitter`."""
    return ParagraphSplitter()


class TradeclaimsExtractor:
    """Builds an :class:`ArticleExtraction` for each doc and stores it, serialized to plain
    JSON types, in ``doc._.tradeclaims``.

    The rule data comes from ``initialize`` (see ``models/config.cfg``); a component added to
    an existing pipeline without initialization reads the data shipped with tradeclaims.
    """

    def __init__(self, nlp: Language, name: str, *, rules_key: str, extract_claims: bool) -> None:
        self.name = name
        self.rules_key = rules_key
        self.extract_claims = extract_claims
        self._data: dict[str, Any] | None = None
        self._parts: tuple[Any, ...] | None = None

    def initialize(
        self,
        get_examples: Any = None,
        *,
        nlp: Language | None = None,
        aliases: Iterable[dict[str, Any]] | None = None,
        triggers: Iterable[dict[str, Any]] | None = None,
        titles: dict[str, Any] | None = None,
        places: dict[str, Any] | None = None,
        filters: dict[str, Any] | None = None,
        currencies: dict[str, Any] | None = None,
        temporal: dict[str, Any] | None = None,
        claim_words: dict[str, Any] | None = None,
    ) -> None:
        """Load the rule tables (see ``models/config.cfg``). A table left out is read from the
        data shipped with tradeclaims. JSONL readers yield generators, which are materialized
        so that the data can be saved again by ``to_disk``."""
        given: dict[str, Any] = {
            "aliases": list(aliases) if aliases is not None else None,
            "triggers": list(triggers) if triggers is not None else None,
            "titles": titles,
            "places": places,
            "filters": filters,
            "currencies": currencies,
            "temporal": temporal,
            "claim_words": claim_words,
        }
        current = self._data or {}
        self._set_data(
            {k: v if v is not None else current.get(k) or read_data(k) for k, v in given.items()}
        )

    def _set_data(self, data: dict[str, Any]) -> None:
        lex = Lexicons.from_data(data)
        self._data = data
        self._parts = (
            lex,
            EntityExtractor(lex, self.rules_key),
            PersonAttributes(lex),
            DateExtractor(lex),
            FigureExtractor(lex),
            ClaimExtractor(lex),
        )

    def _ensure(self) -> tuple[Any, ...]:
        if self._parts is None:
            self._set_data({key: read_data(key) for key in DATA_FILES})
        assert self._parts is not None
        return self._parts

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.tradeclaims = self.extract(doc).model_dump(mode="json")
        finally:
            doc.user_data.pop("tradeclaims_text", None)  # the extractors' text cache
        return doc

    def extract(self, doc: Doc) -> ArticleExtraction:
        """Run every extractor on a processed doc."""
        _lex, entities, people, dates, figures, claims = self._ensure()
        text = doc_text(doc)
        published = doc._.tradeclaims_published
        anchor = date.fromisoformat(published) if published else None
        index: EntityIndex = entities(doc)
        people(doc, index)
        money, percents = figures(doc)
        taken = [(f.start, f.end) for f in (*money, *percents)]
        date_spans = dates(doc, anchor, taken)
        source: PublishedSource = "given" if anchor else "none"
        if anchor is None:
            found = dates.reference_date(doc, date_spans, index.datelines)
            if found is not None:
                anchor, source = found
                date_spans = dates(doc, anchor, taken)
        quantities = figures.quantities(doc, [*taken, *((d.start, d.end) for d in date_spans)])
        drafts: list[ClaimDraft] = claims(doc, index, date_spans) if self.extract_claims else []
        meta = ArticleMeta(
            id=text_id(text),
            source=doc._.tradeclaims_source,
            title=doc._.tradeclaims_title,
            published=anchor,
            published_source=source,
            char_count=len(text),
        )
        return ArticleExtraction(
            schema_version=SCHEMA_VERSION,
            article=meta,
            people=[_person(text, e) for e in index.of_label("PERSON")],
            organizations=[
                Organization(
                    id=e.id, name=e.name, aliases=sorted(e.aliases), mentions=_spans(text, e)
                )
                for e in index.of_label("ORG")
            ],
            places=[
                Place(id=e.id, name=e.name, mentions=_spans(text, e))
                for e in index.of_label("PLACE")
            ],
            agreements=[
                Agreement(id=e.id, name=e.name, aliases=sorted(e.aliases), mentions=_spans(text, e))
                for e in index.of_label("AGREEMENT")
            ],
            dates=[
                DateItem(
                    start=d.start,
                    end=d.end,
                    text=d.text,
                    value=d.value,
                    kind=d.kind,
                    granularity=d.granularity,
                    anchor=d.anchor,
                )
                for d in date_spans
            ],
            money=[_money(f) for f in money],
            percentages=[
                Percentage(
                    start=f.start,
                    end=f.end,
                    text=f.text,
                    value=f.value,
                    qualifier=f.qualifier,
                    measure=f.measure,
                )
                for f in percents
            ],
            quantities=[
                Quantity(
                    start=f.start,
                    end=f.end,
                    text=f.text,
                    value=f.value,
                    qualifier=f.qualifier,
                    unit=f.unit,
                )
                for f in quantities
            ],
            claims=[_claim(text, i, c) for i, c in enumerate(drafts, 1)],
        )

    # -- serialization ----------------------------------------------------------------------

    def to_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        data = self._data or {key: read_data(key) for key in DATA_FILES}
        for key, rel in DATA_FILES.items():
            target = path / Path(rel).name
            if rel.endswith(".jsonl"):
                srsly.write_jsonl(target, data[key])
            else:
                srsly.write_json(target, data[key])

    def from_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> TradeclaimsExtractor:
        path = Path(path)
        data = {}
        for key, rel in DATA_FILES.items():
            source = path / Path(rel).name
            data[key] = (
                list(srsly.read_jsonl(source))
                if rel.endswith(".jsonl")
                else srsly.read_json(source)
            )
        self._set_data(data)
        return self


@Language.factory(
    "tradeclaims",
    default_config={"rules_key": "tradeclaims_rules", "extract_claims": True},
    requires=["doc.ents", "doc.sents", "token.dep", "token.lemma", "token.pos"],
    assigns=["doc._.tradeclaims"],
)
def make_extractor(
    nlp: Language, name: str, *, rules_key: str, extract_claims: bool
) -> TradeclaimsExtractor:
    """Factory of :class:`TradeclaimsExtractor`."""
    return TradeclaimsExtractor(nlp, name, rules_key=rules_key, extract_claims=extract_claims)


def _spans(text: str, ent: Entity) -> list[Span]:
    return [Span(start=s, end=e, text=text[s:e]) for s, e in ent.mentions]


def _span(text: str, rng: tuple[int, int] | None) -> Span | None:
    return Span(start=rng[0], end=rng[1], text=text[rng[0] : rng[1]]) if rng else None


def _person(text: str, e: Entity) -> Person:
    return Person(
        id=e.id, name=e.name, titles=e.titles, affiliation=e.affiliation,
        affiliation_id=e.affiliation_id, country=e.country, mentions=_spans(text, e),
    )  # fmt: skip


def _money(f: Figure) -> Money:
    return Money(
        id=f.id, start=f.start, end=f.end, text=f.text, amount=f.value, amount_max=f.value_max,
        currency=f.currency, qualifier=f.qualifier, per=f.per, measure=f.measure,
        part_of=f.part_of, flags=f.flags,
    )  # fmt: skip


def _claim(text: str, i: int, c: ClaimDraft) -> Claim:
    trigger = _span(text, c.trigger)
    sentence = _span(text, c.sentence)
    assert trigger is not None and sentence is not None
    return Claim(
        id=f"C{i}",
        kind=c.kind,
        trigger=trigger,
        actors=[a.name for a in c.actors],
        actor_ids=[a.id for a in c.actors],
        targets=[name for name, _ in c.targets],
        target_ids=[tid for _, tid in c.targets if tid],
        action=_span(text, c.action),
        quote=_span(text, c.quote),
        date=c.date,
        source=c.source,
        modality=c.modality,
        negated=c.negated,
        condition=c.condition,
        hedged=c.hedged,
        sentence=sentence,
    )
