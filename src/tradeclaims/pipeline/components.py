"""The extraction components, one per concern:

========================  ==========================================  =====================
factory                   writes                                      reads
========================  ==========================================  =====================
``tradeclaims_entities``  people, organizations, places, agreements   ``doc.ents``, parse
``tradeclaims_figures``   money, percentages, counted quantities      parse
``tradeclaims_dates``     dates, the reference date                   figures, datelines
``tradeclaims_claims``    claims                                      entities, dates
========================  ==========================================  =====================

Each is a ``@Language.factory`` with ``requires``/``assigns``, reads its rule tables in
``initialize`` (``models/config.cfg`` names them), saves them with ``to_disk``, and leaves its
results on the Doc (:mod:`.docdata`). A component whose inputs are missing fails when it is
added, and again when it meets a Doc without them: never silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import srsly
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from ..claims.candidates import propose
from ..claims.extractor import ClaimDraft, ClaimExtractor
from ..dates.extractor import DateExtractor
from ..entities.extractor import EntityExtractor
from ..entities.people import PersonAttributes
from ..errors import MissingComponentError
from ..figures.extractor import FigureExtractor
from ..rules.lexicons import DATA_FILES, Lexicons, read_data
from ..rules.syntax import doc_text
from ..schema import Claim, Span
from . import docdata
from .paragraphs import make_paragraph_splitter

__all__ = [
    "ClaimsComponent",
    "DatesComponent",
    "EntitiesComponent",
    "FiguresComponent",
    "make_paragraph_splitter",
]


@registry.readers("tradeclaims.read_jsonl_list.v1")  # type: ignore[untyped-decorator]
def read_jsonl_list(path: Path) -> list[Any]:
    """Like ``srsly.read_jsonl.v1`` but returns a list (for components that validate one)."""
    return list(srsly.read_jsonl(path))


class RuleComponent:
    """A component driven by rule tables. ``TABLES`` names the tables it reads (keys of
    :data:`DATA_FILES`); a table not given to ``initialize`` is read from the data shipped with
    tradeclaims, so that ``nlp.add_pipe(...)`` works without initialization."""

    TABLES: ClassVar[tuple[str, ...]] = ()
    #: Factories that must run before this one, with the Doc extension each leaves.
    NEEDS: ClassVar[dict[str, str]] = {}

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self._tables: dict[str, Any] = {}
        self._ready = False
        check_order(nlp, name, self.NEEDS)

    def set_tables(self, **tables: Any) -> None:
        """Load rule tables (``initialize`` passes those ``models/config.cfg`` names). JSONL
        readers yield generators, which are materialized so that the data can be saved again
        by ``to_disk``."""
        for key, value in tables.items():
            if value is not None:
                self._tables[key] = list(value) if DATA_FILES[key].endswith(".jsonl") else value
        self._setup()

    def _setup(self) -> None:
        data = {key: self._tables.get(key) for key in DATA_FILES}
        for key in DATA_FILES:
            if data[key] is None:
                data[key] = read_data(key)
                if key in self.TABLES:
                    self._tables[key] = data[key]
        self.build(Lexicons.from_data(data))
        self._ready = True

    def build(self, lex: Lexicons) -> None:
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        if not self._ready:
            self._setup()
        for factory, extension in self.NEEDS.items():
            if getattr(doc._, extension) is None:
                raise MissingComponentError(
                    f"{self.name} needs the results of {factory!r}, which did not run on this doc"
                )
        self.process(doc)
        return doc

    def process(self, doc: Doc) -> None:
        raise NotImplementedError

    def to_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> None:
        if not self._ready:
            self._setup()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for key in self.TABLES:
            target = path / Path(DATA_FILES[key]).name
            if DATA_FILES[key].endswith(".jsonl"):
                srsly.write_jsonl(target, self._tables[key])
            else:
                srsly.write_json(target, self._tables[key])

    def from_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> RuleComponent:
        path = Path(path)
        for key in self.TABLES:
            source = path / Path(DATA_FILES[key]).name
            jsonl = DATA_FILES[key].endswith(".jsonl")
            self._tables[key] = list(srsly.read_jsonl(source)) if jsonl else srsly.read_json(source)
        self._setup()
        return self


def check_order(nlp: Language, name: str, needs: Iterable[str]) -> None:
    """Raise a coded error unless every factory in ``needs`` is already in the pipeline."""
    present = {nlp.get_pipe_meta(n).factory for n in nlp.pipe_names}
    missing = [f for f in needs if f not in present]
    if missing:
        raise MissingComponentError(
            f"{name!r} needs {', '.join(repr(m) for m in missing)} earlier in the pipeline: "
            f"add it first, or use tradeclaims.add_to_pipeline(nlp) for the whole set"
        )


# -- entities ---------------------------------------------------------------------------------


class EntitiesComponent(RuleComponent):
    """People (with titles, affiliation, country), organizations, places and agreements, with
    acronyms and short forms merged into one entity and every mention found."""

    TABLES = ("aliases", "titles", "places", "filters", "place_codes")

    def initialize(
        self,
        get_examples: Any = None,
        *,
        nlp: Language | None = None,
        aliases: Iterable[dict[str, Any]] | None = None,
        titles: dict[str, Any] | None = None,
        places: dict[str, Any] | None = None,
        filters: dict[str, Any] | None = None,
        place_codes: dict[str, Any] | None = None,
    ) -> None:
        """Read the rule tables; a table left out is read from the shipped data."""
        self.set_tables(
            aliases=aliases, titles=titles, places=places, filters=filters, place_codes=place_codes
        )

    def __init__(self, nlp: Language, name: str, *, rules_key: str) -> None:
        self.rules_key = rules_key
        super().__init__(nlp, name)

    def build(self, lex: Lexicons) -> None:
        self.extractor = EntityExtractor(lex, self.rules_key)
        self.people = PersonAttributes(lex)

    def process(self, doc: Doc) -> None:
        index = self.extractor(doc)
        self.people(doc, index)
        doc._.tc_entities = [docdata.entity_to_json(e) for e in index.entities]
        doc._.tc_datelines = [list(d) for d in index.datelines]
        docdata.set_spans(
            doc,
            docdata.SPANS_ENTITIES,
            [(s, e, ent.label, ent.id) for ent in index.entities for s, e in ent.mentions],
        )


@Language.factory(
    "tradeclaims_entities",
    default_config={"rules_key": "tradeclaims_rules"},
    requires=["doc.ents", "doc.sents", "token.dep", "token.pos"],
    assigns=["doc._.tc_entities", "doc._.tc_datelines", "doc.spans"],
)
def make_entities(nlp: Language, name: str, *, rules_key: str) -> EntitiesComponent:
    """Factory of :class:`EntitiesComponent`; ``rules_key`` is the span ruler's group."""
    return EntitiesComponent(nlp, name, rules_key=rules_key)


