"""Tables for pandas, R and spreadsheets (one per category, one row per item, joinable back
to the text by article id and offsets), and the LangExtract-style JSONL."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import orjson
from pydantic import ValidationError

from ..errors import ResultFormatError, SourceTextError, TradeclaimsError
from ..io.readers import MAX_INPUT_BYTES, read_bytes
from ..schema import ENTITY_LISTS, SPAN_LISTS, ArticleExtraction, ErrorRecord
from .tables import CLAIM_PARTY_COLUMNS, claim_parties_rows

TableFormat = Literal["csv", "parquet"]
TABLES = (
    "articles", "people", "organizations", "places", "agreements",
    "dates", "money", "percentages", "quantities", "claims", "errors", "claim_parties",
)  # fmt: skip
#: The tables counted per article in ``articles`` (``n_people``, ...).
_COUNTED = (
    "people",
    "organizations",
    "places",
    "agreements",
    "dates",
    "money",
    "percentages",
    "quantities",
    "claims",
)
_LIST_SEP = "; "
#: Header of a table with no rows, where a reader relies on its columns being there.
_EMPTY_COLUMNS = {"claim_parties": list(CLAIM_PARTY_COLUMNS)}
#: Amounts in a results file beyond this are refused (no trade figure is near it; the page's
#: arithmetic on 1e999999 overflows).
MAX_AMOUNT = Decimal(10) ** 24
#: Characters that make a spreadsheet read a cell as a formula (or, for tab and carriage
#: return, that some spreadsheets strip before doing so).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def read_results(
    path: str | Path, *, max_bytes: int = MAX_INPUT_BYTES
) -> Iterator[ArticleExtraction | dict[str, Any]]:
    """Records of a JSON or JSONL output: extractions, or error records as dicts. A line that
    is neither is :class:`ResultFormatError` (TC109), naming the line."""
    data = read_bytes(path, max_bytes=max_bytes)
    try:  # a single pretty-printed object (the output of `extract` for one file)
        whole = orjson.loads(data)
        lines = [data] if isinstance(whole, dict) else None
        if isinstance(whole, list):
            lines = [orjson.dumps(r) for r in whole]
    except orjson.JSONDecodeError:
        lines = data.splitlines()
    if lines is None:
        raise ResultFormatError("not a tradeclaims output (JSON object or lines)", source=str(path))
    for number, line in enumerate(lines, 1):
        if line.strip():
            yield _result_record(line, f"{path}:{number}")


def _result_record(line: bytes, where: str) -> ArticleExtraction | dict[str, Any]:
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise ResultFormatError(f"not a JSON line: {exc}", source=where) from exc
    if not isinstance(record, dict):
        raise ResultFormatError(
            f"a record is a JSON object, not {type(record).__name__}", source=where
        )
    try:
        if "article" in record:
            result = ArticleExtraction.model_validate(record)
            _check_amounts(result, where)
            return result
        ErrorRecord.model_validate(record)
    except ValidationError as exc:
        first = exc.errors()[0]
        place = ".".join(str(p) for p in first["loc"])
        raise ResultFormatError(
            f"not a tradeclaims extraction or error record ({place}: {first['msg']}); "
            "is this an input file rather than an output?",
            source=where,
        ) from None
    return record


def _check_amounts(result: ArticleExtraction, where: str) -> None:
    for item in (*result.money, *result.percentages, *result.quantities):
        for value in (getattr(item, "amount", None), getattr(item, "value", None),
                      getattr(item, "value_max", None)):  # fmt: skip
            if isinstance(value, Decimal) and not (value.is_finite() and abs(value) < MAX_AMOUNT):
                raise ResultFormatError(f"amount {value} out of range", source=where)


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell that no spreadsheet evaluates: a string starting with ``=``, ``+``, ``-``,
    ``@``, tab or carriage return gets a leading apostrophe (``'=1+1``), unless it is a plain
    number ("-5", "+1.5"), which stays a number. Non-strings are unchanged."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER_RE.fullmatch(value)
    ):
        return "'" + value
    return value


def _mentions(ent: Any) -> dict[str, Any]:
    first = ent.mentions[0]
    return {
        "start": first.start,
        "end": first.end,
        "mention_count": len(ent.mentions),
        "mention_offsets": _LIST_SEP.join(f"{m.start}-{m.end}" for m in ent.mentions),
    }


def rows(results: Iterable[ArticleExtraction | dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows."""
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for result in results:
        if not isinstance(result, ArticleExtraction):
            out["errors"].append({k: result.get(k) for k in ("source", "error", "kind", "message")})
            continue
        a = result.article
        aid = a.id
        out["articles"].append(
            {
                "article_id": aid, "source_path": a.source, "url": a.url, "title": a.title,
                "published": a.published.isoformat() if a.published else None,
                "published_source": a.published_source, "char_count": a.char_count,
                **{f"n_{k}": len(getattr(result, k)) for k in _COUNTED},
            }
        )  # fmt: skip
        for p in result.people:
            out["people"].append(
                {
                    "article_id": aid, "id": p.id, "name": p.name, "titles": _LIST_SEP.join(p.titles),
                    "affiliation": p.affiliation, "affiliation_id": p.affiliation_id,
                    "country": p.country, **_mentions(p),
                }
            )  # fmt: skip
        for key in ("organizations", "agreements"):
            for e in getattr(result, key):
                out[key].append(
                    {"article_id": aid, "id": e.id, "name": e.name,
                     "aliases": _LIST_SEP.join(e.aliases), **_mentions(e)}
                )  # fmt: skip
        for pl in result.places:
            out["places"].append({"article_id": aid, "id": pl.id, "name": pl.name, **_mentions(pl)})
        for item_key in ("dates", "money", "percentages", "quantities"):
            for item in getattr(result, item_key):
                row = {"article_id": aid, **item.model_dump(mode="json")}
                if "flags" in row:
                    row["flags"] = _LIST_SEP.join(row["flags"])
                out[item_key].append(row)
        for c in result.claims:
            out["claims"].append(
                {
                    "article_id": aid, "id": c.id, "kind": c.kind, "trigger": c.trigger.text,
                    "trigger_start": c.trigger.start, "trigger_end": c.trigger.end,
                    "actors": _LIST_SEP.join(c.actors), "actor_ids": _LIST_SEP.join(c.actor_ids),
                    "targets": _LIST_SEP.join(c.targets), "target_ids": _LIST_SEP.join(c.target_ids),
                    "action": c.action.text if c.action else None,
                    "action_start": c.action.start if c.action else None,
                    "action_end": c.action.end if c.action else None,
                    "quote": c.quote.text if c.quote else None, "date": c.date, "attribution": c.source,
                    "modality": c.modality, "negated": c.negated, "condition": c.condition,
                    "hedged": c.hedged, "sentence_start": c.sentence.start,
                    "sentence_end": c.sentence.end, "sentence": c.sentence.text,
                }
            )  # fmt: skip
        out["claim_parties"] += claim_parties_rows(result)
    return out


