"""Readers and writers: article files in, JSON/JSONL out."""

from __future__ import annotations

import glob
import gzip
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Protocol

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
#: "2026-01-30", optionally followed by an ISO time ("T08:15", "T08:15:00.5+01:00", "Z").
_ISO_DATE_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?)?"
)
#: Byte-order marks of the UTF-16/32 encodings (UTF-32 first: its LE mark starts like UTF-16's).
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
#: Bytes read at a time from a file, a device or a gzip stream.
_READ_CHUNK = 1 << 20


class _Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


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
    #: in batch: the input's stable key, "<real path>\t<index of the record in the file>"
    key: str | None = None


def parse_published(value: object, *, source: str | None = None) -> str | None:
    """Validate a publication date; returns it as ISO 8601 (YYYY-MM-DD) or None. Accepted:
    a ``date`` or ``datetime``, or a string that is exactly an ISO 8601 date ("2026-01-30"),
    optionally with an ISO time ("2026-01-30T08:15:00Z"). Anything else ("20260130",
    "2026-W05-1", "2026-01-30garbage", a number) is :class:`InvalidDateError` (TC104)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = value.strip() if isinstance(value, str) else None
    if text is not None and _ISO_DATE_RE.fullmatch(text):
        try:
            if len(text) == 10:
                return date.fromisoformat(text).isoformat()
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
        except ValueError:
            pass
    raise InvalidDateError(
        f"invalid publication date {value!r}: expected an ISO date YYYY-MM-DD", source=source
    )


def decode_text(data: bytes, *, source: str) -> str:
    """Decode article bytes: UTF-8 (a BOM is dropped), or UTF-16/UTF-32 where the text starts
    with their byte-order mark. Line endings are kept as they are, so offsets are exact
    against the text as read."""
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None and b"\x00" in data[:8192]:
        raise InputDecodeError("binary file (NUL bytes), not a text article", source=source)
    try:
        text = data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputDecodeError(
            f"not {encoding or 'UTF-8'} text (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}); convert it first, e.g. iconv -f cp1252 -t utf-8",
            source=source,
        ) from exc
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if sample and controls / len(sample) > BINARY_CONTROL_SHARE:
        raise InputDecodeError("binary file (control bytes), not a text article", source=source)
    return text


def too_large(size: str, limit: int, source: str | None) -> InputTooLargeError:
    """The error of an input over a limit: it names the limit and how to raise it."""
    return InputTooLargeError(
        f"{size}: over the limit of {limit:,} bytes (not a news article); "
        "raise it with --max-bytes (max_bytes= in Python) if it really is one",
        source=source,
    )


def read_bytes(path: str | Path, *, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """Read a file (gzip-transparent) with coded errors that name it. The limit applies to
    the bytes actually read (and, for gzip, to the decompressed bytes), so devices, pipes and
    gzip bombs, whose reported size says nothing, stop at it too."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        kind = "broken symbolic link" if p.is_symlink() else "no such file"
        raise InputNotFoundError(kind, source=name)
    if p.is_dir():
        raise InputReadError("is a directory, not a file", source=name)
    try:
        size = p.stat().st_size
        if p.suffix != ".gz" and size > max_bytes:
            raise too_large(f"{size:,} bytes", max_bytes, name)
        with p.open("rb") as raw:
            if p.suffix == ".gz":
                with gzip.GzipFile(fileobj=raw) as unzipped:
                    return _read_limited(unzipped, max_bytes, name, " (decompressed)")
            return _read_limited(raw, max_bytes, name, "")
    except (OSError, EOFError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputReadError(f"cannot read: {reason}", source=name) from exc


def _read_limited(stream: _Readable, max_bytes: int, name: str, what: str) -> bytes:
    parts: list[bytes] = []
    total = 0
    while chunk := stream.read(min(_READ_CHUNK, max_bytes + 1 - total)):
        parts.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise too_large(f"more than {max_bytes:,} bytes{what}", max_bytes, name)
    return b"".join(parts)


def read_document(
    path: str | Path, *, published: str | None = None, max_bytes: int = MAX_INPUT_BYTES
) -> Document:
    """Read one plain-text article file."""
    name = str(path)
    text = decode_text(read_bytes(path, max_bytes=max_bytes), source=name)
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


def read_jsonl(path: str | Path, *, max_bytes: int = MAX_INPUT_BYTES) -> Iterator[dict[str, Any]]:
    """Read a JSONL file of extraction records."""
    for line in read_bytes(path, max_bytes=max_bytes).splitlines():
        if line.strip():
            yield orjson.loads(line)


@dataclass
class InputFailure:
    """An input that could not be read: it becomes an error record."""

    source: str
    error: TradeclaimsError
    key: str | None = None


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
    dropped. Records of JSON/JSONL files are documents of their own. Each item carries a
    stable key: the file's real (absolute, normalized) path and the item's index within the
    file (0 for the file as a whole), whatever names the file was given by."""
    names = {**DEFAULT_FIELDS, **(fields or {})}
    seen: dict[str, str] = {}
    for name in expand_inputs(inputs):
        real = os.path.realpath(name)
        if real in seen:
            error = DuplicateInputError(f"same file as {seen[real]}; processed once", source=name)
            yield InputFailure(name, error, key=f"{real}\t0")
            continue
        seen[real] = name
        try:
            for index, item in enumerate(_read_file(name, names, max_bytes), 1):
                item.key = f"{real}\t{index}"
                yield item
        except TradeclaimsError as exc:
            yield InputFailure(name, exc, key=f"{real}\t0")


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
    published = date_text[:10] if date_text and re.match(r"\d{4}-\d{2}-\d{2}", date_text) else None
    return Document(
        text=text,
        source=name,
        published=parse_published(published, source=name),
        title=getattr(extracted, "title", None),
        keep_text=True,  # the main text is not in any file: the output record keeps it
    )
