"""Pydantic models of an extraction: the single source of truth for the output format.

Field names follow the gold-annotation format (``fixtures/*.gold.json``) so that an output and
a gold file compare field by field. Every extracted item carries ``start``/``end`` character
offsets (Python string indices, end exclusive) into the article text as read, and
``text == article[start:end]`` always holds. Amounts are exact decimals serialized as strings.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

SCHEMA_VERSION: Literal["1.3.0"] = "1.3.0"
#: Versions whose output this one reads: each minor version only added fields.
SchemaVersion = Literal["1.0.0", "1.1.0", "1.2.0", "1.3.0"]


def text_id(text: str) -> str:
    """The article id: SHA-256 of the text as UTF-8."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def decimal_to_str(value: Decimal) -> str:
    """Plain positional notation without exponent or trailing zeros ("683940000000")."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


ExactDecimal = Annotated[
    Decimal,
    PlainSerializer(decimal_to_str, return_type=str, when_used="json"),
]

#: The entity lists of an extraction and the singular class name of one item of each.
ENTITY_LISTS: dict[str, str] = {
    "people": "person",
    "organizations": "organization",
    "places": "place",
    "agreements": "agreement",
}
#: The lists of single-span items and the class name of one item of each.
SPAN_LISTS: dict[str, str] = {
    "dates": "date",
    "money": "money",
    "percentages": "percentage",
    "quantities": "quantity",
}

DateKind = Literal["date", "duration", "set", "vague"]
ClaimKind = Literal["commitment", "appeal", "threat", "position", "report", "provision"]
PublishedSource = Literal["given", "dateline", "inferred", "none"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Span(_Model):
    """A stretch of the article text."""

    start: int = Field(ge=0, description="Start offset (code points, inclusive) in the text.")
    end: int = Field(ge=0, description="End offset (code points, exclusive) in the text.")
    text: str = Field(description="The exact characters text[start:end].")


class ArticleMeta(_Model):
    """What the extraction was run on."""

    id: str = Field(description="SHA-256 hex digest of the article text (UTF-8).")
    source: str | None = Field(default=None, description="File path, URL or record id given.")
    title: str | None = Field(default=None, description="Headline, if one was given or found.")
    published: date | None = Field(
        default=None, description="Publication date used as the anchor for relative dates."
    )
    published_source: PublishedSource = Field(
        default="none",
        description="Where `published` came from: given by the caller, a dateline in the text, "
        "inferred from an explicit date in the text, or none.",
    )
    char_count: int = Field(ge=0, description="Length of the text in code points.")
    url: str | None = Field(
        default=None,
        description="Where the article was published (front matter `source`/`url`, metadata "
        "table `url`/`source` column).",
    )
    path: str | None = Field(
        default=None,
        description="Absolute path of the file the text was read from; `render` reads the "
        "text again from there.",
    )
    text_offset: int = Field(
        default=0,
        ge=0,
        description="Where the article text starts in that file (code points): the length of "
        "the YAML front matter skipped. Offsets count from the article text.",
    )
    metadata: dict[str, str] = Field(
        default_factory=dict,
        description="Other metadata given for the article: front-matter keys and "
        "metadata-table columns other than the date, title and URL, as given.",
    )
    text: str | None = Field(
        default=None,
        description="The article text itself: kept with `batch --keep-text` and for JSON/JSONL "
        "record and HTML inputs, whose text no file holds alone; else null.",
    )


class Person(_Model):
    """A named person, with every mention in the article."""

    id: str = Field(description="Stable id within the article, e.g. 'P1'.")
    name: str = Field(description="Canonical name: the longest full form seen.")
    titles: list[str] = Field(
        default_factory=list, description="Titles and roles, e.g. 'U.S. Trade Representative'."
    )
    affiliation: str | None = Field(
        default=None, description="Canonical name of the organization the person belongs to."
    )
    affiliation_id: str | None = Field(
        default=None, description="Id of that organization in `organizations`, if extracted."
    )
    country: str | None = Field(default=None, description="Country the person acts for.")
    mentions: list[Span] = Field(description="Every mention, surname-only ones included.")


class Organization(_Model):
    """An agency, association, company, university, council or legislative body."""

    id: str = Field(description="Stable id within the article, e.g. 'O1'.")
    name: str = Field(description="Canonical (longest proper) name.")
    aliases: list[str] = Field(
        default_factory=list, description="Acronyms and short forms used for it."
    )
    wikidata: str | None = Field(
        default=None,
        description="Wikidata id of a well-known organization ('Q7825' for the WTO), from the "
        "shipped alias table; null for others.",
    )
    mentions: list[Span] = Field(description="Every mention, aliases included.")


class Place(_Model):
    """A country, state, region or city."""

    id: str = Field(description="Stable id within the article, e.g. 'L1'.")
    name: str = Field(description="Canonical name ('United States' for 'U.S.').")
    code: str | None = Field(
        default=None,
        description="ISO 3166-1 alpha-3 code of a country ('USA'); ISO 3166-3 for a former "
        "one ('SUN'); null for places that are not countries.",
    )
    mentions: list[Span] = Field(description="Every mention.")


class Agreement(_Model):
    """A trade agreement, treaty or law."""

    id: str = Field(description="Stable id within the article, e.g. 'A1'.")
    name: str = Field(description="Canonical name.")
    aliases: list[str] = Field(default_factory=list, description="Acronyms and other names.")
    mentions: list[Span] = Field(description="Every mention, aliases included.")


class DateItem(Span):
    """A temporal expression with its TIMEX3-style normalized value."""

    value: str | None = Field(
        description="ISO 8601 / TIMEX3 value ('2026-01-28', '2025-11', '2026-W05', '199X', "
        "'P6Y', 'PAST_REF'); null where it cannot be resolved (no anchor)."
    )
    kind: DateKind = Field(description="date, duration, set or vague.")
    granularity: str | None = Field(
        default=None, description="day, week, month, quarter, year, decade, century, or null."
    )
    anchor: str | None = Field(
        default=None, description="The date the value was resolved against, if it is relative."
    )


class Money(Span):
    """A currency amount, normalized."""

    id: str = Field(description="Stable id within the article, e.g. 'M1'.")
    amount: ExactDecimal = Field(
        description="Exact amount with scale words applied ('$683.94 billion' -> 683940000000)."
    )
    amount_max: ExactDecimal | None = Field(
        default=None, description="Upper bound for a range ('$5-$10 billion'), else null."
    )
    currency: str | None = Field(description="ISO 4217 code, e.g. 'USD'.")
    qualifier: str | None = Field(
        default=None, description="'more than', 'nearly', 'about', ... or null."
    )
    per: str | None = Field(
        default=None,
        description="For a price or rate, the unit it is per: 'barrel' in '18 dlrs a barrel', "
        "'year' in '$5 billion a year'; else null.",
    )
    measure: str | None = Field(default=None, description="What the figure counts.")
    part_of: str | None = Field(
        default=None, description="Id of the figure this one is a component of, or null."
    )
    flags: list[str] = Field(
        default_factory=list,
        description="Consistency warnings, e.g. 'parts_exceed_total' on a total.",
    )


class Percentage(Span):
    """A percentage figure."""

    value: ExactDecimal = Field(description="The number of percent ('6.3%' -> 6.3).")
    qualifier: str | None = Field(default=None, description="'more than', 'nearly', ... or null.")
    measure: str | None = Field(default=None, description="What the share is of.")


class Quantity(Span):
    """A counted quantity that is neither money nor a percentage."""

    value: ExactDecimal = Field(description="The number, scale words applied.")
    qualifier: str | None = Field(default=None, description="'more than', 'nearly', ... or null.")
    unit: str | None = Field(default=None, description="What is counted ('people').")


class Claim(_Model):
    """A policy claim: who commits to, urges, threatens, holds or reports what."""

    id: str = Field(description="Stable id within the article, e.g. 'C1'.")
    kind: ClaimKind = Field(description="commitment, appeal, threat, position, report, provision.")
    trigger: Span = Field(description="The word(s) that signal the claim ('agreed', 'urges').")
    actors: list[str] = Field(description="Canonical names of the parties making the claim.")
    actor_ids: list[str] = Field(default_factory=list, description="Entity ids of the actors.")
    targets: list[str] = Field(
        default_factory=list, description="Parties the claim is directed at."
    )
    target_ids: list[str] = Field(default_factory=list, description="Entity ids of the targets.")
    action: Span | None = Field(default=None, description="What is committed, urged, stated.")
    quote: Span | None = Field(default=None, description="Quoted words inside the claim.")
    date: str | None = Field(default=None, description="Normalized date of the claim or event.")
    source: str | None = Field(
        default=None, description="Attribution ('according to the statement'), if any."
    )
    modality: str | None = Field(default=None, description="will, would, may, should, ...")
    negated: bool = Field(default=False, description="True for 'will not', 'refused to', ...")
    condition: str | None = Field(default=None, description="'unless ...', 'until ...', 'if ...'.")
    hedged: bool = Field(default=False, description="True where hedged ('possible', 'likely').")
    sentence: Span = Field(description="The evidence sentence.")


class ArticleExtraction(_Model):
    """Everything extracted from one article."""

    schema_version: SchemaVersion = Field(
        default=SCHEMA_VERSION, description="Version of this output format."
    )
    article: ArticleMeta = Field(description="What was processed.")
    people: list[Person] = Field(default_factory=list, description="Named persons.")
    organizations: list[Organization] = Field(default_factory=list, description="Organizations.")
    places: list[Place] = Field(default_factory=list, description="Countries, states, regions.")
    agreements: list[Agreement] = Field(
        default_factory=list, description="Trade agreements, treaties and laws."
    )
    dates: list[DateItem] = Field(default_factory=list, description="Temporal expressions.")
    money: list[Money] = Field(default_factory=list, description="Currency amounts.")
    percentages: list[Percentage] = Field(default_factory=list, description="Percentages.")
    quantities: list[Quantity] = Field(default_factory=list, description="Counted quantities.")
    claims: list[Claim] = Field(default_factory=list, description="Policy claims.")


class ErrorRecord(_Model):
    """The record written for an input that could not be processed (batch mode)."""

    schema_version: SchemaVersion = Field(
        default=SCHEMA_VERSION, description="Version of this output format."
    )
    source: str = Field(description="The input that failed.")
    error: str = Field(description="Error code, e.g. 'TC102'.")
    kind: str = Field(description="Error class name.")
    message: str = Field(description="Human-readable explanation.")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`ArticleExtraction` as serialized (amounts are strings)."""
    return ArticleExtraction.model_json_schema(mode="serialization")


def _type_name(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        return str(prop["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in prop:
        return " or ".join(_type_name(p) for p in prop["anyOf"])
    if prop.get("type") == "array":
        return f"list of {_type_name(prop.get('items', {}))}"
    if "enum" in prop:
        return " / ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    return str(prop.get("type", "any"))


def schema_markdown() -> str:
    """The output format as Markdown tables, generated from the JSON Schema (the README's
    "Output format" section is this text; a test keeps them equal)."""
    schema = json_schema()
    models = {"ArticleExtraction": schema, **schema.get("$defs", {})}
    parts = []
    for name, model in models.items():
        parts.append(f"#### {name}\n\n{model.get('description', '').strip()}\n")
        parts.append("| field | type | description |\n| --- | --- | --- |")
        for field_name, prop in model.get("properties", {}).items():
            desc = prop.get("description", "").replace("|", "\\|")
            parts.append(f"| `{field_name}` | {_type_name(prop)} | {desc} |")
        parts.append("")
    return "\n".join(parts).strip() + "\n"
