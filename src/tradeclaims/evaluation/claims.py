"""Scoring claims as the annotation guideline says (``../shared/seeds/README.md``, "Claims in
detail"): a predicted claim matches a gold claim when the evidence sentences overlap, the kind
is the same, and the actor sets share a party (by canonical name, alias or mention); a gold
claim without actors needs no actor match. Precision counts a prediction right if it matches
any gold claim, required or optional; recall counts the required ones.

Besides the strict scores, the same matching with "report" and "position" merged into one
kind, and on matched claims the accuracy of the full actor set, the targets and the date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..rules.lexicons import norm_key
from ..schema import ArticleExtraction, Claim
from .scores import Counts, Scores

#: Kinds scored as one in the "merged" view.
MERGED = {"report": "statement", "position": "statement"}


@dataclass
class ClaimMatch:
    """The outcome of scoring one article's claims (indices into the two lists)."""

    pairs: list[tuple[int, int]] = field(default_factory=list)  # (pred, gold)
    false_positives: list[int] = field(default_factory=list)
    misses: list[int] = field(default_factory=list)  # required gold claims not found


def _variants(name: str, aliases: dict[str, set[str]]) -> set[str]:
    key = norm_key(name)
    return {key, *aliases.get(key, set())} - {""}


def alias_table(gold: dict[str, Any], pred: ArticleExtraction) -> dict[str, set[str]]:
    """norm_key(name) -> every norm_key the same party is known by, from the gold's entity
    lists (where the gold file has them) and the prediction's entities."""
    groups: list[set[str]] = []
    for cat in ("people", "organizations", "agreements", "places", "optional_organizations"):
        for ent in gold.get(cat, []):
            forms = [ent.get("name", ""), *ent.get("aliases", [])]
            forms += [m[2] for m in ent.get("mentions", [])]
            groups.append({norm_key(f) for f in forms if f})
    for ents in (pred.people, pred.organizations, pred.agreements, pred.places):
        for e in ents:
            forms = [e.name, *getattr(e, "aliases", []), *(m.text for m in e.mentions)]
            groups.append({norm_key(f) for f in forms if f})
    table: dict[str, set[str]] = {}
    for group in groups:
        for key in group:
            table.setdefault(key, set()).update(group)
    return table


def _share_party(pred: Iterable[str], gold: Iterable[str], aliases: dict[str, set[str]]) -> bool:
    mine = set().union(*(_variants(a, aliases) for a in pred)) if pred else set()
    return any(_variants(g, aliases) & mine for g in gold)


def same_parties(pred: list[str], gold: list[str], aliases: dict[str, set[str]]) -> bool:
    return len(pred) == len(gold) and all(_share_party(pred, [g], aliases) for g in gold)


def match_claims(
    golds: list[dict[str, Any]],
    preds: list[Claim],
    aliases: dict[str, set[str]],
    *,
    merged: bool = False,
) -> ClaimMatch:
    """One-to-one matching of predicted to gold claims (predictions in text order)."""

    def kind(k: str) -> str:
        return MERGED.get(k, k) if merged else k

    out = ClaimMatch()
    used: set[int] = set()
    for i, claim in enumerate(preds):
        span = (claim.sentence.start, claim.sentence.end)
        hit = None
        # a gold claim that also shares the trigger is preferred, then a required one
        order = sorted(
            range(len(golds)),
            key=lambda j: (
                str(golds[j].get("trigger") or "") not in claim.trigger.text
                and claim.trigger.text not in str(golds[j].get("trigger") or ""),
                not golds[j].get("required", True),
            ),
        )
        for j in order:
            g = golds[j]
            gs = (int(g["sentence"][0]), int(g["sentence"][1]))
            if j in used or kind(g["kind"]) != kind(claim.kind):
                continue
            if not (span[0] < gs[1] and gs[0] < span[1]):
                continue
            if g.get("actors") and not _share_party(claim.actors, g["actors"], aliases):
                continue
            hit = j
            break
        if hit is None:
            out.false_positives.append(i)
        else:
            used.add(hit)
            out.pairs.append((i, hit))
    out.misses = [j for j, g in enumerate(golds) if j not in used and g.get("required", True)]
    return out


def score_claims(gold: dict[str, Any], pred: ArticleExtraction, scores: Scores) -> None:
    """Add one article's claim scores to ``scores``."""
    golds = gold.get("claims", [])
    aliases = alias_table(gold, pred)
    strict = match_claims(golds, pred.claims, aliases)
    loose = match_claims(golds, pred.claims, aliases, merged=True)
    for name, result in (("claims", strict), ("claims_merged", loose)):
        c = scores.exact.setdefault(name, Counts())
        required = sum(1 for _i, j in result.pairs if golds[j].get("required", True))
        c.tp += required
        c.tp_optional += len(result.pairs) - required
        c.fp += len(result.false_positives)
        c.fn += len(result.misses)
        scores.partial.setdefault(name, Counts())
        p = scores.partial[name]
        p.tp, p.tp_optional, p.fp, p.fn = c.tp, c.tp_optional, c.fp, c.fn
    for i, j in strict.pairs:
        kind = scores.claim_kinds.setdefault(pred.claims[i].kind, Counts())
        if golds[j].get("required", True):
            kind.tp += 1
        else:
            kind.tp_optional += 1
    for i in strict.false_positives:
        scores.claim_kinds.setdefault(pred.claims[i].kind, Counts()).fp += 1
    for j in strict.misses:
        scores.claim_kinds.setdefault(golds[j]["kind"], Counts()).fn += 1
    for i, j in strict.pairs:
        claim, g = pred.claims[i], golds[j]
        scores.ratio("claims.all_actors").add(
            same_parties(claim.actors, g.get("actors", []), aliases)
        )
        scores.ratio("claims.targets").add(
            same_parties(claim.targets, g.get("targets", []), aliases)
        )
        if g.get("date") or claim.date:
            scores.ratio("claims.date").add(claim.date == g.get("date"))
