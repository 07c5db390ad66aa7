"""Scores on public annotations nobody on this project wrote: CoNLL-2003 (people,
organizations, places) and TimeBank/AQUAINT TimeML (dates), each side by side with the plain
statistical model's own entities in the same run."""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy

from ..api import Extractor
from ..errors import GoldFormatError
from ..io.readers import Document
from ..pipeline.loading import base_model_name
from .scores import Counts, Ratio

CONLL_TYPES = ("PER", "ORG", "LOC")
PLAIN_TO_CONLL = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}
PROJECT_TO_CONLL = {"people": "PER", "organizations": "ORG", "places": "LOC"}
PLAIN_DATE_LABELS = ("DATE", "TIME")

Span3 = tuple[int, int, str]


@dataclass
class GoldDoc:
    text: str
    spans: list[Span3]  # (start, end, type)
    anchor: str | None = None
    values: dict[tuple[int, int], str] = field(default_factory=dict)
    name: str = ""


# -- CoNLL-2003 -------------------------------------------------------------------------------


def read_conll(path: str | Path) -> Iterator[GoldDoc]:
    """Documents of a CoNLL-2003 file: tokens joined by spaces, one sentence a line, with
    the PER/ORG/LOC spans (IOB1 or IOB2) as character offsets."""
    text_parts: list[str] = []
    spans: list[Span3] = []
    pos = 0
    current: list[Any] | None = None  # [start, end, type]
    line_tokens = 0

    def close() -> None:
        nonlocal current
        if current is not None:
            if current[2] in CONLL_TYPES:
                spans.append((current[0], current[1], current[2]))
            current = None

    def flush_doc() -> Iterator[GoldDoc]:
        nonlocal text_parts, spans, pos
        if text_parts:
            yield GoldDoc("".join(text_parts).rstrip("\n"), spans, name=str(path))
        text_parts, spans, pos = [], [], 0

    with Path(path).open(encoding="utf-8") as stream:
        for raw in stream:
            line = raw.rstrip("\n")
            if line.startswith("-DOCSTART-"):
                close()
                yield from flush_doc()
                continue
            if not line.strip():
                close()
                if line_tokens:
                    text_parts.append("\n")
                    pos += 1
                    line_tokens = 0
                continue
            cols = line.split()
            if len(cols) < 2:
                raise GoldFormatError(f"not a CoNLL line: {line!r}", source=str(path))
            word, tag = cols[0], cols[-1]
            if line_tokens:
                text_parts.append(" ")
                pos += 1
            start, end = pos, pos + len(word)
            text_parts.append(word)
            pos = end
            line_tokens += 1
            kind = tag[2:] if "-" in tag else None
            if kind is None or tag.startswith("B-") or (current is not None and current[2] != kind):
                close()
            if kind is not None:
                if current is None:
                    current = [start, end, kind]
                else:
                    current[1] = end
        close()
        yield from flush_doc()


def _prf(pred: set[Span3], gold: set[Span3], kind: str) -> Counts:
    p = {s for s in pred if s[2] == kind}
    g = {s for s in gold if s[2] == kind}
    return Counts(tp=len(p & g), fp=len(p - g), fn=len(g - p))


def evaluate_conll(path: str | Path, *, limit: int | None = None) -> dict[str, dict[str, Any]]:
    """Exact-span P/R/F1 per type for tradeclaims and for the plain model."""
    docs = list(read_conll(path))[:limit]
    extractor = Extractor()
    plain = spacy.load(base_model_name())
    totals = {
        "tradeclaims": {k: Counts() for k in CONLL_TYPES},
        "plain": {k: Counts() for k in CONLL_TYPES},
    }
    results = extractor.pipe([Document(d.text) for d in docs])
    for doc, result, pdoc in zip(docs, results, plain.pipe(d.text for d in docs), strict=True):
        gold = set(doc.spans)
        ours = {
            (m.start, m.end, label)
            for key, label in PROJECT_TO_CONLL.items()
            for ent in getattr(result, key)
            for m in ent.mentions
        }
        theirs = {
            (e.start_char, e.end_char, PLAIN_TO_CONLL[e.label_])
            for e in pdoc.ents
            if e.label_ in PLAIN_TO_CONLL
        }
        for kind in CONLL_TYPES:
            totals["tradeclaims"][kind].add(_prf(ours, gold, kind))
            totals["plain"][kind].add(_prf(theirs, gold, kind))
    return {
        system: {k: c.as_dict() for k, c in counts.items()} for system, counts in totals.items()
    }


# -- TimeML -----------------------------------------------------------------------------------


