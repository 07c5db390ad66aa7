"""Long documents: split on paragraph boundaries, extract each piece, merge the results with
offsets mapped back to the whole text and ids renumbered."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from ..schema import ArticleExtraction, ArticleMeta

T = TypeVar("T")

#: Pieces are cut at the last paragraph break before this many characters (the parser's
#: memory and time grow with a piece; spaCy refuses texts over 1,000,000 characters).
PIECE_CHARS = 100_000
#: Pieces go to spaCy in batches of at most this many characters (and at most ``batch_size``
#: documents): a batch's memory grows with its characters, so a long document's pieces go one
#: at a time while short articles still share batches.
BATCH_CHARS = 100_000
#: spaCy's tokenizer strips prefixes and suffixes one at a time from a whitespace-free run, in
#: time quadratic in its length ('"' * 20000: 39 s). Runs longer than this are tokenized in
#: slices of this length (a URL or a table rule is rarely longer).
LONG_RUN_CHARS = 200
_LONG_RUN_RE = re.compile(rf"\S{{{LONG_RUN_CHARS + 1},}}")
_ENTITY_LISTS = {"people": "P", "organizations": "O", "places": "L", "agreements": "A"}


def split_points(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """[start, end) ranges covering ``text``, each at most ``limit`` characters, cut after a
    blank line where there is one, else after a line break, else at a space."""
    ranges = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = -1
        for pattern in (r"\n\s*\n", r"\n", r"\s"):
            found = [m.end() for m in re.finditer(pattern, window)]
            if found and found[-1] > limit // 2:
                cut = found[-1]
                break
        end = start + (cut if cut > 0 else limit)
        ranges.append((start, end))
        start = end
    ranges.append((start, len(text)))
    return ranges


def make_doc(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)`` in time linear in the text: whitespace-free runs longer than
    ``LONG_RUN_CHARS`` are tokenized slice by slice. ``doc.text == text`` always."""
    if not _LONG_RUN_RE.search(text):
        return nlp.make_doc(text)
    words: list[str] = []
    spaces: list[bool] = []

    def add(segment: str) -> None:
        if segment.startswith(" ") and words and not spaces[-1]:
            spaces[-1] = True  # the space after a run belongs to its last token
            segment = segment[1:]
        if segment:
            for token in nlp.tokenizer(segment):
                words.append(token.text)
                spaces.append(bool(token.whitespace_))

    pos = 0
    for m in _LONG_RUN_RE.finditer(text):
        add(text[pos : m.start()])
        for i in range(m.start(), m.end(), LONG_RUN_CHARS):
            add(text[i : min(i + LONG_RUN_CHARS, m.end())])
        pos = m.end()
    add(text[pos:])
    return Doc(nlp.vocab, words=words, spaces=spaces)


def char_batches(
    items: Iterable[tuple[Doc, T]], batch_size: int, max_chars: int | None = None
) -> Iterator[list[tuple[Doc, T]]]:
    """Consecutive groups of (doc, context) pairs, each of at most ``batch_size`` documents
    and ``max_chars`` (default ``BATCH_CHARS``) characters (a longer document goes alone)."""
    max_chars = BATCH_CHARS if max_chars is None else max_chars
    group: list[tuple[Doc, T]] = []
    chars = 0
    for doc, context in items:
        size = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
        if group and (len(group) >= batch_size or chars + size > max_chars):
            yield group
            group, chars = [], 0
        group.append((doc, context))
        chars += size
    if group:
        yield group


def _shift(node: Any, offset: int) -> None:
    """Add ``offset`` to every span (a dict with start/end/text) inside ``node``."""
    if isinstance(node, dict):
        if {"start", "end", "text"} <= node.keys():
            node["start"] += offset
            node["end"] += offset
        for value in node.values():
            _shift(value, offset)
    elif isinstance(node, list):
        for value in node:
            _shift(value, offset)


def merge(
    text: str, meta: ArticleMeta, pieces: list[tuple[int, ArticleExtraction]]
) -> ArticleExtraction:
    """One extraction for the whole text from the pieces' (offset, extraction) pairs.
    Entities with the same canonical name across pieces become one."""
    merged: dict[str, list[dict[str, Any]]] = {k: [] for k in _ENTITY_LISTS}
    flat: dict[str, list[dict[str, Any]]] = {
        k: [] for k in ("dates", "money", "percentages", "quantities", "claims")
    }
    for offset, result in pieces:
        data = result.model_dump(mode="json")
        _shift(data, offset)
        id_map: dict[str, str] = {}
        for key, prefix in _ENTITY_LISTS.items():
            by_name = {e["name"]: e for e in merged[key]}
            for ent in data[key]:
                old = ent["id"]
                if ent["name"] in by_name:
                    target = by_name[ent["name"]]
                    target["mentions"] += ent["mentions"]
                    for field in ("aliases", "titles"):
                        if field in ent:
                            target[field] = sorted(set(target[field]) | set(ent[field]))
                else:
                    ent["id"] = f"{prefix}{len(merged[key]) + 1}"
                    merged[key].append(ent)
                    by_name[ent["name"]] = ent
                id_map[old] = by_name[ent["name"]]["id"]
        for person in data["people"]:
            if person.get("affiliation_id"):
                person["affiliation_id"] = id_map.get(person["affiliation_id"])
        money_ids = {m["id"]: f"M{len(flat['money']) + i + 1}" for i, m in enumerate(data["money"])}
        for m in data["money"]:
            m["id"] = money_ids[m["id"]]
            m["part_of"] = money_ids.get(m["part_of"]) if m["part_of"] else None
        for c in data["claims"]:
            c["id"] = f"C{len(flat['claims']) + 1 + data['claims'].index(c)}"
            c["actor_ids"] = [id_map.get(i, i) for i in c["actor_ids"]]
            c["target_ids"] = [id_map.get(i, i) for i in c["target_ids"]]
        for key in flat:
            flat[key] += data[key]
    for entities in merged.values():
        for ent in entities:
            ent["mentions"].sort(key=lambda m: m["start"])
    return ArticleExtraction.model_validate(
        {"article": meta.model_dump(mode="json"), **merged, **flat}
    )
