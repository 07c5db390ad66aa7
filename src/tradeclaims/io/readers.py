"""Readers and writers: article files in, JSON/JSONL out."""

from __future__ import annotations

import glob
import gzip
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

import orjson

from ..errors import (
    DuplicateInputError,
    InputDecodeError,
    InputNotFoundError,
    InputReadError,
    InputTooLargeError,
    InvalidDateError,
    RecordError,
    TradeclaimsError,
)
from ..schema import ArticleExtraction, ErrorRecord
from .frontmatter import split_front_matter

#: Share of control characters above which a file is taken to be binary.
BINARY_CONTROL_SHARE = 0.1
#: Files above this size are refused: no news article is this long (a dump or a binary is).
MAX_INPUT_BYTES = 20_000_000
TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES
#: Default names of the fields of JSON/JSONL records.
DEFAULT_FIELDS: dict[str, str] = {
    "text": "text",
    "id": "id",
    "title": "title",
    "published": "published",
    "url": "url",
}
_TITLE_MAX_CHARS = 200
_FINAL_ABBREVIATION = re.compile(r"\b(?:[A-Z]\.){2,}$")


@dataclass
class Document:
    """One article to process."""

    text: str
    source: str | None = None
    published: str | None = None
    title: str | None = None
    #: Where the article is published (front matter ``source``/``url``, metadata table).
    url: str | None = None
    #: Absolute path of the file the text was read from.
    path: str | None = None
    #: Offset of ``text`` in that file's text: the length of the front matter skipped.
    text_offset: int = 0
    #: Other metadata given for the article (front-matter keys, metadata-table columns).
    metadata: dict[str, str] = field(default_factory=dict)
    #: Keep the text in the output record (``batch --keep-text``; JSON/JSONL records).
    keep_text: bool = False
    #: Year of a wire dateline that gives only month and day (``--year``).
    year: int | None = None


