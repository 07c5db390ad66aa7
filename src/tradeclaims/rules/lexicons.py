"""Rule data: loading, validating and compiling the lexicons under ``models/``.

The data itself lives in JSON/JSONL files; this module only turns it into the lookup tables
and regular expressions the extractors use, once per pipeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import srsly

from ..errors import ResourceError

#: File names of the rule data, relative to the models directory.
DATA_FILES: dict[str, str] = {
    "aliases": "lexicons/aliases.jsonl",
    "triggers": "lexicons/triggers.jsonl",
    "titles": "lexicons/titles.json",
    "places": "lexicons/places.json",
    "filters": "lexicons/entity_filters.json",
    "currencies": "lexicons/currencies.json",
    "temporal": "lexicons/temporal.json",
    "claim_words": "lexicons/claim_words.json",
    "place_codes": "lexicons/place_codes.json",
}


def models_path() -> Path:
    """The directory holding ``config.cfg`` and the rule data.

    Installed wheels carry it inside the package; an editable install reads the repository's
    top-level ``models/``.
    """
    package = Path(__file__).resolve().parents[1]
    packaged = package / "models"
    if (packaged / "config.cfg").exists():
        return packaged
    repo = package.parents[1] / "models"
    if (repo / "config.cfg").exists():
        return repo
    raise ResourceError("the models directory (config.cfg and lexicons) was not found")


def read_data(name: str, base: Path | None = None) -> Any:
    """Read one data file by its key in :data:`DATA_FILES`."""
    path = (base or models_path()) / DATA_FILES[name]
    try:
        if path.suffix == ".jsonl":
            return list(srsly.read_jsonl(path))
        return srsly.read_json(path)
    except (OSError, ValueError) as exc:
        raise ResourceError(f"cannot read rule data: {exc}", source=str(path)) from exc


def read_alias_file(path: str | Path) -> list[dict[str, Any]]:
    """A user's alias file: JSONL rows ``{"label": "ORG"|"AGREEMENT", "name", "aliases"}``."""
    try:
        rows = list(srsly.read_jsonl(Path(path)))
    except (OSError, ValueError) as exc:
        raise ResourceError(f"cannot read alias file: {exc}", source=str(path)) from exc
    for i, row in enumerate(rows, 1):
        if (
            not isinstance(row, dict)
            or row.get("label") not in ("ORG", "AGREEMENT")
            or not row.get("name")
        ):
            raise ResourceError(
                f"line {i}: needs label ORG or AGREEMENT and a name", source=str(path)
            )
    return rows


