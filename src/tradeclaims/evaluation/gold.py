"""Scoring extractions against gold annotations in the seed format (``*.gold.json``).

Entities are scored by mention span, dates by span and value, money by span and exact amount,
claims by evidence sentence, kind and at least one shared actor. Every category is reported
with exact-span and partial-overlap matching. Items marked ``required: false`` earn credit
when found and are not misses when absent; optional mentions are neither.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import orjson

from ..errors import GoldFormatError
from ..io.frontmatter import split_front_matter
from ..io.readers import decode_text, read_bytes
from ..rules.lexicons import norm_key
from ..schema import ENTITY_LISTS, SPAN_LISTS, ArticleExtraction, text_id
from .claims import score_claims
from .scores import Counts, Ratio, Scores

ENTITY_CATEGORIES = tuple(ENTITY_LISTS)
SPAN_CATEGORIES = tuple(SPAN_LISTS)
#: A predicted measure counts as right when it shares this share of the gold's words.
MEASURE_OVERLAP = 0.5


# -- gold reading ---------------------------------------------------------------------------


def _span(item: Any, text: str, where: str) -> tuple[int, int]:
    try:
        start, end, surface = item
        start, end = int(start), int(end)
    except (TypeError, ValueError) as exc:
        raise GoldFormatError(f"{where}: a span must be [start, end, text], got {item!r}") from exc
    if text[start:end] != surface:
        raise GoldFormatError(
            f"{where}: text[{start}:{end}] is {text[start:end]!r}, gold says {surface!r}"
        )
    return start, end


def load_gold(path: str | Path) -> tuple[dict[str, Any], str]:
    """Read a gold file and the article it names (``text_file``, relative to the gold);
    checks that every span's text matches the article."""
    name = str(path)
    try:
        gold = orjson.loads(read_bytes(path))
    except orjson.JSONDecodeError as exc:
        raise GoldFormatError(f"not valid JSON: {exc}", source=name) from exc
    if not isinstance(gold, dict) or "text_file" not in gold:
        raise GoldFormatError("missing 'text_file'", source=name)
    text_path = Path(path).parent / gold["text_file"]
    raw = decode_text(read_bytes(text_path), source=str(text_path))
    text = raw[split_front_matter(raw).offset :]
    if "text_sha256" in gold and text_id(text) != gold["text_sha256"]:
        raise GoldFormatError(f"the text of {text_path} has changed (SHA-256)", source=name)
    for cat in ENTITY_CATEGORIES:
        for ent in gold.get(cat, []):
            for m in [*ent.get("mentions", []), *ent.get("optional_mentions", [])]:
                _span(m, text, f"{name} {cat} {ent.get('name')!r}")
    for cat in SPAN_CATEGORIES:
        for item in gold.get(cat, []):
            _span(item.get("span"), text, f"{name} {cat}")
    return gold, text


# -- matching -------------------------------------------------------------------------------


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _match(
    preds: list[tuple[int, int]], golds: list[tuple[int, int]], exact: bool
) -> dict[int, int]:
    """One-to-one matching of predicted to gold spans; returns pred index -> gold index."""
    out: dict[int, int] = {}
    used: set[int] = set()
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            if j in used:
                continue
            if (p == g) if exact else _overlap(p, g):
                out[i] = j
                used.add(j)
                break
    return out


def _score_spans(
    preds: list[tuple[int, int]],
    golds: list[tuple[int, int]],
    required: list[bool],
    optional: list[tuple[int, int]],
    exact: bool,
) -> tuple[Counts, dict[int, int]]:
    matched = _match(preds, golds, exact)
    counts = Counts()
    counts.tp = sum(1 for j in matched.values() if required[j])
    counts.tp_optional = len(matched) - counts.tp
    for i, p in enumerate(preds):
        if i in matched:
            continue
        neutral = any((p == o) if exact else _overlap(p, o) for o in optional)
        if not neutral:
            counts.fp += 1
    hit = set(matched.values())
    counts.fn = sum(1 for j, req in enumerate(required) if req and j not in hit)
    return counts, matched


def _words(text: str | None) -> set[str]:
    return set(norm_key(text or "").split())


