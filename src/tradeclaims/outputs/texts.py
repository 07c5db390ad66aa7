"""Finding the article text of an extraction record again, for review pages and exports.

A record of ``batch`` names its text three ways: the text itself (``article.text``, kept with
``--keep-text`` and for JSON/JSONL record and HTML inputs), the absolute path of its file
(``article.path``) and the path as given (``article.source``, relative to the folder the batch
ran in). They are tried in that order, the last also relative to the results file's folder;
a file's front matter is skipped (``article.text_offset``), and a text is used only when its
hash is the record's ``article.id``, so a file edited since gives no page rather than a wrong
one.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import TradeclaimsError
from ..io.readers import MAX_INPUT_BYTES, decode_text, read_bytes
from ..schema import ArticleExtraction, text_id


@dataclass
class FoundText:
    """The text of a record, or why there is none."""

    text: str | None
    reason: str | None = None


def find_text(
    result: ArticleExtraction,
    results_path: str | Path | None = None,
    *,
    text_root: str | Path | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
) -> FoundText:
    """The article text of ``result``; ``results_path`` (the JSON/JSONL it came from) adds
    its folder as a place to look for relative sources. Only regular files of at most
    ``max_bytes`` are read, and with ``text_root`` only files under it (a relative source is
    taken relative to it): a results file supplied by someone else cannot name any file."""
    meta = result.article
    if meta.text is not None:
        if text_id(meta.text) == meta.id:
            return FoundText(meta.text)
        return FoundText(None, "the text kept in the record does not match its article id")
    candidates: list[Path] = []
    if meta.path:
        candidates.append(Path(meta.path))
    if meta.source and "#" not in meta.source:
        source = Path(meta.source)
        candidates.append(source)
        if results_path is not None and not source.is_absolute():
            candidates.append(Path(results_path).parent / source)
    if text_root is not None:
        root = Path(os.path.realpath(text_root))
        under = [Path(os.path.realpath(root / c)) for c in candidates]
        candidates = [c for c in under if c.is_relative_to(root)]
        if not candidates:
            return FoundText(None, f"not under --text-root {text_root}")
    if not candidates:
        return FoundText(None, "the record has no text, path or file source (batch --keep-text)")
    reasons: list[str] = []
    for path in dict.fromkeys(candidates):
        try:
            regular = stat.S_ISREG(path.stat().st_mode)
        except OSError:
            reasons.append(f"{path}: no such file")
            continue
        if not regular:
            reasons.append(f"{path}: not a regular file")
            continue
        try:
            whole = decode_text(read_bytes(path, max_bytes=max_bytes), source=str(path))
        except TradeclaimsError as exc:
            reasons.append(f"{path}: {exc.message}")
            continue
        text = whole[meta.text_offset :]
        if text_id(text) == meta.id:
            return FoundText(text)
        reasons.append(f"{path}: changed since it was extracted (its hash differs)")
    return FoundText(None, "article text not found: " + "; ".join(reasons))
