"""What the components leave on the Doc, and how it is read back.

Each component writes its items twice:

- as plain JSON values in a registered ``Doc`` extension (``doc._.tc_entities``,
  ``doc._.tc_money``, ...), which ``DocBin(store_user_data=True)`` serializes and
  :func:`tradeclaims.from_doc` assembles into the Pydantic result; and
- as spans in a named ``doc.spans`` group (labels are the categories, ``span.id_`` the item's
  id), for displaCy, ``DocBin`` and other components; ``span._.tc`` returns the item's values.

A later component reads an earlier one's results from the Doc through the functions here,
never from the earlier component's Python objects.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, get_args

from spacy.tokens import Doc, Span

from ..dates.extractor import DateSpan
from ..entities.model import Entity, EntityIndex
from ..figures.extractor import Figure
from ..schema import ClaimKind, DateKind, decimal_to_str

#: The ``doc.spans`` keys the components write.
SPANS_ENTITIES = "tc_entities"
SPANS_FIGURES = "tc_figures"
SPANS_DATES = "tc_dates"
SPANS_CLAIMS = "tc_claims"
SPAN_KEYS = (SPANS_ENTITIES, SPANS_FIGURES, SPANS_DATES, SPANS_CLAIMS)

#: Doc extensions holding each component's items (JSON values); None until it ran.
DOC_ITEMS = (
    "tc_entities",  # entities with their mentions and attributes
    "tc_datelines",  # [start, end] of dateline places
    "tc_money",
    "tc_percentages",
    "tc_quantities",
    "tc_dates",
    "tc_reference",  # {"published": ..., "source": ...}: the reference date used
    "tc_claims",
    "tc_claim_candidates",  # [{"claim": ..., "features": ...}] for a trained decision
)
#: Context set by the caller before the pipeline runs.
DOC_CONTEXT = ("tradeclaims_published", "tradeclaims_source", "tradeclaims_title")
#: Year of a wire dateline that gives only month and day (``batch --year``); None: unknown.
DOC_CONTEXT_YEAR = "tradeclaims_year"
_ITEM_LISTS = {
    "PERSON": "tc_entities",
    "ORG": "tc_entities",
    "PLACE": "tc_entities",
    "AGREEMENT": "tc_entities",
    "MONEY": "tc_money",
    "PERCENT": "tc_percentages",
    "QUANTITY": "tc_quantities",
    **{kind: "tc_claims" for kind in get_args(ClaimKind)},
    **{kind: "tc_dates" for kind in get_args(DateKind)},
}


def _span_item(span: Span) -> dict[str, Any] | None:
    """The values of the item a span of a tradeclaims group stands for."""
    name = _ITEM_LISTS.get(span.label_)
    if name is None:
        return None
    items = getattr(span.doc._, name) or []
    return next((item for item in items if item.get("id") == span.id_), None)


def register_extensions() -> None:
    """Register the Doc and Span extensions (idempotent)."""
    for name in (*DOC_ITEMS, *DOC_CONTEXT, DOC_CONTEXT_YEAR):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Span.has_extension("tc"):
        Span.set_extension("tc", getter=_span_item)


register_extensions()


def set_spans(doc: Doc, key: str, items: list[tuple[int, int, str, str]]) -> None:
    """Write ``(start, end, label, id)`` items as the span group ``key``; offsets that do not
    fall on token boundaries are widened to the tokens they touch."""
    spans = []
    for start, end, label, item_id in items:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            span.id_ = item_id
            spans.append(span)
    doc.spans[key] = spans


# -- entities ---------------------------------------------------------------------------------


def entity_to_json(ent: Entity) -> dict[str, Any]:
    data = asdict(ent)
    data["mentions"] = [list(m) for m in ent.mentions]
    data["aliases"] = sorted(ent.aliases)
    return data


def entity_from_json(data: dict[str, Any]) -> Entity:
    return Entity(
        **{
            **data,
            "mentions": [(int(s), int(e)) for s, e in data["mentions"]],
            "aliases": set(data["aliases"]),
        }
    )


def entity_index(doc: Doc) -> EntityIndex | None:
    """The entities the entities component found, or None if it did not run."""
    if doc._.tc_entities is None:
        return None
    return EntityIndex(
        [entity_from_json(e) for e in doc._.tc_entities],
        datelines=[(int(s), int(e)) for s, e in doc._.tc_datelines or []],
    )


# -- figures and dates ------------------------------------------------------------------------


def figure_to_json(fig: Figure) -> dict[str, Any]:
    data = asdict(fig)
    data["value"] = decimal_to_str(fig.value)
    data["value_max"] = decimal_to_str(fig.value_max) if fig.value_max is not None else None
    return data


def date_spans(doc: Doc) -> list[DateSpan] | None:
    """The dates the dates component found, or None if it did not run."""
    if doc._.tc_dates is None:
        return None
    return [DateSpan(**{k: v for k, v in d.items() if k != "id"}) for d in doc._.tc_dates]


def date_to_json(i: int, d: DateSpan) -> dict[str, Any]:
    return {"id": f"D{i}", **asdict(d)}
