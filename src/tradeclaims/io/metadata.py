"""A metadata table for a batch (``tradeclaims batch ... --metadata TABLE``): the publication
date, headline and URL of each input, for inputs whose files carry none.

The table is CSV (``.csv``), TSV (``.tsv``, ``.tab``) or JSON Lines (``.jsonl``), one row per
input. The key column (the first of ``file``, ``path``, ``filename``, ``name``, ``id``) names the
input by its file name, its path (as given on the command line, relative to the table's
folder, to the working directory or to a folder given as input: any trailing part of the
path, the longest that matches winning) or, for JSON/JSONL record inputs, its record id. The
columns read are ``published`` (or ``date``), ``title`` (or ``headline``) and ``url`` (or
``source``); every other non-empty column is kept as it is in the record's
``article.metadata``. A table's value wins over the file's own front matter or record field.

Nothing is dropped: a row that matches no input becomes an error record (TC121) and an input
whose row has an invalid date becomes an error record (TC104) naming the row.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import orjson

from ..errors import InvalidDateError, MetadataTableError, UnmatchedMetadataError
from .readers import Document, InputFailure, decode_text, parse_published, read_bytes

KEY_COLUMNS = ("file", "path", "filename", "name", "id")
PUBLISHED_COLUMNS = ("published", "date")
TITLE_COLUMNS = ("title", "headline")
URL_COLUMNS = ("url", "source")
_DELIMITERS = {".csv": ",", ".tsv": "\t", ".tab": "\t"}


@dataclass
class MetadataRow:
    """One row of a metadata table."""

    key: str
    where: str  # "index.tsv:12": the table and line, for messages
    published: str | None = None
    title: str | None = None
    url: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    matched: bool = False
    duplicate_of: str | None = None  # where the first row with the same key is


@dataclass
class MetadataTable:
    """The rows of a metadata table, looked up by the names an input goes by."""

    path: Path
    rows: list[MetadataRow]
    _index: dict[str, MetadataRow] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for row in self.rows:
            first = self._index.get(row.key)
            if first is not None:
                row.duplicate_of = first.where
                continue
            for name in {row.key, os.path.normpath(row.key), row.key.replace("\\", "/")}:
                self._index.setdefault(name, row)

    def match(self, doc: Document) -> MetadataRow | None:
        """The row of a document: by path as given, relative to the table's folder or the
        working directory, absolute, by file name, or by record id."""
        for name in _names(doc, self.path.parent):
            row = self._index.get(name)
            if row is not None:
                return row
        return None


def _names(doc: Document, table_dir: Path) -> Iterator[str]:
    """The names a document may go by in the key column, the most specific first."""
    source = doc.source or ""
    if "#" in source:  # a JSON/JSONL record: "records.jsonl#<id>"
        yield source.rsplit("#", 1)[1]
    if doc.path is None:
        return
    yield os.path.normpath(source)
    yield doc.path
    for base in (table_dir, Path.cwd()):
        yield os.path.relpath(doc.path, base)
    parts = Path(doc.path).parts
    for i in range(1, len(parts)):  # "in/sub/c.txt", "sub/c.txt", "c.txt"
        yield "/".join(parts[i:])


def _first(row: dict[str, str], columns: tuple[str, ...]) -> str | None:
    return next((row[c] for c in columns if row.get(c)), None)


def read_metadata(path: str | Path) -> MetadataTable:
    """Read a metadata table (CSV, TSV or JSONL); raises ``MetadataTableError`` (TC120) when
    it has no key column or is not one of those formats."""
    table = Path(path)
    name = str(path)
    suffix = table.suffix.lower()
    text = decode_text(read_bytes(table), source=name)
    records: list[tuple[int, dict[str, str]]] = []
    if suffix in (".jsonl", ".ndjson"):
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise MetadataTableError(f"line {lineno}: not JSON: {exc}", source=name) from exc
            if not isinstance(record, dict):
                raise MetadataTableError(f"line {lineno}: not a JSON object", source=name)
            records.append((lineno, {str(k): _cell(v) for k, v in record.items()}))
    elif suffix in _DELIMITERS:
        reader = csv.DictReader(text.splitlines(), delimiter=_DELIMITERS[suffix])
        for row in reader:
            cells = {str(k).strip().lower(): _cell(v) for k, v in row.items() if k is not None}
            records.append((reader.line_num, cells))
    else:
        raise MetadataTableError(
            f"unknown table format {suffix or '(none)'!r}: use .csv, .tsv or .jsonl", source=name
        )
    columns = {c for _, cells in records for c in cells}
    key = next((c for c in KEY_COLUMNS if c in columns), None)
    if key is None:
        raise MetadataTableError(
            f"no key column: name each input in a column called {' or '.join(KEY_COLUMNS)}",
            source=name,
        )
    known = {key, *PUBLISHED_COLUMNS, *TITLE_COLUMNS, *URL_COLUMNS}
    rows = [
        MetadataRow(
            key=cells[key],
            where=f"{name}:{lineno}",
            published=_first(cells, PUBLISHED_COLUMNS),
            title=_first(cells, TITLE_COLUMNS),
            url=_first(cells, URL_COLUMNS),
            extra={k: v for k, v in cells.items() if k not in known and v},
        )
        for lineno, cells in records
        if cells.get(key)
    ]
    return MetadataTable(table, rows)


def _cell(value: object) -> str:
    return "" if value is None else str(value).strip()


def apply_metadata(
    items: Iterable[Document | InputFailure], table: MetadataTable
) -> Iterator[Document | InputFailure]:
    """The documents with their table row's values; then an error record for every row that
    matched no input."""
    for item in items:
        if isinstance(item, InputFailure):
            yield item
            continue
        row = table.match(item)
        if row is None:
            yield item
            continue
        row.matched = True
        try:
            published = parse_published(row.published, source=item.source)
        except InvalidDateError as exc:
            yield InputFailure(
                item.source or row.where,
                InvalidDateError(f"{exc.message} in {row.where}", source=item.source),
            )
            continue
        yield replace(
            item,
            published=published or item.published,
            title=row.title or item.title,
            url=row.url or item.url,
            metadata={**item.metadata, **row.extra},
        )
    for row in table.rows:
        if row.duplicate_of is not None:
            message = f"a second row for {row.key!r}; the first ({row.duplicate_of}) is used"
        elif not row.matched:
            message = f"row for {row.key!r} matches no input (by file name, path or record id)"
        else:
            continue
        yield InputFailure(row.where, UnmatchedMetadataError(message, source=row.where))


def prepare(
    items: Iterable[Document | InputFailure],
    *,
    metadata: str | Path | None = None,
    year: int | None = None,
    keep_text: bool = False,
) -> Iterator[Document | InputFailure]:
    """The batch's documents with the metadata table applied, the dateline year set and the
    text kept where asked. The table is read at once, so that a bad table fails before any
    output is written."""
    if metadata is not None:
        items = apply_metadata(items, read_metadata(metadata))
    return _with_settings(items, year, keep_text)


def _with_settings(
    items: Iterable[Document | InputFailure], year: int | None, keep_text: bool
) -> Iterator[Document | InputFailure]:
    for item in items:
        if isinstance(item, Document) and (year is not None or keep_text):
            item = replace(item, year=year or item.year, keep_text=keep_text or item.keep_text)
        yield item
