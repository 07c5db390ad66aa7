"""Turn an annotator's draft (strings) into a gold file (offsets), and check it.

    python tools/build_gold.py DRAFT.json [--out gold/<corpus>/<stem>.gold.json]

An annotator writes what they read - names, sentences, figures as the text spells them - and
this tool finds the characters. It never runs the extractor. The draft format:

    {"corpus": "modern_trade", "file": "pd-....txt",
     "people": [{"name": "Wang Yi", "titles": ["Foreign Minister"], "affiliation": null,
                 "country": "China", "forms": ["Wang Yi", "Wang"], "optional_forms": []}],
     "organizations": [{"name": ..., "aliases": [...], "forms": [...], "optional_forms": []}],
     "optional_organizations": [{"name": ..., "forms": [...]}],
     "agreements": [{"name": ..., "aliases": [...], "forms": [...]}],
     "places": [{"name": "China", "forms": ["China"], "optional_forms": []}],
     "dates": [{"text": "June 5", "occurrence": 0, "value": "2018-06-05", "kind": "date",
                "required": true}],
     "money": [{"id": "M1", "text": "$34 billion", "occurrence": 0, "amount": "34000000000",
                "currency": "USD", "qualifier": null, "measure": "...", "part_of": null}],
     "percentages": [{"text": "25 percent", "occurrence": 0, "value": "25", "qualifier": null,
                      "measure": "tariff"}],
     "quantities": [{"text": "500", "occurrence": 0, "value": "500", "qualifier": "more than",
                     "unit": "companies"}],
     "claims": [{"id": "C1", "required": true, "kind": "position", "trigger": "said",
                 "actors": ["..."], "targets": [], "action": "...", "quote": null,
                 "date": null, "sentence": "The exact sentence, as in the text.",
                 "occurrence": 0}]}

Rules of the resolution:
- Every string is matched with any run of whitespace standing for any other run (wire lines
  wrap), and with word boundaries at both ends.
- Entity `forms`: every occurrence of every form is a mention, except occurrences inside a
  longer mention of any entity (the "Mexico inside U.S.-Mexico-Canada Agreement" rule);
  optional organizations hide nothing ("Trump" in "Trump administration" is a mention, as in
  the seed).
- Figures and dates: `occurrence` (0-based, default 0) picks among the occurrences of `text`.
- Claims: `sentence` is found in the text (its `occurrence`, default 0); `trigger`, `action`
  and `quote` must occur inside that sentence.
The gold file records `text_sha256`, the SHA-256 of the article text (after front matter).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"
ENTITY_CATS = ("people", "organizations", "optional_organizations", "agreements", "places")
FIGURE_CATS = ("dates", "money", "percentages", "quantities")
KINDS = {"commitment", "appeal", "threat", "position", "report", "provision"}


class DraftError(Exception):
    pass


def article_text(corpus: str, file: str) -> tuple[str, str | None]:
    """The article text (front matter removed) and the front matter's `published`."""
    raw = (SHARED / corpus / file).read_bytes().decode("utf-8")
    published = None
    if raw.startswith("---\n"):
        end = raw.index("\n---\n", 3)
        for line in raw[4:end].splitlines():
            if line.startswith("published:"):
                published = line.split(":", 1)[1].strip()
        raw = raw[end + 5 :]
        if raw.startswith("\n"):
            raw = raw[1:]
    return raw, published


