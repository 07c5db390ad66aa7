"""Pick the articles of the annotated corpus at random, with a recorded seed.

    python tools/select_articles.py > gold/selection.json

Modern articles: People's Daily articles of at most MAX_MODERN_WORDS words (the few white
papers above that are not news). Reuters wires: 150-1000 words, not one of the stories
reserved for independent evaluation (../shared/corpora/README.md) nor an existing fixture.
The order of each list is the random order; splits take consecutive slices of it.
"""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

SEED = 20261130
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
MAX_MODERN_WORDS = 1200
REUTERS_WORDS = (150, 1000)
RESERVED_REUTERS = {"9406", "11076", "17201", "18148"}
N_MODERN, N_REUTERS = 64, 12
#: Split sizes, in the random order: test first, then dev, then train.
MODERN_SPLITS = {"test": 22, "dev": 12, "train": 30}
REUTERS_SPLITS = {"test": 6, "dev": 2, "train": 4}
#: Articles of the modern test and dev slices that are also annotated for entities, dates
#: and figures (the first ones of each slice).
N_FULL = 10


def _rows(name: str) -> list[dict[str, str]]:
    with (SHARED / name / "index.tsv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def main() -> None:
    rng = random.Random(SEED)
    fixtures = {
        p.name.split("_")[1].split(".")[0]
        for p in (Path(__file__).resolve().parents[1] / "fixtures").glob("reuters_*.gold.json")
    }
    modern = sorted(r["file"] for r in _rows("modern_trade") if int(r["words"]) <= MAX_MODERN_WORDS)
    reuters = sorted(
        (
            r["file"]
            for r in _rows("reuters_trade")
            if REUTERS_WORDS[0] <= int(r["words"]) <= REUTERS_WORDS[1]
            and r["newid"] not in RESERVED_REUTERS | fixtures
        ),
        key=lambda f: int(f.split(".")[0]),
    )
    picked_m = rng.sample(modern, N_MODERN)
    picked_r = rng.sample(reuters, N_REUTERS)
    out: dict[str, object] = {"seed": SEED, "splits": {}}
    splits: dict[str, list[dict[str, object]]] = {"train": [], "dev": [], "test": []}
    i = 0
    for split, n in MODERN_SPLITS.items():
        for k, f in enumerate(picked_m[i : i + n]):
            full = split in ("test", "dev") and k < N_FULL
            splits[split].append({"corpus": "modern_trade", "file": f, "full": full})
        i += n
    i = 0
    for split, n in REUTERS_SPLITS.items():
        for f in picked_r[i : i + n]:
            splits[split].append({"corpus": "reuters_trade", "file": f, "full": False})
        i += n
    out["splits"] = splits
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
