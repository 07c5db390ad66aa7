"""Readers and writers: article files in, JSON/JSONL out."""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

import orjson

from .errors import InputDecodeError, InputNotFoundError, InputReadError, InvalidDateError
from .schema import ArticleExtraction, ErrorRecord

#: Share of control characters above which a file is taken to be binary.
BINARY_CONTROL_SHARE = 0.1


@dataclass
class Document:
    """One article to process."""

    text: str
    source: str | None = None
    published: str | None = None
    title: str | None = None


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


def read_bytes(path: str | Path) -> bytes:
    """Read a file (gzip-transparent) with coded errors that name it."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        kind = "broken symbolic link" if p.is_symlink() else "no such file"
        raise InputNotFoundError(kind, source=name)
    if p.is_dir():
        raise InputReadError("is a directory, not a file", source=name)
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
    return Document(text=text, source=name, published=parse_published(published, source=name))


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
