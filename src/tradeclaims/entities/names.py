"""Names: which words a person is called by, which short forms abbreviate which long
forms, and merging the mentions of one entity."""

from __future__ import annotations

import re

from .model import Candidate, Entity


def surnames(name: str, family_first: frozenset[str] = frozenset()) -> set[str]:
    """The words a person may be called by alone: the last name, and the first where the
    given name is a hyphenated romanization written after it ("Wang Chao-Ming") or the first
    word is a family name of a language that writes it first ("Wang Yi")."""
    parts = name.split()
    if len(parts) < 2:
        return set()
    out = {parts[-1]}
    if ("-" in parts[-1] and len(parts) == 2) or (len(parts) <= 3 and parts[0] in family_first):
        out.add(parts[0])
    return out


def looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 4 and all(w[0].isupper() for w in words)


def owner(entities: list[Entity], cand: Candidate) -> Entity | None:
    return next((e for e in entities if (cand.start, cand.end) in e.mentions), None)


def merge(entities: list[Entity], keep: Entity | None, other: Entity | None) -> None:
    if keep is None or other is None or keep is other:
        return
    if other.known and not keep.known:
        keep, other = other, keep
    keep.mentions.extend(other.mentions)
    keep.aliases |= other.aliases | {other.name}
    keep.aliases.discard(keep.name)
    entities.remove(other)


def merge_people(entities: list[Entity], family_first: frozenset[str] = frozenset()) -> None:
    """Surname-only and middle-initial variants join the full name ('Greer', 'Susanne Stirling')."""
    people = [e for e in entities if e.label == "PERSON"]
    people.sort(key=lambda p: -len(p.name))
    for full in people:
        if full not in entities:
            continue
        parts = full.name.split()
        for other in people:
            if other is full or other not in entities:
                continue
            oparts = other.name.split()
            same_last = len(parts) > 1 and oparts[-1] == parts[-1]
            surname_only = len(oparts) == 1 and oparts[0] in surnames(full.name, family_first)
            if surname_only or (same_last and oparts[0] == parts[0]):
                merge(entities, full, other)


def is_abbreviation(short: str, long: str) -> bool:
    """True if ``short`` abbreviates ``long``: an acronym of its initials ('USTR' for
    'Office of the U.S. Trade Representative') or a blend of word prefixes ('CalChamber'
    for 'California Chamber of Commerce')."""
    if " " in short or len(short) < 2:
        return False
    words = [
        w
        for w in re.split(r"[\s\-]+", long)
        if w and w.lower() not in {"of", "the", "and", "for", "&", "on"}
    ]
    if len(words) < 2:
        return False
    letters = short.replace(".", "")
    if letters.isupper():
        initials = "".join(
            w.replace(".", "") if re.fullmatch(r"(?:[A-Z]\.)+", w) else w[0] for w in words
        ).upper()
        return (
            letters[-1] == initials[-1] and _is_subsequence(letters, initials) and len(letters) >= 2
        )
    pieces = re.findall(r"[A-Z][a-z]*", short)
    if len(pieces) < 2 or "".join(pieces) != short:
        return False
    return all(i < len(words) and words[i].startswith(piece) for i, piece in enumerate(pieces))


def _is_subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(ch in it for ch in needle)


def merge_abbreviations(text: str, entities: list[Entity]) -> None:
    for label in ("ORG", "AGREEMENT"):
        group = [e for e in entities if e.label == label]
        shorts = [e for e in group if " " not in e.name]
        for short in shorts:
            longs = [e for e in group if e is not short and is_abbreviation(short.name, e.name)]
            if longs:
                # the shortest long form is the most specific expansion
                merge(entities, min(longs, key=lambda e: len(e.name)), short)


def merge_head_nouns(entities: list[Entity]) -> None:
    """'the Commission' after 'the EC Executive Commission' is its short form: a one-word
    organization name that is the head (last word) of an organization named before it joins
    the latest such one."""
    orgs = [e for e in entities if e.label == "ORG"]
    for short in [e for e in orgs if " " not in e.name and e.name[:1].isupper()]:
        first = min(s for s, _e in short.mentions)
        longs = [
            e
            for e in orgs
            if e is not short
            and " " in e.name
            and e.name.split()[-1] == short.name
            and min(s for s, _e in e.mentions) < first
        ]
        if longs:
            merge(entities, max(longs, key=lambda e: min(s for s, _e in e.mentions)), short)


def merge_generic_agreements(entities: list[Entity], generic: frozenset[str]) -> None:
    """'the FTA' where the text names one free trade agreement (or area) is its short form: a
    generic acronym joins the only named agreement whose name or aliases spell it out."""
    agreements = [e for e in entities if e.label == "AGREEMENT"]
    for short in [e for e in agreements if e.name in generic]:
        longs = [
            e
            for e in agreements
            if e is not short
            and e.name not in generic
            and (is_abbreviation(short.name.rstrip("s"), _expansion(e)) or short.name in e.name)
        ]
        if len(longs) == 1:
            merge(entities, longs[0], short)


def _expansion(ent: Entity) -> str:
    """The generic tail of an agreement's name: 'China-Australia Free Trade Agreement' ->
    'Free Trade Agreement', which 'FTA' abbreviates."""
    m = re.search(r"(?:[A-Z][a-z]+\s+)*(?:Agreement|Area|Partnership|Arrangement)$", ent.name)
    return m.group(0) if m else ent.name
