"""Assembling the Pydantic result from what the components left on a Doc."""

from __future__ import annotations

from typing import Any, TypeVar

from spacy.tokens import Doc

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
    Quantity,
    Span,
    text_id,
)

FigureModel = TypeVar("FigureModel", Money, Percentage, Quantity)


def from_doc(doc: Doc) -> ArticleExtraction:
    """The :class:`ArticleExtraction` of a processed Doc. Categories whose component did not
    run (``nlp.select_pipes(disable=...)``, or a pipeline without it) come out empty."""
    text = doc_text(doc)
    reference = doc._.tc_reference or {}
    given = doc._.tradeclaims_published
    meta = ArticleMeta(
        id=text_id(text),
        source=doc._.tradeclaims_source,
        title=doc._.tradeclaims_title,
        published=reference.get("published", given),
        published_source=reference.get("source", "given" if given else "none"),
        char_count=len(text),
    )
    entities = doc._.tc_entities or []
    money = doc._.tc_money or []

    def spans(ent: dict[str, Any]) -> list[Span]:
        return [Span(start=s, end=e, text=text[s:e]) for s, e in ent["mentions"]]

    def of(label: str) -> list[dict[str, Any]]:
        return [e for e in entities if e["label"] == label]

    return ArticleExtraction(
        schema_version=SCHEMA_VERSION,
        article=meta,
        people=[
            Person(
                id=e["id"],
                name=e["name"],
                titles=e["titles"],
                affiliation=e["affiliation"],
                affiliation_id=e["affiliation_id"],
                country=e["country"],
                mentions=spans(e),
            )
            for e in of("PERSON")
        ],
        organizations=[
            Organization(
                id=e["id"],
                name=e["name"],
                aliases=e["aliases"],
                wikidata=e.get("code"),
                mentions=spans(e),
            )
            for e in of("ORG")
        ],
        places=[
            Place(id=e["id"], name=e["name"], code=e.get("code"), mentions=spans(e))
            for e in of("PLACE")
        ],
        agreements=[
            Agreement(id=e["id"], name=e["name"], aliases=e["aliases"], mentions=spans(e))
            for e in of("AGREEMENT")
        ],
        dates=[DateItem(**{k: v for k, v in d.items() if k != "id"}) for d in doc._.tc_dates or []],
        money=[_figure(Money, f, amount="value", amount_max="value_max") for f in money],
        percentages=[_figure(Percentage, f) for f in doc._.tc_percentages or []],
        quantities=[_figure(Quantity, f) for f in doc._.tc_quantities or []],
        claims=[Claim.model_validate(c) for c in doc._.tc_claims or []],
    )


def _figure(model: type[FigureModel], figure: dict[str, Any], **renamed: str) -> FigureModel:
    """A schema figure from the figures component's values: the fields the model has, some
    under another name (``amount`` is the figure's ``value``)."""
    fields = model.model_fields
    values = {name: figure[renamed.get(name, name)] for name in fields}
    return model.model_validate(values)