def _alternation(words: list[str]) -> str:
    """A regex alternation, longest first so that 'Trade Representative' beats 'Trade'."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def norm_key(text: str) -> str:
    """Normalization used to compare names: case, punctuation and 'the' ignored."""
    text = text.replace("’", "'").lower()
    text = re.sub(r"\bu\.?s\.?a?\.?(?=[\s\-]|$)", "united states", text)
    text = re.sub(r"[^\w\s]", " ", text)
    words = [w for w in text.split() if w not in {"the", "of", "free", "trade"}]
    return " ".join(words)


@dataclass
class Lexicons:
    """Every rule table the extractors read, compiled."""

    raw: dict[str, Any]
    # entities
    alias_to_name: dict[str, tuple[str, str]] = field(
        default_factory=dict
    )  # surface -> (label, name)
    name_key_to_name: dict[str, tuple[str, str]] = field(default_factory=dict)
    place_aliases: dict[str, str] = field(default_factory=dict)
    place_codes: dict[str, str] = field(default_factory=dict)  # country -> ISO alpha-3
    wikidata: dict[str, str] = field(default_factory=dict)  # alias-table name -> Wikidata id
    demonyms: dict[str, str] = field(default_factory=dict)
    degrees: frozenset[str] = frozenset()
    non_org_heads: frozenset[str] = frozenset()
    strip_prefixes: tuple[str, ...] = ()
    person_blocklist: frozenset[str] = frozenset()
    title_heads: frozenset[str] = frozenset()
    title_words: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()
    portfolios: tuple[str, ...] = ()
    known_titles: dict[str, dict[str, Any]] = field(default_factory=dict)
    title_before_re: re.Pattern[str] = re.compile("(?!)")
    title_phrase_re: re.Pattern[str] = re.compile("(?!)")
    # figures
    currency_symbols: dict[str, str] = field(default_factory=dict)
    currency_codes: dict[str, str] = field(default_factory=dict)
    currency_words: dict[str, str] = field(default_factory=dict)
    scales: dict[str, Decimal] = field(default_factory=dict)
    qualifiers: dict[str, str] = field(default_factory=dict)
    # claims
    triggers: list[dict[str, Any]] = field(default_factory=list)
    # dates
    temporal: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Lexicons:
        """Compile the raw data (as read by :func:`read_data`) into lookup tables."""
        missing = [k for k in DATA_FILES if data.get(k) is None]
        if missing:
            raise ResourceError(f"rule data missing: {', '.join(missing)}")
        lex = cls(raw=data)
        for row in data["aliases"]:
            try:
                label, name = row["label"], row["name"]
            except (KeyError, TypeError) as exc:
                raise ResourceError(f"alias row without label/name: {row!r}") from exc
            if row.get("wikidata"):
                lex.wikidata[name] = str(row["wikidata"])
            for surface in [name, *row.get("aliases", [])]:
                lex.alias_to_name[surface] = (label, name)
                lex.name_key_to_name.setdefault(norm_key(surface), (label, name))
        lex.place_codes = dict(data["place_codes"]["codes"])
        places = data["places"]
        lex.place_aliases = dict(places["aliases"])
        lex.demonyms = dict(places["demonyms"])
        filters = data["filters"]
        lex.degrees = frozenset(filters["degrees"])
        lex.non_org_heads = frozenset(filters["non_org_heads"])
        lex.strip_prefixes = tuple(filters["strip_prefixes"])
        lex.person_blocklist = frozenset(filters["person_blocklist"])
        titles = data["titles"]
        lex.title_heads = frozenset(titles["heads"])
        lex.title_words = frozenset(titles["heads"]) | frozenset(titles["modifiers"])
        lex.honorifics = frozenset(titles["honorifics"])
        lex.portfolios = tuple(sorted(titles["portfolios"], key=len, reverse=True))
        lex.known_titles = {t["title"]: t for t in titles["known"]}
        countries = {*lex.place_aliases.values(), *lex.demonyms.values()}
        nat = _alternation([*lex.demonyms, *lex.place_aliases, *countries])
        mods = _alternation(titles["modifiers"])
        heads = _alternation(titles["heads"])
        ports = _alternation(titles["portfolios"])
        # A pre-nominal title directly before a name: "Mexican Secretary of Economy",
        # "U.S. Trade Representative", "Agriculture Secretary". Case-insensitive because
        # wire copy writes "spokesman John Smith" as often as "Ambassador Greer".
        lex.title_before_re = re.compile(
            rf"(?:(?<![\w.])(?P<nat>{nat})\s+)?"
            rf"(?P<title>(?<![\w.])(?:(?:{mods})[\s\-]+)*(?:{heads})"
            rf"(?:\s+(?:of|for)\s+(?:{ports}))?)\s+$",
            re.IGNORECASE,
        )
        # the same title anywhere in a phrase, with a possessive country ("China's")
        lex.title_phrase_re = re.compile(
            rf"(?:(?<![\w.])(?P<nat>{nat})(?:'s|’s)?\s+)?"
            rf"(?P<title>(?<![\w.])(?:(?:{mods})[\s\-]+)*(?:{heads}))(?![\w])",
            re.IGNORECASE,
        )
        cur = data["currencies"]
        lex.currency_symbols = dict(cur["symbols"])
        lex.currency_codes = {c: cur["code_aliases"].get(c, c) for c in cur["codes"]}
        lex.currency_words = dict(cur["words"])
        lex.scales = {k: Decimal(v) for k, v in cur["scales"].items()}
        lex.qualifiers = dict(cur["qualifiers"])
        lex.triggers = list(data["triggers"])
        lex.temporal = dict(data["temporal"])
        return lex

    @classmethod
    def load(cls, base: Path | None = None) -> Lexicons:
        """Read and compile the rule data shipped with tradeclaims (or under ``base``)."""
        return cls.from_data({key: read_data(key, base) for key in DATA_FILES})

    def canonical_place(self, text: str) -> str:
        """'U.S.' -> 'United States'; unknown names are returned unchanged."""
        return self.place_aliases.get(text, text)

    def country_of(self, word: str) -> str | None:
        """The country a nationality word or place alias names, if any."""
        if word in self.demonyms:
            return self.demonyms[word]
        if word in self.place_aliases:
            return self.place_aliases[word]
        if word in self.place_aliases.values() or word in self.demonyms.values():
            return word
        return None