def export_tables(
    results_path: str | Path, out_dir: str | Path, fmt: TableFormat = "csv"
) -> dict[str, int]:
    """Write one table per category to ``out_dir``; returns the row count of each."""
    tables = rows(read_results(results_path))
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        if fmt == "parquet":
            try:
                import pyarrow as pa
                import pyarrow.parquet as pq
            except ImportError as exc:
                raise TradeclaimsError('parquet needs: pip install "tradeclaims[parquet]"') from exc
            pq.write_table(pa.Table.from_pylist(table), target / f"{name}.parquet")
            continue
        with (target / f"{name}.csv").open("w", encoding="utf-8", newline="") as stream:
            columns = list(table[0]) if table else _EMPTY_COLUMNS.get(name, ["article_id"])
            writer = csv.DictWriter(stream, fieldnames=columns)
            writer.writeheader()
            writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in table)
    return {name: len(table) for name, table in tables.items()}


def langextract_record(result: ArticleExtraction, text: str | None) -> dict[str, Any]:
    """One document in the LangExtract JSONL shape: its text and its extractions with
    character intervals."""
    extractions: list[dict[str, Any]] = []

    def add(cls: str, start: int, end: int, surface: str, attributes: dict[str, Any]) -> None:
        extractions.append(
            {
                "extraction_class": cls,
                "extraction_text": surface,
                "char_interval": {"start_pos": start, "end_pos": end},
                "attributes": attributes,
            }
        )

    for key, cls in ENTITY_LISTS.items():
        for ent in getattr(result, key):
            attrs = {k: v for k, v in ent.model_dump(mode="json").items() if k != "mentions"}
            for m in ent.mentions:
                add(cls, m.start, m.end, m.text, attrs)
    for key, cls in SPAN_LISTS.items():
        for item in getattr(result, key):
            data = item.model_dump(mode="json")
            attrs = {k: v for k, v in data.items() if k not in ("start", "end", "text")}
            add(cls, item.start, item.end, item.text, attrs)
    for c in result.claims:
        attrs = {k: v for k, v in c.model_dump(mode="json").items() if k not in ("sentence",)}
        add("claim", c.sentence.start, c.sentence.end, c.sentence.text, attrs)
    extractions.sort(key=lambda e: e["char_interval"]["start_pos"])
    return {"document_id": result.article.id, "text": text, "extractions": extractions}


def load_source_text(
    result: ArticleExtraction,
    *,
    results_path: str | Path | None = None,
    text_root: str | Path | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
) -> str:
    """The article text: kept in the record, or read again from its file (see
    :func:`tradeclaims.outputs.texts.find_text`): only a regular file (under ``text_root``
    when given), of at most ``max_bytes``, whose text hashes to the article id. Anything else
    is :class:`SourceTextError` (TC110): a results file supplied by someone else cannot make a
    page or table embed an arbitrary file."""
    from .texts import find_text

    found = find_text(result, results_path, text_root=text_root, max_bytes=max_bytes)
    if found.text is None:
        raise SourceTextError(found.reason or "no text", source=result.article.source or "?")
    return found.text


def source_text(
    result: ArticleExtraction,
    *,
    results_path: str | Path | None = None,
    text_root: str | Path | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
) -> str | None:
    """:func:`load_source_text`, or None where it fails."""
    try:
        return load_source_text(
            result, results_path=results_path, text_root=text_root, max_bytes=max_bytes
        )
    except SourceTextError:
        return None


def export_langextract(
    results_path: str | Path, out_path: str | Path, *, text_root: str | Path | None = None
) -> int:
    """Write the LangExtract-style JSONL; returns the number of documents. A document whose
    text cannot be read back (see :func:`load_source_text`) has ``"text": null``."""
    results = list(read_results(results_path))  # a malformed line fails before any output
    count = 0
    with Path(out_path).open("wb") as stream:
        for result in results:
            if isinstance(result, ArticleExtraction):
                text = source_text(result, text_root=text_root)
                stream.write(orjson.dumps(langextract_record(result, text)) + b"\n")
                count += 1
    return count
