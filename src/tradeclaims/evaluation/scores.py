"""The counts and ratios every evaluation reports: P/R/F per category, attribute accuracy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Counts:
    """Counts of one category: ``tp`` predictions matching a required gold item,
    ``tp_optional`` predictions matching an optional one (right for precision, not counted for
    recall), ``fp`` predictions matching nothing, ``fn`` required gold items not found."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tp_optional: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.tp_optional += other.tp_optional

    @property
    def precision(self) -> float:
        right = self.tp + self.tp_optional
        return right / (right + self.fp) if right + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "tp_optional": self.tp_optional,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Ratio:
    """Attribute accuracy over matched items (e.g. date values, money amounts)."""

    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    def merge(self, other: Ratio) -> None:
        self.correct += other.correct
        self.total += other.total

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0


@dataclass
class Scores:
    """Scores of one or more articles, per category."""

    exact: dict[str, Counts] = field(default_factory=dict)
    partial: dict[str, Counts] = field(default_factory=dict)
    attributes: dict[str, Ratio] = field(default_factory=dict)
    claim_kinds: dict[str, Counts] = field(default_factory=dict)
    documents: int = 0

    def ratio(self, name: str) -> Ratio:
        return self.attributes.setdefault(name, Ratio())

    def merge(self, other: Scores) -> None:
        for mine, theirs in (
            (self.exact, other.exact),
            (self.partial, other.partial),
            (self.claim_kinds, other.claim_kinds),
        ):
            for key, counts in theirs.items():
                mine.setdefault(key, Counts()).add(counts)
        for key, ratio in other.attributes.items():
            self.attributes.setdefault(key, Ratio()).merge(ratio)
        self.documents += other.documents

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "exact": {k: v.as_dict() for k, v in self.exact.items()},
            "partial": {k: v.as_dict() for k, v in self.partial.items()},
            "attributes": {
                k: {"accuracy": round(v.accuracy, 4), "correct": v.correct, "total": v.total}
                for k, v in self.attributes.items()
            },
            "claims_by_kind": {k: v.as_dict() for k, v in sorted(self.claim_kinds.items())},
        }
