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
def test_kind_from_the_clause(extractor: Extractor, text: str, kind: str, trigger: str) -> None:
    claims = extractor(text).claims
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
def test_no_commitment(extractor: Extractor, text: str) -> None:
    assert all(c.kind != "commitment" for c in extractor(text).claims)