def parse_published(value: str | date | None, *, source: str | None = None) -> str | None:
    """Validate a publication date; returns it as ISO 8601 or None."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError as exc:
        raise InvalidDateError(
            f"invalid publication date {value!r}: expected YYYY-MM-DD", source=source
        ) from exc


def decode_text(data: bytes, *, source: str) -> str:
    """Decode article bytes as UTF-8 (a BOM is dropped). Line endings are kept as they are,
    so offsets are exact against the text as read."""
    if b"\x00" in data[:8192]:
        raise InputDecodeError("binary file (NUL bytes), not a text article", source=source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputDecodeError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it first, e.g. iconv -f cp1252 -t utf-8",
            source=source,
        ) from exc
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if sample and controls / len(sample) > BINARY_CONTROL_SHARE:
        raise InputDecodeError("binary file (control bytes), not a text article", source=source)
    return text


def read_bytes(path: str | Path, *, max_bytes: int | None = None) -> bytes:
    """Read a file (gzip-transparent) with coded errors that name it."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        kind = "broken symbolic link" if p.is_symlink() else "no such file"
        raise InputNotFoundError(kind, source=name)
    if p.is_dir():
        raise InputReadError("is a directory, not a file", source=name)
    if max_bytes is not None and p.stat().st_size > max_bytes:
        raise InputTooLargeError(
            f"{p.stat().st_size:,} bytes is over the limit of {max_bytes:,}", source=name
        )
    try:
        data = p.read_bytes()
        if p.suffix == ".gz":
            data = gzip.decompress(data)
    except (OSError, EOFError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputReadError(f"cannot read: {reason}", source=name) from exc
    return data


def read_document(path: str | Path, *, published: str | None = None) -> Document:
    """Read one plain-text article file."""
    name = str(path)
    text = decode_text(read_bytes(path), source=name)
    doc = text_document(text, name)
    if published is not None:  # the caller's date wins over the file's front matter
        doc.published = parse_published(published, source=name)
    return doc


def text_document(text: str, name: str) -> Document:
    """The document of a text file: its YAML front matter, if any, gives the publication
    date, title and URL and is cut off (offsets count from the body); the title is otherwise
    the body's first line where that reads as a headline."""
    front = split_front_matter(text)
    body = text[front.offset :]
    return Document(
        text=body,
        source=name,
        published=parse_published(front.published, source=name),
        title=front.title or _first_line_title(body),
        url=front.url,
        path=str(Path(name).absolute()),
        text_offset=front.offset,
        metadata=front.extra,
    )


def dumps(item: ArticleExtraction | ErrorRecord, *, indent: bool = False) -> bytes:
    """Serialize a result (amounts as exact decimal strings)."""
    option = orjson.OPT_INDENT_2 if indent else 0
    return orjson.dumps(item.model_dump(mode="json"), option=option)


def write_json(item: ArticleExtraction, stream: IO[bytes]) -> None:
    stream.write(dumps(item, indent=True) + b"\n")


def write_jsonl(items: Iterable[ArticleExtraction | ErrorRecord], stream: IO[bytes]) -> int:
    """Write one record a line, flushed line by line so that a crash leaves a valid prefix."""
    count = 0
    for item in items:
        stream.write(dumps(item) + b"\n")
        stream.flush()
        count += 1
    return count


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """Read a JSONL file of extraction records."""
    for line in read_bytes(path).splitlines():
        if line.strip():
            yield orjson.loads(line)


@dataclass
class InputFailure:
    """An input that could not be read: it becomes an error record."""

    source: str
    error: TradeclaimsError


def expand_inputs(inputs: Iterable[str | Path]) -> Iterator[str]:
    """Files as given; folders recursively (supported formats, sorted); glob patterns.
    A pattern that matches nothing is passed on, so that it yields a not-found error."""
    for raw in inputs:
        name = str(raw)
        path = Path(name)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if (found.is_file() or found.is_symlink()) and _suffix(found) in SUPPORTED_SUFFIXES:
                    yield str(found)
        elif not path.exists() and not path.is_symlink() and any(c in name for c in "*?["):
            # user patterns may be absolute ("/data/**/*.txt"), which Path.glob does not take
            matches = sorted(glob.glob(name, recursive=True))  # noqa: PTH207
            yield from (m for m in matches if not Path(m).is_dir()) if matches else [name]
        else:
            yield name


def count_documents(inputs: Iterable[str | Path]) -> int | None:
    """How many documents the inputs hold, where that is known without reading them (no
    JSON/JSONL files, which hold any number of records); for progress estimates."""
    count = 0
    for name in expand_inputs(inputs):
        if _suffix(Path(name)) in JSON_SUFFIXES | JSONL_SUFFIXES:
            return None
        count += 1
    return count


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def read_inputs(
    inputs: Iterable[str | Path],
    *,
    fields: dict[str, str] | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
) -> Iterator[Document | InputFailure]:
    """Every document of every input, or an :class:`InputFailure` in its place: nothing is
    dropped. Records of JSON/JSONL files are documents of their own."""
    names = {**DEFAULT_FIELDS, **(fields or {})}
    seen: dict[str, str] = {}
    for name in expand_inputs(inputs):
        key = os.path.realpath(name)
        if key in seen:
            error = DuplicateInputError(f"same file as {seen[key]}; processed once", source=name)
            yield InputFailure(name, error)
            continue
        seen[key] = name
        try:
            yield from _read_file(name, names, max_bytes)
        except TradeclaimsError as exc:
            yield InputFailure(name, exc)


def _read_file(
    name: str, fields: dict[str, str], max_bytes: int
) -> Iterator[Document | InputFailure]:
    suffix = _suffix(Path(name))
    data = read_bytes(name, max_bytes=max_bytes)
    if suffix in JSONL_SUFFIXES:
        text = decode_text(data, source=name)
        for lineno, line in enumerate(text.splitlines(), 1):
            if line.strip():
                yield _record_document(line, f"{name}:{lineno}", fields)
    elif suffix in JSON_SUFFIXES:
        try:
            payload = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            raise RecordError(f"not valid JSON: {exc}", source=name) from exc
        records = payload if isinstance(payload, list) else [payload]
        for i, record in enumerate(records, 1):
            where = name if len(records) == 1 else f"{name}[{i}]"
            yield _record_document(record, where, fields)
    elif suffix in HTML_SUFFIXES:
        yield _html_document(decode_text(data, source=name), name)
    else:
        text = decode_text(data, source=name)
        yield text_document(text, name)


def _record_document(record: Any, where: str, fields: dict[str, str]) -> Document | InputFailure:
    try:
        if isinstance(record, str):
            record = orjson.loads(record)
        if not isinstance(record, dict):
            raise RecordError("a record must be a JSON object", source=where)
        text = record.get(fields["text"])
        if not isinstance(text, str):
            raise RecordError(f"no text field {fields['text']!r}", source=where)
        rid = record.get(fields["id"])
        source = f"{where.rsplit(':', 1)[0]}#{rid}" if rid is not None else where
        return Document(
            text=text,
            source=source,
            published=parse_published(record.get(fields["published"]), source=source),
            title=record.get(fields["title"]),
            url=_str_or_none(record.get(fields["url"])),
            keep_text=True,  # no file holds this text alone: the output record keeps it
        )
    except orjson.JSONDecodeError as exc:
        return InputFailure(where, RecordError(f"malformed JSON line: {exc}", source=where))
    except TradeclaimsError as exc:
        return InputFailure(where, exc)


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _first_line_title(text: str) -> str | None:
    """The first line, where it reads as a headline (short, no final period; the period of a
    final abbreviation such as 'U.S.' is not one)."""
    first, _, rest = text.lstrip("\ufeff").partition("\n")
    first = first.strip()
    ends = first.endswith((".", ",", ";")) and not _FINAL_ABBREVIATION.search(first)
    if first and rest and len(first) <= _TITLE_MAX_CHARS and not ends:
        return first
    return None


def _html_document(html: str, name: str) -> Document:
    """Main text and metadata of a web page, through trafilatura."""
    try:
        import trafilatura
    except ImportError as exc:
        raise RecordError('HTML input needs: pip install "tradeclaims[html]"', source=name) from exc

    extracted = trafilatura.bare_extraction(html, with_metadata=True)
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise RecordError("HTML page with no main text", source=name)
    date_text = getattr(extracted, "date", None)
    published = date_text if date_text and re.match(r"\d{4}-\d{2}-\d{2}", date_text) else None
    return Document(
        text=text,
        source=name,
        published=parse_published(published, source=name),
        title=getattr(extracted, "title", None),
        keep_text=True,  # the main text is not in any file: the output record keeps it
    )