# -- figures ----------------------------------------------------------------------------------


class FiguresComponent(RuleComponent):
    """Money figures (exact amount, currency, qualifier, measure, part_of), percentages and
    counted quantities."""

    TABLES = ("currencies",)

    def initialize(
        self,
        get_examples: Any = None,
        *,
        nlp: Language | None = None,
        currencies: dict[str, Any] | None = None,
    ) -> None:
        """Read the rule tables; a table left out is read from the shipped data."""
        self.set_tables(currencies=currencies)

    def build(self, lex: Lexicons) -> None:
        self.extractor = FigureExtractor(lex)

    def process(self, doc: Doc) -> None:
        money, percents = self.extractor(doc)
        taken = [(f.start, f.end) for f in (*money, *percents)]
        quantities = self.extractor.quantities(doc, taken)
        for prefix, figs in (("P", percents), ("Q", quantities)):
            for i, f in enumerate(figs, 1):
                f.id = f"{prefix}{i}"
        doc._.tc_money = [docdata.figure_to_json(f) for f in money]
        doc._.tc_percentages = [docdata.figure_to_json(f) for f in percents]
        doc._.tc_quantities = [docdata.figure_to_json(f) for f in quantities]
        set_figure_spans(doc)


def set_figure_spans(doc: Doc) -> None:
    labels = {"tc_money": "MONEY", "tc_percentages": "PERCENT", "tc_quantities": "QUANTITY"}
    docdata.set_spans(
        doc,
        docdata.SPANS_FIGURES,
        [
            (f["start"], f["end"], label, f["id"])
            for ext, label in labels.items()
            for f in getattr(doc._, ext)
        ],
    )


@Language.factory(
    "tradeclaims_figures",
    requires=["token.dep", "token.pos", "token.lemma"],
    assigns=[
        "doc._.tc_money",
        "doc._.tc_percentages",
        "doc._.tc_quantities",
        "doc.spans",
    ],
)
def make_figures(nlp: Language, name: str) -> FiguresComponent:
    """Factory of :class:`FiguresComponent`."""
    return FiguresComponent(nlp, name)


# -- dates ------------------------------------------------------------------------------------


