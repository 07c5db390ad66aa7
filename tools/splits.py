"""Write gold/splits.json: which gold file is in which split, with checksums.

    python tools/splits.py            # rewrite the manifest (train and dev entries only
                                      # change when their gold changes)
The test split is frozen: once listed, its entries (gold file SHA-256 and text SHA-256) are
never rewritten by this tool, and a test checks them; a test gold file is only edited to fix a
guideline violation, in its own commit that says so (then its entry is updated by hand).
The seed article and the older Reuters fixtures (tuned on in earlier rounds) are in train.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "gold" / "splits.json"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def entry(gold: Path) -> dict[str, str]:
    data = json.loads(gold.read_text(encoding="utf-8"))
    return {
        "gold": gold.relative_to(ROOT).as_posix(),
        "gold_sha256": sha(gold),
        "text_sha256": data.get("text_sha256", ""),
        "annotated": data.get("annotated", "claims"),
    }


def main() -> None:
    sel = json.loads((ROOT / "gold" / "selection.json").read_text(encoding="utf-8"))
    old = json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.exists() else {}
    out: dict[str, object] = {"seed": sel["seed"], "splits": {}}
    for split, items in sel["splits"].items():
        rows = []
        for x in items:
            gold = ROOT / "gold" / x["corpus"] / (x["file"].rsplit(".", 1)[0] + ".gold.json")
            if not gold.exists():
                continue
            frozen = {r["gold"]: r for r in old.get("splits", {}).get("test", [])}
            rel = gold.relative_to(ROOT).as_posix()
            rows.append(frozen[rel] if split == "test" and rel in frozen else entry(gold))
        if split == "train":
            rows += [entry(p) for p in sorted((ROOT / "fixtures").glob("*.gold.json"))]
        out["splits"][split] = rows  # type: ignore[index]
    MANIFEST.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    for split, rows in out["splits"].items():  # type: ignore[attr-defined]
        print(split, len(rows))


if __name__ == "__main__":
    main()
