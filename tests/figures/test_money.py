"""Money, percentages and quantities: exact amounts, currencies, qualifiers, breakdowns."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tradeclaims import Extractor


@pytest.mark.parametrize(
    ("text", "span", "amount", "currency", "qualifier"),
    [
        (
            "Exports reached $683.94 billion last year.",
            "$683.94 billion",
            "683940000000",
            "USD",
            None,
        ),
        ("GDP is more than $33 trillion.", "$33 trillion", "33000000000000", "USD", "more than"),
        ("The fund holds US$5 bln in bonds.", "US$5 bln", "5000000000", "USD", None),
        ("The deficit was 300 mln dlrs in January.", "300 mln dlrs", "300000000", "USD", None),
        (
            "The surplus was 58.6 billion dlr, up sharply.",
            "58.6 billion dlr",
            "58600000000",
            "USD",
            None,
        ),
        (
            "Japan's surplus hit 6,000 billion yen.",
            "6,000 billion yen",
            "6000000000000",
            "JPY",
            None,
        ),
        (
            "It bought 34 billion U.S. dollars of bonds.",
            "34 billion U.S. dollars",
            "34000000000",
            "USD",
            None,
        ),
        ("The deal is worth €1.2bn to the firm.", "€1.2bn", "1200000000", "EUR", None),
        ("Sales fell to £300m in March.", "£300m", "300000000", "GBP", None),
        ("Ottawa pledged C$2.5 billion.", "C$2.5 billion", "2500000000", "CAD", None),
        ("Beijing set aside RMB 10 billion.", "RMB 10 billion", "10000000000", "CNY", None),
        ("Imports rose nearly $4 million.", "$4 million", "4000000", "USD", "nearly"),
    ],
)
def test_money_forms(
    extractor: Extractor, text: str, span: str, amount: str, currency: str, qualifier: str | None
) -> None:
    money = extractor(text).money
    assert [m.text for m in money] == [span]
    assert money[0].amount == Decimal(amount)
    assert money[0].currency == currency
    assert money[0].qualifier == qualifier
    assert text[money[0].start : money[0].end] == span


def test_range_has_both_bounds(extractor: Extractor) -> None:
    (money,) = extractor("Tariffs could cost $5-$10 billion a year.").money
    assert (money.amount, money.amount_max) == (Decimal("5000000000"), Decimal("10000000000"))


def test_breakdown_points_to_total(extractor: Extractor) -> None:
    text = (
        "The $500 billion in exports to Asia include machinery ($200 billion), "
        "soybeans ($100 billion), and aircraft ($50 billion)."
    )
    money = extractor(text).money
    total, *parts = money
    assert total.measure == "exports to Asia"
    assert [p.part_of for p in parts] == [total.id] * 3
    assert [p.measure for p in parts] == ["machinery", "soybeans", "aircraft"]
    assert total.flags == []


def test_parts_exceeding_total_are_flagged(extractor: Extractor) -> None:
    text = "The $100 billion in exports include machinery ($80 billion) and soybeans ($50 billion)."
    total = extractor(text).money[0]
    assert "parts_exceed_total" in total.flags


def test_parts_after_including_point_to_the_total(extractor: Extractor) -> None:
    text = (
        "Last year South Korea ran a 4.3 billion dlr trade surplus, including a record "
        "7.1 billion surplus with the U.S. and a 5.5 billion dlr deficit with Japan."
    )
    total, *parts = extractor(text).money
    assert total.measure == "South Korea's trade surplus"
    assert [p.part_of for p in parts] == [total.id, total.id]
    assert [p.measure for p in parts] == ["surplus with the U.S.", "deficit with Japan"]
    # a surplus and a deficit may add up to more than the balance: no inconsistency
    assert total.flags == []


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        (
            "The surplus has boosted foreign exchange reserves to 50 billion dlrs.",
            "foreign exchange reserves",
        ),
        (
            "The three countries comprise $1.8 trillion in goods and services trade.",
            "goods and services trade",
        ),
        (
            "The United States, Canada and Mexico comprise $1.8 trillion in trade.",
            "trade of the United States, Canada and Mexico",
        ),
        ("Solomon described the current 150 billion dlr\nannual deficit.", "annual deficit"),
    ],
)
def test_money_measure(extractor: Extractor, text: str, measure: str) -> None:
    (money,) = extractor(text).money
    assert money.measure == measure


@pytest.mark.parametrize(
    ("text", "span", "value", "qualifier", "measure"),
    [
        (
            "They hold 6.3% of the world's population.",
            "6.3%",
            "6.3",
            None,
            "share of world's population",
        ),
        ("That is nearly 30% of world GDP.", "30%", "30", "nearly", "share of world GDP"),
        ("A 25 percent tariff was imposed.", "25 percent", "25", None, "tariff"),
        ("Exports rose 5 pct in January.", "5 pct", "5", None, "change in Exports"),
    ],
)
def test_percentages(
    extractor: Extractor,
    text: str,
    span: str,
    value: str,
    qualifier: str | None,
    measure: str | None,
) -> None:
    (pct,) = extractor(text).percentages
    assert (pct.text, pct.value, pct.qualifier, pct.measure) == (
        span,
        Decimal(value),
        qualifier,
        measure,
    )


@pytest.mark.parametrize(
    ("text", "span", "value", "unit"),
    [
        ("The region has more than 520 million people.", "520 million", "520000000", "people"),
        (
            "More than 13 million American jobs depend on it.",
            "13 million",
            "13000000",
            "American jobs",
        ),
        ("The plant employs 4,500 workers.", "4,500", "4500", "workers"),
    ],
)
def test_quantities(extractor: Extractor, text: str, span: str, value: str, unit: str) -> None:
    (qty,) = extractor(text).quantities
    assert (qty.text, qty.value, qty.unit) == (span, Decimal(value), unit)


def test_years_and_dates_are_not_quantities(extractor: Extractor) -> None:
    result = extractor("On July 1, 2020 the pact entered into force; in 1987 exports fell.")
    assert result.quantities == []


@pytest.mark.parametrize(
    ("text", "per"),
    [
        ("Oil rose to 18 dlrs a barrel.", "barrel"),
        ("Wheat sold at $2.50 per bushel.", "bushel"),
        ("Tariffs cost $5 billion a year.", "year"),
        ("Exports reached $683.94 billion.", None),
    ],
)
def test_price_per_unit(extractor: Extractor, text: str, per: str | None) -> None:
    (money,) = extractor(text).money
    assert money.per == per
