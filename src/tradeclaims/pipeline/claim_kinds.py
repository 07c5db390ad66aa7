"""``tradeclaims_claim_kinds``: the trained decision over the claims component's candidates.

It reads ``doc._.tc_claim_candidates`` (left by ``tradeclaims_claims`` with ``propose =
true``), keeps the candidates the model calls a claim, with the model's kind, merges
candidates of one sentence that make the same claim (same kind and actors), and replaces
``doc._.tc_claims`` and the ``tc_claims`` span group. Without it the rule claims stand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from ..claims.model import NONE, KindModel
from ..errors import MissingComponentError, ResourceError
from ..schema import Claim
from .components import check_order, set_claims

MODEL_FILE = "model.json"


class ClaimKindsComponent:
    NEEDS: ClassVar[dict[str, str]] = {"tradeclaims_claims": "tc_claim_candidates"}

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.model: KindModel | None = None
        self._data: dict[str, Any] | None = None
        check_order(nlp, name, self.NEEDS)

    def initialize(
        self, get_examples: Any = None, *, nlp: Language | None = None, model: Any = None
    ) -> None:
        """Load the trained weights (``models/claims/kinds.json``, see ``config.cfg``)."""
        if model is None:
            raise ResourceError(f"{self.name}: no model given (models/claims/kinds.json)")
        self._data = dict(model)
        self.model = KindModel.from_json(self._data)

    def __call__(self, doc: Doc) -> Doc:
        if self.model is None:
            raise ResourceError(f"{self.name}: not initialized (no model loaded)")
        candidates = doc._.tc_claim_candidates
        if candidates is None:
            raise MissingComponentError(
                f"{self.name} needs 'tradeclaims_claims' with propose = true to run first"
            )
        set_claims(doc, decide_claims(self.model, candidates))
        return doc

    def to_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / MODEL_FILE, self._data)

    def from_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> ClaimKindsComponent:
        self.initialize(model=srsly.read_json(Path(path) / MODEL_FILE))
        return self


def decide_claims(model: KindModel, candidates: list[dict[str, Any]]) -> list[Claim]:
    """The claims the model makes of the candidates, numbered in text order."""
    chosen: list[tuple[float, Claim]] = []
    for cand in candidates:
        kind, prob = model.decide(cand["features"])
        if kind != NONE:
            chosen.append((prob, Claim.model_validate({**cand["claim"], "kind": kind})))
    kept = _merge_duplicates(chosen)
    return [c.model_copy(update={"id": f"C{i}"}) for i, c in enumerate(kept, 1)]


def _merge_duplicates(chosen: list[tuple[float, Claim]]) -> list[Claim]:
    """One claim per sentence, kind and actor set: the most probable candidate's."""
    best: dict[tuple[int, str, tuple[str, ...]], tuple[float, Claim]] = {}
    for prob, claim in chosen:
        key = (claim.sentence.start, claim.kind, tuple(sorted(claim.actor_ids or claim.actors)))
        if key not in best or prob > best[key][0]:
            best[key] = (prob, claim)
    return sorted((c for _p, c in best.values()), key=lambda c: (c.sentence.start, c.trigger.start))


@Language.factory(
    "tradeclaims_claim_kinds",
    requires=["doc._.tc_claim_candidates"],
    assigns=["doc._.tc_claims", "doc.spans"],
)
def make_claim_kinds(nlp: Language, name: str) -> ClaimKindsComponent:
    """Factory of :class:`ClaimKindsComponent`; needs ``tradeclaims_claims`` before it."""
    return ClaimKindsComponent(nlp, name)