def _measure_ok(pred: str | None, gold: str | None) -> bool:
    if not gold:
        return not pred
    g, p = _words(gold), _words(pred)
    return bool(p) and len(g & p) / len(g) >= MEASURE_OVERLAP


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def score_article(gold: dict[str, Any], pred: ArticleExtraction) -> Scores:
    """Score one prediction against one gold annotation."""
    scores = Scores(documents=1)
    # a category the gold file does not annotate is not scored (not counted as all wrong)
    for cat in (c for c in ENTITY_CATEGORIES if c in gold):
        golds = [tuple(m[:2]) for ent in gold.get(cat, []) for m in ent["mentions"]]
        optional = [
            tuple(m[:2]) for ent in gold.get(cat, []) for m in ent.get("optional_mentions", [])
        ]
        if cat == "organizations":
            optional += [
                tuple(m[:2])
                for ent in gold.get("optional_organizations", [])
                for m in ent["mentions"]
            ]
        preds = [(m.start, m.end) for ent in getattr(pred, cat) for m in ent.mentions]
        for exact, table in ((True, scores.exact), (False, scores.partial)):
            counts, _ = _score_spans(preds, golds, [True] * len(golds), optional, exact)
            table[cat] = counts
        _entity_attributes(cat, gold, pred, scores)
    for cat in (c for c in SPAN_CATEGORIES if c in gold):
        items = gold[cat]
        golds = [tuple(it["span"][:2]) for it in items]
        required = [it.get("required", True) for it in items]
        pred_items = getattr(pred, cat)
        preds = [(p.start, p.end) for p in pred_items]
        for exact, table in ((True, scores.exact), (False, scores.partial)):
            counts, matched = _score_spans(preds, golds, required, [], exact)
            table[cat] = counts
            if not exact:
                _span_attributes(cat, items, pred_items, matched, scores)
    if "claims" in gold:
        score_claims(gold, pred, scores)
    return scores


def _entity_attributes(
    cat: str, gold: dict[str, Any], pred: ArticleExtraction, scores: Scores
) -> None:
    owner = {(m.start, m.end): ent for ent in getattr(pred, cat) for m in ent.mentions}
    for ent in gold.get(cat, []):
        found = {
            id(owner[tuple(m[:2])]): owner[tuple(m[:2])]
            for m in ent["mentions"]
            if tuple(m[:2]) in owner
        }
        scores.attributes.setdefault(f"{cat}.found", Ratio()).add(bool(found))
        if len(ent["mentions"]) > 1 and found:
            scores.attributes.setdefault(f"{cat}.merged", Ratio()).add(len(found) == 1)
        if not found:
            continue
        best = next(iter(found.values()))
        if cat == "people":
            have = {t.lower() for t in best.titles}
            scores.attributes.setdefault("people.titles", Ratio()).add(
                all(t.lower() in have for t in ent.get("titles", []))
            )
            for attr in ("affiliation", "country"):
                if ent.get(attr):
                    scores.attributes.setdefault(f"people.{attr}", Ratio()).add(
                        norm_key(getattr(best, attr) or "") == norm_key(ent[attr])
                    )
        if ent.get("aliases") and cat in ("organizations", "agreements"):
            have = {norm_key(a) for a in [best.name, *best.aliases]}
            scores.attributes.setdefault(f"{cat}.aliases", Ratio()).add(
                all(norm_key(a) in have for a in ent["aliases"])
            )


def _span_attributes(
    cat: str, items: list[dict[str, Any]], preds: list[Any], matched: dict[int, int], scores: Scores
) -> None:
    gold_to_pred_id = {
        items[j].get("id"): getattr(preds[i], "id", None) for i, j in matched.items()
    }
    for i, j in matched.items():
        g, p = items[j], preds[i]
        if cat == "dates":
            scores.attributes.setdefault("dates.value", Ratio()).add(p.value == g.get("value"))
        elif cat == "money":
            scores.attributes.setdefault("money.amount", Ratio()).add(
                p.amount == _decimal(g.get("amount"))
            )
            scores.attributes.setdefault("money.currency", Ratio()).add(
                p.currency == g.get("currency")
            )
            scores.attributes.setdefault("money.qualifier", Ratio()).add(
                p.qualifier == g.get("qualifier")
            )
            want = gold_to_pred_id.get(g.get("part_of")) if g.get("part_of") else None
            scores.attributes.setdefault("money.part_of", Ratio()).add(p.part_of == want)
            scores.attributes.setdefault("money.measure", Ratio()).add(
                _measure_ok(p.measure, g.get("measure"))
            )
        else:
            scores.attributes.setdefault(f"{cat}.value", Ratio()).add(
                p.value == _decimal(g.get("value"))
            )


# -- files ----------------------------------------------------------------------------------


def evaluate_files(
    gold_paths: Iterable[str | Path],
    *,
    predict: Callable[[str, str | None, str], ArticleExtraction] | None = None,
    predictions_dir: str | Path | None = None,
) -> tuple[Scores, dict[str, Scores]]:
    """Score gold files; predictions are read from ``predictions_dir/<text stem>.json`` or
    made by ``predict(text, published, source)``. Returns the total and per-file scores."""
    total = Scores()
    per_file: dict[str, Scores] = {}
    for path in gold_paths:
        gold, text = load_gold(path)
        if predictions_dir is not None:
            pred_path = Path(predictions_dir) / (Path(gold["text_file"]).stem + ".json")
            pred = ArticleExtraction.model_validate(orjson.loads(read_bytes(pred_path)))
        elif predict is not None:
            pred = predict(text, gold.get("published"), str(path))
        else:
            raise ValueError("either predict or predictions_dir is needed")
        scores = score_article(gold, pred)
        per_file[str(path)] = scores
        total.merge(scores)
    return total, per_file
