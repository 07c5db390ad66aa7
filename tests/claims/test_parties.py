"""Who speaks and whom a claim addresses (parties.py): subjects resolved to entities."""

from __future__ import annotations

import pytest

from tradeclaims import Extractor


@pytest.mark.parametrize(
    ("text", "trigger", "actors"),
    [
        # a capital acting as its government is the country, when the text names it
        (
            "Taiwan cut tariffs. Taipei has said it is losing markets to South Korea.",
            "said",
            ["Taiwan"],
        ),
        # the relative pronoun's antecedent speaks
        (
            "The paper printed an article by its counsellor, Chen Shibiao, who said that "
            "difficulties were preventing trade.",
            "said",
            ["Chen Shibiao"],
        ),
        # a verb the parser left without a subject: the entity right before it
        (
            "In remarks before the Club, Dan Rostenkowski, D-Ill., predicted major trade "
            "legislation will be sent to President Reagan.",
            "predicted",
            ["Dan Rostenkowski"],
        ),
        # a person speaks, not the organization named as where the person works
        (
            "Tam said the dollar would rebound. P.S. Tam of Morgan Guaranty Trust said the "
            "dollar has hit its targets.",
            "said",
            ["P.S. Tam"],
        ),
        # the organization in a person's title does not speak with him
        (
            "House Ways and Means Committee Chairman Dan Rostenkowski said Congress was busy.",
            "said",
            ["Dan Rostenkowski"],
        ),
        # "he" is not the person named earlier in its own sentence
        (
            "George Shultz spoke. The reference spoils a bill introduced by Senator Lloyd "
            "Bentsen, he said.",
            "said",
            ["George Shultz"],
        ),
        # "the editorial" is the newspaper named before it
        (
            "The official International Business newspaper published an editorial. "
            '"Trade is important," the editorial said.',
            "said",
            ["International Business"],
        ),
    ],
)
def test_speakers(rules_extractor: Extractor, text: str, trigger: str, actors: list[str]) -> None:
    claims = [c for c in rules_extractor(text).claims if c.trigger.text == trigger]
    assert claims, rules_extractor(text).claims
    assert claims[-1].actors == actors


@pytest.mark.parametrize(
    "text",
    [
        "EC firms said they had been forced to offer discounts.",  # unnamed firms, not the EC
        "Dealers said the dollar would fall.",
    ],
)
def test_unnamed_speakers_name_no_party(rules_extractor: Extractor, text: str) -> None:
    assert rules_extractor(text).claims == []


def test_short_form_of_an_organization_joins_it(rules_extractor: Extractor) -> None:
    result = rules_extractor(
        "The EC Executive Commission opened a probe. The Commission said it believed the "
        "complaint was justified."
    )
    assert [o.name for o in result.organizations] == ["EC Executive Commission"]
    (claim,) = result.claims
    assert (claim.kind, claim.trigger.text, claim.actors) == (
        "position", "believed", ["EC Executive Commission"],
    )  # fmt: skip
