"""The Python API: Extractor.pipe like spaCy's Language.pipe (issue #15)."""

from __future__ import annotations

import pytest

from tradeclaims import Extractor
from tradeclaims.io.readers import Document

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
