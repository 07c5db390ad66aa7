"""The Python API: Extractor.pipe like spaCy's Language.pipe (issue #15), its validation and
error modes (issue #13, rows 6, 10, 14)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from tradeclaims import Extractor
from tradeclaims.errors import (
    InputDecodeError,
    InputTooLargeError,
    InvalidDateError,
    RecordError,
    TradeclaimsError,
)
from tradeclaims.io.readers import Document
from tradeclaims.schema import ArticleExtraction, ErrorRecord

GOOD = "Canada urged Japan to cut tariffs on beef, the ministry said on Monday."

BAD_RECORDS: list[tuple[Any, str]] = [
    (None, "TC108"),
    (5, "TC108"),
    (b"bytes", "TC108"),
    ({}, "TC108"),
    ({"text": None}, "TC108"),
    ({"text": 123}, "TC108"),
    ({"text": GOOD, "published": "20260130"}, "TC104"),
    ("lone \ud800 surrogate", "TC103"),
]

TEXTS = [
    "Canada urged Japan to cut tariffs on beef.",
    "Mexico agreed to buy $5 billion of corn.",
]


@pytest.mark.parametrize(
    "records",
    [
        [(TEXTS[0], {"row": 1}), (TEXTS[1], {"row": 2})],
        [
            ({"text": TEXTS[0], "published": "2026-01-30"}, {"row": 1}),
            ({"text": TEXTS[1]}, {"row": 2}),
        ],
        [(Document(TEXTS[0]), {"row": 1}), (Document(TEXTS[1]), {"row": 2})],
    ],
)
def test_pipe_as_tuples_carries_the_context(extractor: Extractor, records: list) -> None:  # type: ignore[type-arg]
    """Why #5: `pipe([(text, context)])` raised AttributeError."""
    out = list(extractor.pipe(records, as_tuples=True))
    assert [context for _, context in out] == [{"row": 1}, {"row": 2}]
    assert [result.article.char_count for result, _ in out] == [len(t) for t in TEXTS]
    assert out[1][0].money and out[1][0].money[0].text == "$5 billion"


def test_pipe_as_tuples_keeps_order_for_split_documents(extractor: Extractor) -> None:
    small = Extractor(extractor.nlp, piece_chars=200)
    long_text = "\n\n".join([TEXTS[0]] * 12)
    out = list(small.pipe([(long_text, "long"), (TEXTS[1], "short")], as_tuples=True))
    assert [(r.article.char_count, c) for r, c in out] == [
        (len(long_text), "long"),
        (len(TEXTS[1]), "short"),
    ]


def test_pipe_as_tuples_wants_pairs(extractor: Extractor) -> None:
    with pytest.raises(TypeError, match="pairs"):
        list(extractor.pipe([TEXTS[0]], as_tuples=True))


@pytest.mark.parametrize(("record", "code"), BAD_RECORDS)
def test_a_bad_record_raises_its_coded_error(extractor: Extractor, record: Any, code: str) -> None:
    with pytest.raises(TradeclaimsError) as caught:
        next(extractor.pipe([record]))
    assert caught.value.code == code


def test_record_mode_yields_an_error_record_in_place_and_goes_on(extractor: Extractor) -> None:
    records = [GOOD, *(r for r, _ in BAD_RECORDS), {"text": "Mexico agreed to talks."}]
    out = list(extractor.pipe(records, errors="record", batch_size=3))
    assert len(out) == len(records)
    assert isinstance(out[0], ArticleExtraction) and isinstance(out[-1], ArticleExtraction)
    assert [o.error for o in out[1:-1] if isinstance(o, ErrorRecord)] == [c for _, c in BAD_RECORDS]
    assert out[-1].article.char_count == len("Mexico agreed to talks.")


def test_record_mode_survives_a_failing_extraction(
    extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = extractor._pipe_valid

    def flaky(docs: Any, *args: Any) -> Any:
        docs = list(docs)
        if any("BOOM" in d.text for d in docs):
            raise RuntimeError("boom")
        return real(docs, *args)

    monkeypatch.setattr(extractor, "_pipe_valid", flaky)
    out = list(extractor.pipe([GOOD, "BOOM", GOOD], errors="record"))
    assert [type(o).__name__ for o in out] == [
        "ArticleExtraction",
        "ErrorRecord",
        "ArticleExtraction",
    ]
    assert isinstance(out[1], ErrorRecord) and out[1].error == "TC302"


def test_date_and_datetime_objects_are_publication_dates(extractor: Extractor) -> None:
    for published in (date(2026, 1, 30), datetime(2026, 1, 30, 8, 15)):
        result = extractor(GOOD, published=published)
        assert result.article.published == date(2026, 1, 30)
    with pytest.raises(InvalidDateError):
        extractor(GOOD, published="2026-01-30garbage")


def test_text_over_the_limit_names_it(nlp: Any) -> None:
    with pytest.raises(InputTooLargeError, match="max_chars"):
        Extractor(nlp, max_chars=100)("x" * 101)


def test_lone_surrogate_is_a_decode_error(extractor: Extractor) -> None:
    with pytest.raises(InputDecodeError, match=r"U\+D800"):
        extractor("Canada \ud800 urged Japan.")


def test_unknown_errors_mode(extractor: Extractor) -> None:
    with pytest.raises(ValueError):
        extractor.pipe([GOOD], errors="ignore")  # type: ignore[call-overload]


@pytest.mark.parametrize(
    ("published", "text"),
    [
        ("9999-12-31", "The deal takes effect next year, next week and next month."),
        ("0001-01-01", "Talks ended last week, a year ago and last month; in March they resume."),
        (None, "The quota ends December 31, 9999 and then next year it rises."),
    ],
)
def test_dates_at_the_edges_of_the_calendar(
    extractor: Extractor, published: str | None, text: str
) -> None:
    # 9999-12-31 + a week raised "year 10000 is out of range"; year 1 gave "1-03"
    result = extractor(text, published=published)
    assert result.dates
    for d in result.dates:
        assert d.value is None or (d.value[:4].isdigit() and d.value[4:5] in ("", "-")), d
        assert d.value is None or 1 <= int(d.value[:4]) <= 9999


def test_record_error_for_missing_text_matches_batch(extractor: Extractor) -> None:
    with pytest.raises(RecordError, match="no text field"):
        next(extractor.pipe([{"title": "x"}]))