class DatesComponent(RuleComponent):
    """Temporal expressions normalized against the publication date
    (``doc._.tradeclaims_published``), or against a reference date found in the text (a
    wire dateline, the latest full date reported). Money and percentages are never dates, and
    a counted quantity inside a date ("the next two years") is dropped: the date wins."""

    TABLES = ("temporal",)

    def initialize(
        self,
        get_examples: Any = None,
        *,
        nlp: Language | None = None,
        temporal: dict[str, Any] | None = None,
    ) -> None:
        """Read the rule tables; a table left out is read from the shipped data."""
        self.set_tables(temporal=temporal)

    def build(self, lex: Lexicons) -> None:
        self.extractor = DateExtractor(lex)

    def process(self, doc: Doc) -> None:
        published = doc._.tradeclaims_published
        anchor = date.fromisoformat(published) if published else None
        taken = [
            (f["start"], f["end"]) for f in [*(doc._.tc_money or []), *(doc._.tc_percentages or [])]
        ]
        spans = self.extractor(doc, anchor, taken)
        source = "given" if anchor else "none"
        if anchor is None:
            datelines = [(int(s), int(e)) for s, e in doc._.tc_datelines or []]
            found = self.extractor.reference_date(
                doc, spans, datelines, year=doc._.tradeclaims_year
            )
            if found is not None:
                anchor, source = found
                spans = self.extractor(doc, anchor, taken)
        doc._.tc_reference = {
            "published": anchor.isoformat() if anchor else None,
            "source": source,
        }
        doc._.tc_dates = [docdata.date_to_json(i, d) for i, d in enumerate(spans, 1)]
        docdata.set_spans(
            doc,
            docdata.SPANS_DATES,
            [(d.start, d.end, d.kind, f"D{i}") for i, d in enumerate(spans, 1)],
        )
        if doc._.tc_quantities:
            doc._.tc_quantities = [
                q
                for q in doc._.tc_quantities
                if not any(q["start"] < d.end and q["end"] > d.start for d in spans)
            ]
            set_figure_spans(doc)


@Language.factory(
    "tradeclaims_dates",
    requires=["doc.ents", "token.dep", "token.tag"],
    assigns=["doc._.tc_dates", "doc._.tc_reference", "doc.spans"],
)
def make_dates(nlp: Language, name: str) -> DatesComponent:
    """Factory of :class:`DatesComponent`."""
    return DatesComponent(nlp, name)


# -- claims -----------------------------------------------------------------------------------


class ClaimsComponent(RuleComponent):
    """Policy claims: commitments, appeals, threats, positions, reports and provisions, with
    actors and targets resolved to the entities, the action, quote, date and evidence.

    With ``propose`` it leaves instead every claim candidate with its features in
    ``doc._.tc_claim_candidates`` for the trained ``tradeclaims_claim_kinds`` after it, which
    makes the claims (``tradeclaims.load(exclude=("tradeclaims_claim_kinds",))`` builds the
    pipeline with the rule claims)."""

    TABLES = ("triggers", "claim_words")
    NEEDS: ClassVar[dict[str, str]] = {
        "tradeclaims_entities": "tc_entities",
        "tradeclaims_dates": "tc_dates",
    }

    def __init__(self, nlp: Language, name: str, *, propose: bool) -> None:
        self.propose = propose
        super().__init__(nlp, name)

    def initialize(
        self,
        get_examples: Any = None,
        *,
        nlp: Language | None = None,
        triggers: Iterable[dict[str, Any]] | None = None,
        claim_words: dict[str, Any] | None = None,
    ) -> None:
        """Read the rule tables; a table left out is read from the shipped data."""
        self.set_tables(triggers=triggers, claim_words=claim_words)

    def build(self, lex: Lexicons) -> None:
        self.extractor = ClaimExtractor(lex)

    def process(self, doc: Doc) -> None:
        index = docdata.entity_index(doc)
        dates = docdata.date_spans(doc)
        assert index is not None and dates is not None  # checked by __call__
        text = doc_text(doc)
        if not self.propose:
            set_claims(doc, self.rule_claims(doc))
            return
        # the trained decision that follows makes the claims of these candidates
        set_claims(doc, [])
        doc._.tc_claim_candidates = [
            {"claim": claim_model(text, i, c).model_dump(mode="json"), "features": c.features}
            for i, c in enumerate(propose(self.extractor, doc, index, dates), 1)
        ]

    def rule_claims(self, doc: Doc) -> list[Claim]:
        """The claims the rules alone make of a processed doc."""
        index, dates = docdata.entity_index(doc), docdata.date_spans(doc)
        assert index is not None and dates is not None
        drafts = self.extractor(doc, index, dates)
        return [claim_model(doc_text(doc), i, c) for i, c in enumerate(drafts, 1)]


def set_claims(doc: Doc, claims: list[Claim]) -> None:
    doc._.tc_claims = [c.model_dump(mode="json") for c in claims]
    docdata.set_spans(
        doc,
        docdata.SPANS_CLAIMS,
        [(c.trigger.start, c.trigger.end, c.kind, c.id) for c in claims],
    )


@Language.factory(
    "tradeclaims_claims",
    default_config={"propose": False},
    requires=["doc._.tc_entities", "doc._.tc_dates", "doc.sents", "token.dep", "token.lemma"],
    assigns=["doc._.tc_claims", "doc._.tc_claim_candidates", "doc.spans"],
)
def make_claims(nlp: Language, name: str, *, propose: bool) -> ClaimsComponent:
    """Factory of :class:`ClaimsComponent`; needs the entities and dates components."""
    return ClaimsComponent(nlp, name, propose=propose)


def _span(text: str, rng: tuple[int, int] | None) -> Span | None:
    return Span(start=rng[0], end=rng[1], text=text[rng[0] : rng[1]]) if rng else None


def claim_model(text: str, i: int, c: ClaimDraft) -> Claim:
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
