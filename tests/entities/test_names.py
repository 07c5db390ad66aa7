"""Name matching: abbreviations and surnames."""

from __future__ import annotations

import pytest

from tradeclaims.entities.names import is_abbreviation, surnames


@pytest.mark.parametrize(
    ("short", "long", "expected"),
    [
        ("USTR", "Office of the U.S. Trade Representative", True),
        ("CalChamber", "California Chamber of Commerce", True),
        ("WTO", "World Trade Organization", True),
        ("NAM", "National Association of Manufacturers", True),
        ("EU", "Office of the U.S. Trade Representative", False),
        ("CalChamber", "Chile-California Council", False),
        ("Commerce", "California Chamber of Commerce", False),
    ],
)
def test_is_abbreviation(short: str, long: str, expected: bool) -> None:
    assert is_abbreviation(short, long) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jamieson Greer", {"Greer"}),
        ("Wang Chao-Ming", {"Chao-Ming", "Wang"}),
        ("Woong-Bae Rha", {"Rha"}),
        ("Susanne T. Stirling", {"Stirling"}),
        ("Reagan", set()),
    ],
)
def test_surnames(name: str, expected: set[str]) -> None:
    assert surnames(name) == expected
