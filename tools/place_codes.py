"""Write models/lexicons/place_codes.json: country name -> ISO 3166-1 alpha-3 code.

    pip install pycountry && python tools/place_codes.py

Every ISO 3166-1 country under its name, common name and official name, plus the canonical
names the place lexicon (models/lexicons/places.json) gives countries, resolved through
pycountry's lookup or the overrides below (historical states from ISO 3166-3). Run again
when pycountry's data changes; the table is data, the pipeline needs no pycountry.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
#: Canonical names pycountry's lookup does not resolve to the intended code.
OVERRIDES = {
    "South Korea": "KOR",
    "North Korea": "PRK",
    "Taiwan": "TWN",
    "Russia": "RUS",
    "Vietnam": "VNM",
    "Iran": "IRN",
    "Syria": "SYR",
    "Laos": "LAO",
    "Bolivia": "BOL",
    "Venezuela": "VEN",
    "Tanzania": "TZA",
    "Moldova": "MDA",
    "Soviet Union": "SUN",  # ISO 3166-3, withdrawn 1992
    "West Germany": "DEU",  # the Federal Republic continues as Germany
    "East Germany": "DDR",  # ISO 3166-3, withdrawn 1990
    "Yugoslavia": "YUG",  # ISO 3166-3
    "Czechoslovakia": "CSK",  # ISO 3166-3
    "Hong Kong": "HKG",
    "Macao": "MAC",
    "Macau": "MAC",
    "Britain": "GBR",
    "United Kingdom": "GBR",
    "United States": "USA",
    "Netherlands": "NLD",
    "Philippines": "PHL",
    "Ivory Coast": "CIV",
    "Czech Republic": "CZE",
    "Turkey": "TUR",
}


def main() -> None:
    table: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(c, attr, None)
            if name:
                table.setdefault(name, c.alpha_3)
    places = json.loads((ROOT / "models" / "lexicons" / "places.json").read_text(encoding="utf-8"))
    canonical = {
        *places["aliases"].values(),
        *places["demonyms"].values(),
        *places["capitals"].values(),
    }
    for name in sorted(canonical):
        if name in OVERRIDES:
            continue
        with contextlib.suppress(LookupError):
            table.setdefault(name, pycountry.countries.lookup(name).alpha_3)
    table.update(OVERRIDES)
    out = {
        "_doc": "ISO 3166-1 alpha-3 code of each country name (ISO 3166-3 for the historical "
        "Soviet Union, East Germany, Yugoslavia, Czechoslovakia). Written by tools/place_codes.py "
        "from pycountry and the place lexicon's canonical names.",
        "codes": dict(sorted(table.items())),
    }
    path = ROOT / "models" / "lexicons" / "place_codes.json"
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{path}: {len(table)} names")


if __name__ == "__main__":
    main()