def read_timeml(path: str | Path) -> GoldDoc:
    """The text of a TimeML file's TEXT element, its TIMEX3 spans and values, and the
    document creation time."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise GoldFormatError(f"not valid TimeML: {exc}", source=str(path)) from exc
    dct = root.find("DCT/TIMEX3")
    anchor = (dct.get("value") or "")[:10] if dct is not None else None
    body = root.find("TEXT")
    if body is None:
        raise GoldFormatError("no TEXT element", source=str(path))
    parts: list[str] = []
    spans: list[Span3] = []
    values: dict[tuple[int, int], str] = {}

    def walk(elem: ET.Element) -> None:
        parts.append(elem.text or "")
        for child in elem:
            start = sum(map(len, parts))
            if child.tag == "TIMEX3":
                inner = "".join(child.itertext())
                parts.append(inner)
                spans.append((start, start + len(inner), child.get("type", "DATE")))
                values[(start, start + len(inner))] = child.get("value", "")
            else:
                walk(child)
            parts.append(child.tail or "")

    walk(body)
    return GoldDoc("".join(parts), spans, anchor, values, name=str(path))


def same_notation(value: str) -> str:
    """One spelling for values that differ only in notation: TimeBank writes some weeks
    unpadded ("2000-W7" for ISO "2000-W07") and decades and centuries the TIMEX3 way ("199",
    "19") where TIMEX2 and this project write "199X", "19XX"."""
    value = re.sub(r"W(\d)(?!\d)", r"W0\1", value)
    return re.sub(r"^(\d{2,3})X+$", r"\1", value)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _match_dates(
    pred: list[tuple[int, int, str | None]], gold: GoldDoc, scores: dict[str, Any]
) -> None:
    """Add one document's strict and relaxed span counts and value counts to ``scores``."""
    gold_spans = [(s, e) for s, e, _ in gold.spans]
    strict, relaxed, value = scores["strict"], scores["relaxed"], scores["value"]
    used: set[int] = set()
    correct = same = 0
    for start, end, predicted in pred:
        if (start, end) in gold_spans:
            strict.tp += 1
        else:
            strict.fp += 1
        hit = next(
            (j for j, g in enumerate(gold_spans) if j not in used and _overlap((start, end), g)),
            None,
        )
        if hit is None:
            relaxed.fp += 1
            continue
        used.add(hit)
        relaxed.tp += 1
        if predicted is not None:
            ok = predicted == gold.values[gold_spans[hit]]
            scores["value_accuracy"].add(ok)
            correct += ok
            same += same_notation(predicted) == same_notation(gold.values[gold_spans[hit]])
    strict.fn += len(set(gold_spans) - {(s, e) for s, e, _ in pred})
    relaxed.fn += len(gold_spans) - len(used)
    # TempEval-3 attribute F1: right values over all predictions and over all gold timexes
    value.tp += correct
    value.fp += len(pred) - correct
    value.fn += len(gold_spans) - correct
    notation = scores["value_same_notation"]
    notation.tp += same
    notation.fp += len(pred) - same
    notation.fn += len(gold_spans) - same


#: The halves of TimeBank + AQUAINT: date rules are tuned on "tuning" only; "reporting" is the
#: figure the README gives. A document's half is fixed by its path (see :func:`timeml_half`).
TIMEML_HALVES = ("tuning", "reporting")


def timeml_half(relative_path: str) -> str:
    """The half a TimeML document belongs to: the parity of the SHA-256 of its path relative
    to the corpus folder ("TimeBank/ABC19980108.1830.0711.tml"), so that the split is stable
    and needs no list to be kept in step."""
    digest = hashlib.sha256(relative_path.replace("\\", "/").encode("utf-8")).digest()
    return TIMEML_HALVES[digest[0] % 2]


def timeml_files(folder: str | Path, half: str | None = None) -> list[Path]:
    """The .tml files under ``folder``, all or one half's, in path order."""
    root = Path(folder)
    files = sorted(root.rglob("*.tml"))
    if half is None:
        return files
    if half not in TIMEML_HALVES:
        raise ValueError(f"half must be one of {TIMEML_HALVES}")
    return [f for f in files if timeml_half(f.relative_to(root).as_posix()) == half]


def evaluate_timeml(
    folder: str | Path, *, limit: int | None = None, half: str | None = None
) -> dict[str, Any]:
    """TempEval-3 task A measures (strict and relaxed span F1, value F1 and accuracy) for
    tradeclaims, and span F1 for the plain model's DATE/TIME entities (it has no values).
    ``half`` restricts the run to the tuning or the reporting half."""
    files = timeml_files(folder, half)[:limit]
    docs = [read_timeml(f) for f in files]
    extractor = Extractor()
    plain = spacy.load(base_model_name())
    ours: dict[str, Any] = {
        "strict": Counts(),
        "relaxed": Counts(),
        "value": Counts(),
        "value_same_notation": Counts(),
        "value_accuracy": Ratio(),
    }
    theirs: dict[str, Any] = {
        "strict": Counts(),
        "relaxed": Counts(),
        "value": Counts(),
        "value_same_notation": Counts(),
        "value_accuracy": Ratio(),
    }
    results = extractor.pipe([Document(d.text, published=d.anchor) for d in docs])
    for doc, result, pdoc in zip(docs, results, plain.pipe(d.text for d in docs), strict=True):
        _match_dates([(d.start, d.end, d.value) for d in result.dates], doc, ours)
        plain_spans: list[tuple[int, int, str | None]] = [
            (e.start_char, e.end_char, None) for e in pdoc.ents if e.label_ in PLAIN_DATE_LABELS
        ]
        _match_dates(plain_spans, doc, theirs)

    def report(s: dict[str, Any], with_values: bool) -> dict[str, Any]:
        out = {"strict": s["strict"].as_dict(), "relaxed": s["relaxed"].as_dict()}
        if with_values:
            out["value"] = s["value"].as_dict()
            out["value_same_notation"] = s["value_same_notation"].as_dict()
            out["value_accuracy"] = round(s["value_accuracy"].accuracy, 4)
        return out

    return {
        "half": half or "all",
        "documents": len(docs),
        "timexes": sum(len(d.spans) for d in docs),
        "tradeclaims": report(ours, True),
        "plain": report(theirs, False),
    }
