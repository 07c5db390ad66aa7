"""Entity rules: title splitting, alias merging, clean types, headings."""

from __future__ import annotations

import pytest

from tradeclaims import Extractor
from tradeclaims.entities.extractor import heading_ranges


@pytest.mark.parametrize(
    ("text", "name", "titles", "country"),
    [
        (
            "Yesterday Mexican Secretary of Economy Marcelo Ebrard met reporters.",
            "Marcelo Ebrard",
            ["Secretary of Economy"],
            "Mexico",
        ),
        (
            "The talks were led by U.S. Trade Representative Katherine Tai in Geneva.",
            "Katherine Tai",
            ["U.S. Trade Representative"],
            "United States",
        ),
        (
            "Jamieson Greer, the U.S. Trade Representative, met the delegation.",
            "Jamieson Greer",
            ["U.S. Trade Representative"],
            "United States",
        ),
        (
            "Japanese Prime Minister Yasuhiro Nakasone said the plan would work.",
            "Yasuhiro Nakasone",
            ["Prime Minister"],
            "Japan",
        ),
        (
            "John Smith, senior vice president, public affairs, has led the group for years.",
            "John Smith",
            ["senior vice president, public affairs"],
            None,
        ),
    ],
)
def test_titles_are_separated_from_names(
    extractor: Extractor, text: str, name: str, titles: list[str], country: str | None
) -> None:
    people = {p.name: p for p in extractor(text).people}
    assert name in people, people
    assert people[name].titles == titles
    assert people[name].country == country


def test_surname_mentions_join_the_full_name(extractor: Extractor) -> None:
    text = (
        "Agriculture Secretary Richard Lyng visited Tokyo on Monday. "
        "Lyng told Japanese officials that rice imports must open. Lyng left on Tuesday."
    )
    people = extractor(text).people
    lyng = [p for p in people if "Lyng" in p.name]
    assert len(lyng) == 1
    assert lyng[0].name == "Richard Lyng"
    assert len(lyng[0].mentions) == 3


@pytest.mark.parametrize(
    ("text", "long", "alias"),
    [
        (
            "The Semiconductor Industry Association (SIA) filed a petition. The SIA said prices fell.",
            "Semiconductor Industry Association",
            "SIA",
        ),
        (
            "The Office of the U.S. Trade Representative (USTR) opened hearings. USTR will decide later.",
            "Office of the U.S. Trade Representative",
            "USTR",
        ),
        (
            "The Texas Farm Bureau welcomed the ruling, and TexFarm members voted on it.",
            "Texas Farm Bureau",
            None,
        ),
    ],
)
def test_acronyms_join_their_long_form(
    extractor: Extractor, text: str, long: str, alias: str | None
) -> None:
    orgs = {o.name: o for o in extractor(text).organizations}
    assert long in orgs, orgs
    if alias:
        assert alias in orgs[long].aliases
        assert alias not in orgs


def test_agreements_are_not_organizations(extractor: Extractor) -> None:
    result = extractor(
        "Canada and the United States signed the Canada-United States Free Trade Agreement. "
        "NAFTA replaced it and the USMCA replaced NAFTA."
    )
    names = {a.name for a in result.agreements}
    assert "North American Free Trade Agreement" in names
    assert "United States-Mexico-Canada Agreement" in names
    assert not {o.name for o in result.organizations} & names
    assert {p.name for p in result.places} >= {"Canada", "United States"}


def test_degrees_and_headings_are_not_entities(extractor: Extractor) -> None:
    text = (
        "Trade Statistics Summary\n\n"
        "She holds a B.A. from the University of Chicago and an M.A. from Yale University."
    )
    result = extractor(text)
    places = {m.text for p in result.places for m in p.mentions}
    assert "B.A." not in places and "M.A." not in places
    orgs = {o.name for o in result.organizations}
    assert "University of Chicago" in orgs
    assert not any("Summary" in o for o in orgs)


def test_upper_case_wire_headline_gives_no_junk(extractor: Extractor) -> None:
    text = (
        "U.S. SENATE PANEL APPROVES TRADE MISSION BILL\n"
        "WASHINGTON, March 3 - The Senate Finance Committee approved a bill, the panel said."
    )
    result = extractor(text)
    for ent in [*result.people, *result.organizations, *result.agreements]:
        for m in ent.mentions:
            assert m.start > text.index("\n"), m


def test_heading_ranges() -> None:
    text = "US, Mexico Report Progress\n\nThe talks went well. They ended.\nCoalition Letter\n"
    ranges = heading_ranges(text)
    assert [text[s:e] for s, e in ranges] == ["US, Mexico Report Progress", "Coalition Letter"]


