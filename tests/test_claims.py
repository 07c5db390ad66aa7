"""Claims: kinds, actors resolved through pronouns and plural phrases, targets, qualities."""

from __future__ import annotations

import pytest

from tradeclaims import Extractor


@pytest.mark.parametrize(
    ("text", "kind", "trigger", "actors", "targets"),
    [
        (
            "The European Commission urged Japan to open its rice market.",
            "appeal", "urged", ["European Commission"], ["Japan"],
        ),
        (
            "Canada threatened to impose duties on U.S. lumber.",
            "threat", "threatened", ["Canada"], [],
        ),
        (
            "The National Association of Manufacturers opposes the tariff bill.",
            "position", "opposes", ["National Association of Manufacturers"], [],
        ),
        (
            "Japan agreed to buy more American semiconductors.",
            "commitment", "agreed", ["Japan"], [],
        ),
        (
            "The U.S. Department of Commerce reported a record deficit in March.",
            "report", "reported", ["U.S. Department of Commerce"], [],
        ),
    ],
)  # fmt: skip
def test_claim_kinds(
    extractor: Extractor, text: str, kind: str, trigger: str, actors: list[str], targets: list[str]
) -> None:
    claims = extractor(text).claims
    assert len(claims) == 1, claims
    claim = claims[0]
    assert (claim.kind, claim.trigger.text, claim.actors, claim.targets) == (
        kind,
        trigger,
        actors,
        targets,
    )
    assert text[claim.sentence.start : claim.sentence.end] == claim.sentence.text


def test_plural_subjects_resolve_to_named_parties(extractor: Extractor) -> None:
    text = (
        "Officials from Japan and South Korea met in Seoul. "
        "Both sides agreed to lower tariffs on steel. "
        "They also agreed to meet again in June."
    )
    claims = extractor(text, published="2026-01-30").claims
    assert [c.kind for c in claims] == ["commitment", "commitment"]
    for claim in claims:
        assert claim.actors == ["Japan", "South Korea"]


def test_reported_speech_yields_the_inner_commitment(extractor: Extractor) -> None:
    text = "Prime Minister Yasuhiro Nakasone said Japan would not lift the sanctions until June."
    claims = extractor(text).claims
    kinds = [c.kind for c in claims]
    assert "commitment" in kinds
    inner = claims[kinds.index("commitment")]
    assert inner.actors == ["Japan"]
    assert inner.negated
    assert inner.condition is not None and inner.condition.startswith("until")


def test_attribution_is_captured_as_source(extractor: Extractor) -> None:
    text = (
        "Canada and Mexico signed a pact. Both sides agreed to continue talks, "
        "according to the joint statement."
    )
    claims = extractor(text).claims
    assert len(claims) == 1
    assert claims[0].source == "the joint statement"


def test_quote_inside_claim(extractor: Extractor) -> None:
    text = "Brazil and Argentina agreed to pursue “deeper integration of their markets,” officials said."
    claims = extractor(text).claims
    assert claims[0].quote is not None
    assert claims[0].quote.text == "deeper integration of their markets"


@pytest.mark.xfail(reason="predicative evaluations ('X is beneficial') have no trigger verb yet")
def test_predicative_position(extractor: Extractor) -> None:
    claims = extractor("The Chamber of Commerce considers the pact beneficial to farmers.").claims
    assert claims and claims[0].kind == "position"
