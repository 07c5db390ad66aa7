"""The schema is the single source of truth: the committed JSON Schema must match it."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from tradeclaims import ArticleExtraction, Money, json_schema

SCHEMA_FILE = (
    Path(__file__).resolve().parents[1] / "src" / "tradeclaims" / "tradeclaims.schema.json"
)


def test_committed_schema_matches_models() -> None:
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == json_schema(), "regenerate with: tradeclaims schema > " + str(SCHEMA_FILE)


def _walk(node: object, path: str = "") -> list[str]:
    missing = []
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            if "description" not in prop:
                missing.append(f"{path}.{name}")
        for key, value in node.items():
            missing += _walk(value, f"{path}/{key}")
    return missing


def test_every_field_is_documented() -> None:
    assert _walk(json_schema()) == []


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("683.94") * Decimal("1000000000"), "683940000000"),
        (Decimal("33") * Decimal("1000000000000"), "33000000000000"),
        (Decimal("0.686"), "0.686"),
        (Decimal("1.50"), "1.5"),
    ],
)
def test_amounts_serialize_as_exact_strings(amount: Decimal, expected: str) -> None:
    money = Money(id="M1", start=0, end=1, text="$", amount=amount, currency="USD")
    assert money.model_dump(mode="json")["amount"] == expected


def test_extra_fields_are_rejected() -> None:
    with pytest.raises(ValidationError):
        ArticleExtraction.model_validate(
            {"article": {"id": "x", "char_count": 0}, "unexpected": []}
        )


def test_readme_output_format_is_generated_from_the_schema() -> None:
    from tradeclaims.schema import schema_markdown

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- schema:start -->\n", 1)[1].split("<!-- schema:end -->", 1)[0]
    assert section == schema_markdown(), "regenerate with: tradeclaims schema --markdown"


def test_older_outputs_still_read() -> None:
    """Minor versions only add fields: an output written at 1.1.0 validates."""
    from tradeclaims import ArticleExtraction

    old = {
        "schema_version": "1.1.0",
        "article": {"id": "x", "source": None, "title": None, "published": None,
                    "published_source": "none", "char_count": 0},
        "places": [{"id": "L1", "name": "Japan", "mentions": []}],
    }  # fmt: skip
    result = ArticleExtraction.model_validate(old)
    assert result.places[0].code is None
