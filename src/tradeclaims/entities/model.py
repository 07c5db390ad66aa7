"""The entity types shared by the entity extractor, name merging and the claim rules."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field


@dataclass
class Candidate:
    start: int
    end: int
    label: str
    source: str


@dataclass
class Entity:
    """An entity being built; converted to the schema models by the component."""

    id: str
    label: str
    name: str
    mentions: list[tuple[int, int]] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    titles: list[str] = field(default_factory=list)
    affiliation: str | None = None
    affiliation_id: str | None = None
    country: str | None = None
    known: bool = False  # canonical name taken from the alias table
    code: str | None = None  # a country's ISO alpha-3 code, a known organization's Wikidata id


@dataclass
class EntityIndex:
    """All entities of a document with a character-offset lookup."""

    entities: list[Entity]
    datelines: list[tuple[int, int]] = field(default_factory=list)  # where the story is filed
    _by_start: list[tuple[int, int, Entity]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)
    _longest: int = 0

    def __post_init__(self) -> None:
        self._by_start = sorted(
            ((s, e, ent) for ent in self.entities for s, e in ent.mentions), key=lambda m: m[:2]
        )
        self._starts = [s for s, _e, _ent in self._by_start]
        self._longest = max((e - s for s, e, _ent in self._by_start), default=0)

    def of_label(self, label: str) -> list[Entity]:
        return [e for e in self.entities if e.label == label]

    def within(self, start: int, end: int) -> list[tuple[int, int, Entity]]:
        """Mentions lying inside [start, end), in text order."""
        first, last = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return [(s, e, ent) for s, e, ent in self._by_start[first:last] if e <= end]

    def at(self, start: int, end: int) -> Entity | None:
        """The entity with a mention overlapping [start, end), if any."""
        # only mentions starting within one longest-mention length before `start` can overlap
        first = bisect_left(self._starts, start - self._longest)
        last = bisect_left(self._starts, end)
        for s, e, ent in self._by_start[first:last]:
            if s < end and e > start:
                return ent
        return None
