"""The trained claim decision: a multinomial logistic regression over sparse candidate
features, stored as plain JSON (feature names, one weight row per class, intercepts) so that
applying it needs neither scikit-learn nor pickles. ``tradeclaims train claims`` writes it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..errors import ResourceError

NONE = "none"
MODEL_FORMAT = "tradeclaims.claim_kinds.v1"


@dataclass
class KindModel:
    """Decides, for one candidate, "none" or a claim kind, with a probability."""

    classes: list[str]
    weights: dict[str, list[float]]  # feature -> one weight per class
    intercept: list[float]
    #: A candidate is a claim when P(none) is below this.
    threshold: float
    meta: dict[str, Any]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KindModel:
        if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
            raise ResourceError(f"not a claim-kind model (format {MODEL_FORMAT} expected)")
        classes = list(data["classes"])
        features = list(data["features"])
        coef = data["coef"]  # one row per class
        weights = {
            f: [float(coef[c][i]) for c in range(len(classes))] for i, f in enumerate(features)
        }
        return cls(
            classes=classes,
            weights=weights,
            intercept=[float(x) for x in data["intercept"]],
            threshold=float(data.get("threshold", 0.5)),
            meta=dict(data.get("meta", {})),
        )

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        scores = list(self.intercept)
        for name, value in features.items():
            row = self.weights.get(name)
            if row is not None:
                for c, w in enumerate(row):
                    scores[c] += w * value
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp, strict=True)}

    def decide(self, features: dict[str, float]) -> tuple[str, float]:
        """The kind (or "none") and its probability."""
        probs = self.probabilities(features)
        if probs.get(NONE, 0.0) >= self.threshold:
            return NONE, probs.get(NONE, 0.0)
        kind = max((c for c in self.classes if c != NONE), key=lambda c: probs[c])
        return kind, probs[kind]


def to_json(
    classes: list[str],
    features: list[str],
    coef: list[list[float]],
    intercept: list[float],
    threshold: float,
    meta: dict[str, Any],
) -> dict[str, Any]:
    """The JSON form of a model (weights rounded to 6 decimals: stable diffs)."""
    return {
        "format": MODEL_FORMAT,
        "classes": classes,
        "features": features,
        "coef": [[round(float(w), 6) for w in row] for row in coef],
        "intercept": [round(float(b), 6) for b in intercept],
        "threshold": threshold,
        "meta": meta,
    }