def test_user_alias_file_extends_the_table(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tradeclaims import Extractor, load

    path = tmp_path / "mine.jsonl"
    path.write_text(
        '{"label": "ORG", "name": "Semiconductor Industry Association", "aliases": ["SIA"]}\n',
        encoding="utf-8",
    )
    text = "The SIA said chip prices fell again."
    result = Extractor(load(aliases=[path]))(text)
    orgs = {o.name: o for o in result.organizations}
    assert "Semiconductor Industry Association" in orgs
    assert orgs["Semiconductor Industry Association"].mentions[0].text == "SIA"


def test_bad_alias_file_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tradeclaims import ResourceError, load

    path = tmp_path / "bad.jsonl"
    path.write_text('{"name": "No label"}\n', encoding="utf-8")
    with pytest.raises(ResourceError, match=r"TC202.*bad\.jsonl.*label"):
        load(aliases=[path])


def test_bylines_contacts_and_datelines(extractor: Extractor) -> None:
    text = (
        "Tariff Talks Stall\n\nBy Jane Doe, Reuters\n\n"
        "GENEVA, March 3 - Trade ministers failed to agree on farm subsidies, officials said.\n\n"
        "Staff Contact: John Roe\n"
    )
    result = extractor(text)
    assert {p.name for p in result.people} == {"Jane Doe", "John Roe"}
    assert [o.name for o in result.organizations] == ["Reuters"]
    (geneva,) = result.places
    assert [m.text for m in geneva.mentions] == ["GENEVA"]
    assert geneva.name == "Geneva"


@pytest.mark.parametrize(
    ("text", "person", "title", "org"),
    [
        # the model tags "<organization> Chairman <name>" as one organization
        (
            "House Ways and Means Committee Chairman Dan Rostenkowski said Congress was busy.",
            "Dan Rostenkowski", "Chairman", "House Ways and Means Committee",
        ),
        (
            "Senate Finance Committee Chairman Lloyd Bentsen said Congress was busy.",
            "Lloyd Bentsen", "Chairman", "Senate Finance Committee",
        ),
    ],
)  # fmt: skip
def test_organization_title_name_is_split(
    extractor: Extractor, text: str, person: str, title: str, org: str
) -> None:
    result = extractor(text)
    assert [(p.name, p.titles, p.affiliation) for p in result.people] == [(person, [title], org)]
    assert org in [o.name for o in result.organizations]


def test_names_wrapped_across_lines_have_single_spaces(extractor: Extractor) -> None:
    text = (
        "    BRUSSELS, April 9 - The EC Executive Commission said today the European\n"
        "Electrical Component Manufacturers Association complained that Japanese firms\n"
        "were selling chips at low prices, said Willy de\nClercq."
    )
    result = extractor(text)
    names = [e.name for cat in (result.people, result.organizations) for e in cat]
    assert names and all("\n" not in n and "  " not in n for n in names), names
    assert "Electrical Component Manufacturers Association" in " ".join(names)


# -- modern agency copy (issue #14; invented sentences of the shapes seen there) -------------


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        # photo credits and agency tags are never entities
        (
            "A worker checks containers at a port in Qingdao. (Xinhua/Zhang Wei)",
            "organizations",
            [],
        ),
        ("Cranes load ships in Ningbo. Photo/IC", "organizations", []),
        # agreement acronyms are agreements, and a generic one joins the named agreement
        (
            "The RCEP will cut tariffs on most goods.",
            "agreements",
            [("Regional Comprehensive Economic Partnership", ["RCEP"])],
        ),
        (
            "Chile and Peru signed the Chile-Peru Free Trade Agreement in 2006. "
            "The FTA cut duties on copper.",
            "agreements",
            [("Chile-Peru Free Trade Agreement", ["Chile-Peru Free Trade Agreement", "FTA"])],
        ),
        # a family name written first: the surname alone is the same person
        (
            "Vice Premier Hu Chunhua met the delegation. Hu said talks went well.",
            "people",
            [("Hu Chunhua", ["Hu Chunhua", "Hu"])],
        ),
        # a possessive owner and the organization are two mentions
        (
            "Japan's Ministry of Finance said imports rose.",
            "organizations",
            [("Ministry of Finance", ["Ministry of Finance"])],
        ),
        ("The White House said the talks would resume.", "people", []),
        # '<institution> of <place>' is an organization, whatever the model says
        (
            "The Port of Long Beach handled more cargo.",
            "organizations",
            [("Port of Long Beach", ["Port of Long Beach"])],
        ),
        # a generic tail is not part of a place's name
        (
            "Trade in the Asia-Pacific region grew.",
            "places",
            [("Asia-Pacific", ["Asia-Pacific"])],
        ),
    ],
)
def test_modern_agency_shapes(
    extractor: Extractor, text: str, category: str, expected: list[tuple[str, list[str]]]
) -> None:
    result = extractor(text)
    got = [(e.name, [m.text for m in e.mentions]) for e in getattr(result, category)]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "expected_places", "expected_orgs"),
    [
        (
            "The WTO ruled that China and the U.S. must settle.",
            [("China", "CHN"), ("United States", "USA")],
            [("World Trade Organization", "Q7825")],
        ),
        ("The Soviet Union objected in Geneva.", [("Soviet Union", "SUN"), ("Geneva", None)], []),
        ("The Brooks Institute said so.", [], [("Brooks Institute", None)]),
    ],
)
def test_places_and_organizations_carry_codes(
    extractor: Extractor,
    text: str,
    expected_places: list[tuple[str, str | None]],
    expected_orgs: list[tuple[str, str | None]],
) -> None:
    result = extractor(text)
    assert [(p.name, p.code) for p in result.places] == expected_places
    assert [(o.name, o.wikidata) for o in result.organizations] == expected_orgs
