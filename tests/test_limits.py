"""Linear time and bounded memory whatever the text (issue 13, rows 4, 5, 17): no regex scans
superlinearly, spaCy's tokenizer never sees a long whitespace-free run, and the pieces of a
long document go to spaCy in batches bounded by characters.

Timing assertions compare how time scales between a text and one four times as long (linear:
about 4, quadratic: about 16), each measured as the best of several runs repeated until they
take a measurable time, so that a loaded machine slows both sides alike."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tradeclaims.io.split as split_module
from tradeclaims import Extractor
from tradeclaims.dates.extractor import DateExtractor
from tradeclaims.figures.extractor import FigureExtractor
from tradeclaims.io.split import LONG_RUN_CHARS, char_batches, make_doc
from tradeclaims.rules.lexicons import Lexicons

#: Linear work scales by 4 from n to 4n, quadratic by 16; this leaves room for noise.
MAX_SCALING = 9.0
#: Characters likely to make a regex or the tokenizer backtrack.
ADVERSARIAL = "1579,.$%-– ()\"'abJ\n"


def _seconds(work: Callable[[], Any]) -> float:
    """Seconds per call: the best of 3 rounds, each repeated until it takes 20 ms."""
    best = float("inf")
    for _ in range(3):
        calls, started = 0, time.perf_counter()
        while True:
            work()
            calls += 1
            elapsed = time.perf_counter() - started
            if elapsed > 0.02:
                break
        best = min(best, elapsed / calls)
    return best


def _scaling(run: Callable[[str], Any], unit: str, n: int) -> float:
    small = unit * max(1, n // len(unit))
    large = unit * max(4, 4 * n // len(unit))
    return _seconds(lambda: run(large)) / _seconds(lambda: run(small))


@pytest.fixture(scope="module")
def patterns(lex: Lexicons) -> dict[str, re.Pattern[str]]:
    """Every compiled regex of the figure and date extractors and of the date normalizer."""
    figures, dates = FigureExtractor(lex), DateExtractor(lex)
    found: dict[str, re.Pattern[str]] = {}
    for owner, obj in (("figures", figures), ("dates", dates), ("timex", dates.norm)):
        for name, value in vars(obj).items():
            if isinstance(value, re.Pattern):
                found[f"{owner}.{name}"] = value
    assert len(found) > 20
    return found


@pytest.mark.parametrize("unit", ["1", "5", "1,", "$1,1", "1.", "5 to "])
def test_regexes_scale_linearly_over_runs_of_digits(
    patterns: dict[str, re.Pattern[str]], unit: str
) -> None:
    # "1" * 8000 took 5.7 s to extract, "1" * 16000 24 s: the money regex retried a bare
    # number from every digit of a run
    def scan(text: str) -> None:
        for pattern in patterns.values():
            for _ in pattern.finditer(text):
                pass

    assert _scaling(scan, unit, 4000) < MAX_SCALING


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unit=st.text(alphabet=ADVERSARIAL, min_size=1, max_size=6))
def test_any_repeated_text_scans_in_linear_time(
    patterns: dict[str, re.Pattern[str]], unit: str
) -> None:
    def scan(text: str) -> None:
        for pattern in patterns.values():
            for _ in pattern.finditer(text):
                pass

    assert _scaling(scan, unit, 3000) < MAX_SCALING, repr(unit)


@pytest.mark.parametrize("unit", ['"', "(", ")", "'", "(-"])
def test_tokenizing_a_run_of_punctuation_is_linear(nlp: Any, unit: str) -> None:
    # '"' * 50000 took over 90 s in spaCy's tokenizer (prefixes stripped one at a time)
    assert _scaling(lambda text: make_doc(nlp, text), unit, 2000) < MAX_SCALING


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet="ab \n\"(.-'", max_size=30),
            st.builds(lambda c, n: c * n, st.sampled_from('"(x.-'), st.integers(150, 900)),
        ),
        max_size=6,
    )
)
def test_make_doc_keeps_the_text_exactly(nlp: Any, parts: list[str]) -> None:
    text = "".join(parts)
    doc = make_doc(nlp, text)
    assert doc.text == text
    assert all(len(t.text) <= max(LONG_RUN_CHARS, 1) for t in doc if not t.is_space)


def test_long_runs_still_extract(extractor: Extractor) -> None:
    text = 'Canada urged Japan to cut tariffs. "' + '"' * 3000 + " Mexico agreed to talks."
    result = extractor(text)
    assert {p.name for p in result.places} >= {"Canada", "Japan", "Mexico"}
    assert result.article.char_count == len(text)


def test_pieces_go_to_spacy_in_batches_bounded_by_characters(
    nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a 2 MB one-sentence document took 4.5 GB: its 100k-character pieces all went to spaCy
    # in one batch of 16
    monkeypatch.setattr(split_module, "BATCH_CHARS", 2500)
    batches: list[int] = []
    real_pipe = nlp.pipe

    def spy(items: Any, **kwargs: Any) -> Any:
        if not kwargs.get("as_tuples"):
            return real_pipe(items, **kwargs)
        items = list(items)
        batches.append(sum(len(doc.text) for doc, _ in items))
        return real_pipe(items, **kwargs)

    monkeypatch.setattr(nlp, "pipe", spy)
    sentence = "Canada urged Japan to cut tariffs on beef. "
    text = "\n\n".join([sentence * 20] * 8)  # about 7,000 characters
    result = Extractor(nlp, piece_chars=1000).pipe([text], batch_size=16)
    assert next(result).article.char_count == len(text)
    assert len(batches) > 2 and max(batches) <= 2500


def test_char_batches_bounds() -> None:
    class FakeDoc(list[Any]):
        pass

    def fake(n: int) -> Any:
        token = type("T", (), {"idx": 0, "text_with_ws": "x" * n})()
        return FakeDoc([token])

    groups = list(char_batches(((fake(n), i) for i, n in enumerate([5, 5, 20, 3, 3, 3])), 2, 10))
    assert [[c for _, c in g] for g in groups] == [[0, 1], [2], [3, 4], [5]]
