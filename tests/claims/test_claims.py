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
        # necessity presses the party that must act, which is the target
        (
            '"It is important that the United States reduce its restrictions," China said.',
            "appeal", "said", ["China"], ["United States"],
        ),
        # a belief is a position; "expects" inside "said" is the claim
        (
            "Anthony Solomon said he expects a decline in the dollar.",
            "position", "expects", ["Anthony Solomon"], [],
        ),
    ],
)  # fmt: skip
def test_claim_kinds(
    rules_extractor: Extractor,
    text: str,
    kind: str,
    trigger: str,
    actors: list[str],
    targets: list[str],
) -> None:
    claims = rules_extractor(text).claims
    assert len(claims) == 1, claims
    claim = claims[0]
    assert (claim.kind, claim.trigger.text, claim.actors, claim.targets) == (
        kind,
        trigger,
        actors,
        targets,
    )
    assert text[claim.sentence.start : claim.sentence.end] == claim.sentence.text


def test_plural_subjects_resolve_to_named_parties(rules_extractor: Extractor) -> None:
    text = (
        "Officials from Japan and South Korea met in Seoul. "
        "Both sides agreed to lower tariffs on steel. "
        "They also agreed to meet again in June."
    )
    claims = rules_extractor(text, published="2026-01-30").claims
    assert [c.kind for c in claims] == ["commitment", "commitment"]
    for claim in claims:
        assert claim.actors == ["Japan", "South Korea"]


def test_reported_speech_yields_the_inner_commitment(rules_extractor: Extractor) -> None:
    text = "Prime Minister Yasuhiro Nakasone said Japan would not lift the sanctions until June."
    claims = rules_extractor(text).claims
    kinds = [c.kind for c in claims]
    assert "commitment" in kinds
    inner = claims[kinds.index("commitment")]
    assert inner.actors == ["Japan"]
    assert inner.negated
    assert inner.condition is not None and inner.condition.startswith("until")


def test_attribution_is_captured_as_source(rules_extractor: Extractor) -> None:
    text = (
        "Canada and Mexico signed a pact. Both sides agreed to continue talks, "
        "according to the joint statement."
    )
    claims = rules_extractor(text).claims
    assert len(claims) == 1
    assert claims[0].source == "the joint statement"


def test_quote_inside_claim(rules_extractor: Extractor) -> None:
    text = "Brazil and Argentina agreed to pursue “deeper integration of their markets,” officials said."
    claims = rules_extractor(text).claims
    assert claims[0].quote is not None
    assert claims[0].quote.text == "deeper integration of their markets"


@pytest.mark.xfail(reason="predicative evaluations ('X is beneficial') have no trigger verb yet")
def test_predicative_position(rules_extractor: Extractor) -> None:
    claims = rules_extractor(
        "The Chamber of Commerce considers the pact beneficial to farmers."
    ).claims
    assert claims and claims[0].kind == "position"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a sentence whose subject the parser lost still has its speaker
        (
            "In remarks before the Club, Dan Rostenkowski, D-Ill., predicted major trade "
            "legislation will be sent to President Reagan.",
            [("report", "predicted", ["Dan Rostenkowski"])],
        ),
        # "told Reuters Taiwan would ...": the clause's subject, not the object, commits
        (
            "Taiwan plans tariff cuts. Wang Chao-Ming told Reuters Taiwan would further reduce "
            "import tariffs.",
            [("commitment", "reduce", ["Taiwan"])],
        ),
        # the relative pronoun's antecedent speaks
        (
            "The paper printed an article by its counsellor, Chen Shibiao, who said that "
            "difficulties were preventing trade.",
            [("report", "said", ["Chen Shibiao"])],
        ),
        # consequences and counterfactuals are no commitments
        (
            "The United States and Japan agreed on a plan; the plan would have set a time table "
            "or they would face a cut in exports.",
            [("commitment", "agreed", ["United States"])],
        ),
        # a party that "provides" is not an agreement's provision; a nominal claim needs content
        (
            "Japan will provide aid. Korea published Japan's demands.",
            [("commitment", "provide", ["Japan"])],
        ),
        # one statement across the sentences of a quotation
        (
            'Rha noted his country "is not as open as the American market. Nor is it '
            'reasonable to expect that it should be," he said.',
            [("position", "noted", ["Rha"])],
        ),
    ],
)
def test_claim_rules(
    rules_extractor: Extractor, text: str, expected: list[tuple[str, str, list[str]]]
) -> None:
    claims = rules_extractor(text).claims
    got = [(c.kind, c.trigger.text.split()[-1], c.actors) for c in claims]
    for kind, trigger, actors in expected:
        assert any(k == kind and t == trigger and set(actors) <= set(a) for k, t, a in got), got


@pytest.mark.parametrize(
    "text",
    [
        # an infinitive is no term of an agreement; passive intentions commit nobody
        "There have been calls in Congress to hold the rates rather than allow them to fall.",
        "The structural talks are intended to be free-wheeling discussions.",
    ],
)
def test_no_claim(rules_extractor: Extractor, text: str) -> None:
    assert rules_extractor(text).claims == []


def test_open_quotation_ends_at_paragraph_break(rules_extractor: Extractor) -> None:
    text = (
        '    "The U.S. should discard its prejudice, China said.\n'
        '    "Controls are strict," it added.\n'
        "    Chen Shibiao said that difficulties were preventing trade.\n"
    )
    claims = rules_extractor(text).claims
    chen = [c for c in claims if c.actors == ["Chen Shibiao"]]
    assert chen and chen[0].sentence.text.startswith("Chen Shibiao said")


def test_hoped_is_a_position(rules_extractor: Extractor) -> None:
    """The model's lemmatizer reads "hoped" as "hop"; the lemma_fixes ruler corrects it."""
    claims = rules_extractor("Margaret Thatcher said she hoped trade would grow.").claims
    assert [(c.kind, c.trigger.text, c.actors) for c in claims] == [
        ("position", "hoped", ["Margaret Thatcher"])
    ]
