"""The kind a statement makes beyond its trigger word (claim_kinds.py)."""

from __future__ import annotations

import pytest

from tradeclaims import Extractor


@pytest.mark.parametrize(
    ("text", "kind", "trigger"),
    [
        # a warning without an action against anyone reports
        ("Smith warned that the dollar was too weak.", "report", "warned"),
        ("Canada warned it would retaliate against U.S. duties.", "threat", "warned"),
        # necessity and obligation press the party that must act
        (
            '"It is important that the United States reduce its restrictions," China said.',
            "appeal",
            "said",
        ),
        ('"You must act too," Shultz said.', "appeal", "said"),
        # "should have" reproaches the past
        ('"The remarks should have been made earlier," said P.S. Tam.', "position", "said"),
        # a reported evaluation is a position; a quoted first person takes the inner kind
        ("Japan said the tariffs were unacceptable.", "position", "said"),
        ('"I think the plan is desperate," said Anthony Solomon.', "position", "said"),
    ],
)
def test_kind_from_the_clause(
    rules_extractor: Extractor, text: str, kind: str, trigger: str
) -> None:
    claims = rules_extractor(text).claims
    assert [(c.kind, c.trigger.text) for c in claims] == [(kind, trigger)], claims


@pytest.mark.parametrize(
    "text",
    [
        # consequences, counterfactuals and forecasts commit nobody
        "The United States would face a cut in exports.",
        "The plan would have set a time table for Japan.",
        "George Shultz said the U.S. Would erase its deficit faster than many predicted.",
    ],
)
def test_no_commitment(rules_extractor: Extractor, text: str) -> None:
    assert all(c.kind != "commitment" for c in rules_extractor(text).claims)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what a prediction reports is a forecast, not the subject's commitment
        (
            "The institute said growth would pick up. It predicted the Bank of Japan will not "
            "change the official discount rate.",
            ("report", "predicted"),
        ),
        # "should" on a figure forecasts; it presses nobody
        (
            "Commerce Secretary Malcolm Baldrige said the U.S. trade deficit should start to "
            "decline soon.",
            ("report", "said"),
        ),
    ],
)
def test_forecasts(rules_extractor: Extractor, text: str, expected: tuple[str, str]) -> None:
    claims = rules_extractor(text).claims
    assert expected in [(c.kind, c.trigger.text) for c in claims], claims
    assert all(c.kind not in ("commitment", "appeal") for c in claims), claims


def test_passive_expectation_is_not_the_subjects_position(rules_extractor: Extractor) -> None:
    claims = rules_extractor("Japan is expected to post a 3.6 pct rise in output.").claims
    assert all(c.actors != ["Japan"] for c in claims), claims


def test_it_is_not_the_person_reporting(rules_extractor: Extractor) -> None:
    text = (
        "Australian Trade Minister John Dawkins said if GATT does not give priority to "
        "agriculture, it will be neglecting a problem."
    )
    assert all(c.kind != "commitment" for c in rules_extractor(text).claims)
