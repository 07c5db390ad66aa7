"""Long tables for analysis that the one-row-per-item tables cannot give: a claim has any
number of actors and targets, which ``claims.csv`` can only join with "; "."""

from __future__ import annotations

from typing import Any

from ..schema import ENTITY_LISTS, ArticleExtraction

#: The columns of ``claim_parties``: one row per party of a claim.
CLAIM_PARTY_COLUMNS = ("article_id", "claim_id", "role", "position", "entity_id", "name")


def claim_parties_rows(result: ArticleExtraction) -> list[dict[str, Any]]:
    """One row per actor and per target of every claim: ``role`` is ``actor`` or
    ``target``, ``position`` its place in the claim's list (from 1), ``entity_id`` the id of
    the person, organization or place (empty where the party is not an extracted entity).
    Join to ``claims`` on (article_id, claim_id = id) and to ``articles`` on article_id."""
    out: list[dict[str, Any]] = []
    aid = result.article.id
    names_of = {e.id: e.name for key in ENTITY_LISTS for e in getattr(result, key)}
    for claim in result.claims:
        for role, names, ids in (
            ("actor", claim.actors, claim.actor_ids),
            ("target", claim.targets, claim.target_ids),
        ):
            # the id lists leave out parties that are not entities: pair ids by name
            by_name = {names_of.get(i): i for i in ids}
            for position, name in enumerate(names, 1):
                if len(ids) == len(names):
                    entity: str | None = ids[position - 1]
                else:
                    entity = by_name.get(name)
                row = dict.fromkeys(CLAIM_PARTY_COLUMNS)
                row.update(
                    article_id=aid,
                    claim_id=claim.id,
                    role=role,
                    position=position,
                    entity_id=entity,
                    name=name,
                )
                out.append(row)
    return out