def reuters_published(file: str) -> str | None:
    import csv
    from datetime import datetime

    with (SHARED / "reuters_trade" / "index.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["file"] == file:
                return datetime.strptime(row["date"].split()[0], "%d-%b-%Y").date().isoformat()
    return None


def pattern(s: str) -> re.Pattern[str]:
    words = s.split()
    if not words:
        raise DraftError(f"empty string {s!r}")
    body = r"\s+".join(re.escape(w) for w in words)
    return re.compile(r"(?<!\w)" + body + r"(?!\w)")


def find_all(text: str, s: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
    hi = len(text) if hi is None else hi
    return [(m.start(), m.end()) for m in pattern(s).finditer(text, lo, hi)]


def find_one(
    text: str, s: str, occurrence: int, where: str, lo: int = 0, hi: int | None = None
) -> tuple[int, int]:
    hits = find_all(text, s, lo, hi)
    if not hits:
        raise DraftError(f"{where}: {s!r} not found")
    if occurrence >= len(hits):
        raise DraftError(f"{where}: {s!r} occurs {len(hits)} times, occurrence {occurrence} asked")
    return hits[occurrence]


def span(text: str, se: tuple[int, int]) -> list[Any]:
    return [se[0], se[1], text[se[0] : se[1]]]


def build(draft: dict[str, Any]) -> dict[str, Any]:
    corpus, file = draft["corpus"], draft["file"]
    text, published = article_text(corpus, file)
    if corpus == "reuters_trade":
        published = reuters_published(file)
    gold: dict[str, Any] = {
        "text_file": f"../../../shared/corpora/{corpus}/{file}",
        "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "published": draft.get("published") or published,
        "notes": draft.get("notes", []),
        "annotated": "full" if any(draft.get(c) for c in ENTITY_CATS + FIGURE_CATS) else "claims",
    }
    # entities: all occurrences of all forms, minus those nested in a longer mention
    found: list[tuple[str, int, str, tuple[int, int]]] = []
    for cat in ENTITY_CATS:
        for i, ent in enumerate(draft.get(cat, [])):
            for key in ("forms", "optional_forms"):
                for form in ent.get(key, []):
                    hits = find_all(text, form)
                    if not hits:
                        raise DraftError(f"{cat} {ent['name']!r}: form {form!r} not found")
                    found += [(cat, i, key, h) for h in hits]
    # optional organizations ("Trump administration") do not hide the names inside them
    all_spans = {h for c, *_, h in found if c != "optional_organizations"}

    def nested(h: tuple[int, int]) -> bool:
        return any(o != h and o[0] <= h[0] and h[1] <= o[1] for o in all_spans)

    for cat in ENTITY_CATS:
        items = []
        for i, ent in enumerate(draft.get(cat, [])):
            out = {k: v for k, v in ent.items() if k not in ("forms", "optional_forms")}
            mentions = sorted(
                {
                    h
                    for c, j, k, h in found
                    if c == cat and j == i and k == "forms" and not nested(h)
                }
            )
            optional = sorted(
                {
                    h
                    for c, j, k, h in found
                    if c == cat and j == i and k == "optional_forms" and not nested(h)
                }
            )
            out["mentions"] = [span(text, h) for h in mentions]
            if optional:
                out["optional_mentions"] = [span(text, h) for h in optional]
            items.append(out)
        if items or cat in draft:
            gold[cat] = items
    for cat in FIGURE_CATS:
        if cat not in draft:
            continue
        items = []
        for item in draft[cat]:
            out = {k: v for k, v in item.items() if k not in ("text", "occurrence")}
            h = find_one(text, item["text"], int(item.get("occurrence", 0)), cat)
            out["span"] = span(text, h)
            out.setdefault("required", True) if cat == "dates" else None
            items.append(out)
        gold[cat] = items
    claims = []
    for c in draft.get("claims", []):
        where = f"claim {c.get('id')}"
        if c.get("kind") not in KINDS:
            raise DraftError(f"{where}: kind {c.get('kind')!r}")
        s = find_one(text, c["sentence"], int(c.get("occurrence", 0)), where)
        for key in ("trigger", "action", "quote"):
            if c.get(key):
                find_one(text, c[key], 0, f"{where} {key}", s[0], s[1])
        out = {k: v for k, v in c.items() if k not in ("sentence", "occurrence")}
        out.setdefault("required", True)
        out.setdefault("targets", [])
        for key in ("action", "quote", "date"):
            out.setdefault(key, None)
        out["sentence"] = [s[0], s[1]]
        out["sentence_text"] = text[s[0] : s[1]]
        claims.append(out)
    gold["claims"] = claims
    return gold


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("draft")
    ap.add_argument("--out")
    args = ap.parse_args()
    draft = json.loads(Path(args.draft).read_text(encoding="utf-8"))
    try:
        gold = build(draft)
    except DraftError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    out = (
        Path(args.out)
        if args.out
        else (ROOT / "gold" / draft["corpus"] / (Path(draft["file"]).stem + ".gold.json"))
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    n_req = sum(c["required"] for c in gold["claims"])
    print(f"{out}: {len(gold['claims'])} claims ({n_req} required)", end="")
    for cat in ENTITY_CATS + FIGURE_CATS:
        if cat in gold:
            print(f", {cat} {len(gold[cat])}", end="")
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
