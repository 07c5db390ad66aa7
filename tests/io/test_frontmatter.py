"""YAML front matter (issue #15): metadata, not article text; offsets count from the body."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradeclaims.io.frontmatter import split_front_matter
from tradeclaims.io.readers import Document, read_document, read_inputs

MODERN = "---\nsource: http://example.com/a.html\npublished: 2018-12-03\n---\n\nHealthy ties\n\nBEIJING, Dec. 3 -- China said on Monday it would cut tariffs.\n"


@pytest.mark.parametrize(
    ("text", "fields", "body"),
    [
        (
            MODERN,
            {"source": "http://example.com/a.html", "published": "2018-12-03"},
            "Healthy ties\n",
        ),
        # quoted values, comments, other keys; CRLF line ends; "..." closes the block too
        (
            "---\r\ntitle: \"Tariffs: a primer\"\r\ndate: '2019-01-02'  \r\n# a comment\r\nauthor: A. B.\r\n...\r\n\r\nBody.\r\n",
            {"title": "Tariffs: a primer", "date": "2019-01-02", "author": "A. B."},
            "Body.\r\n",
        ),
        # list items and nested keys are skipped, the flat keys read
        (
            "---\npublished: 2020-05-01\ntags:\n  - trade\n  - wto\n---\nBody.\n",
            {"published": "2020-05-01", "tags": ""},
            "Body.\n",
        ),
        # no blank line after the block
        ("---\npublished: 2020-05-01\n---\nBody.\n", {"published": "2020-05-01"}, "Body.\n"),
        # not front matter: a rule line followed by prose, an unclosed block, a late block
        (
            "---\nThe minister said so.\n---\nBody.\n",
            {},
            "---\nThe minister said so.\n---\nBody.\n",
        ),
        (
            "---\npublished: 2020-05-01\nBody without a closing line.\n",
            {},
            "---\npublished: 2020-05-01\nBody without a closing line.\n",
        ),
        (
            "Headline\n---\npublished: 2020-05-01\n---\n",
            {},
            "Headline\n---\npublished: 2020-05-01\n---\n",
        ),
    ],
)
def test_split_front_matter(text: str, fields: dict[str, str], body: str) -> None:
    front = split_front_matter(text)
    assert front.fields == fields
    assert text[front.offset :].startswith(body)


def test_front_matter_gives_date_title_url_and_is_not_text(tmp_path: Path) -> None:
    """Why #1: the front matter's date was ignored and its '---' line became the title."""
    path = tmp_path / "a.txt"
    path.write_text(MODERN, encoding="utf-8")
    (doc,) = read_inputs([str(path)])
    assert isinstance(doc, Document)
    assert doc.published == "2018-12-03"
    assert doc.title == "Healthy ties"
    assert doc.url == "http://example.com/a.html"
    assert doc.text.startswith("Healthy ties\n")
    assert MODERN[doc.text_offset :] == doc.text
    assert doc.path == str(path.absolute())


def test_the_callers_date_wins_over_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(MODERN, encoding="utf-8")
    assert read_document(path).published == "2018-12-03"
    assert read_document(path, published="2018-12-04").published == "2018-12-04"


@pytest.mark.parametrize(
    ("body", "title"),
    [
        ("Healthy ties\n\nBody.\n", "Healthy ties"),
        # a final abbreviation's period does not make the headline a sentence
        (
            "China is not in fear of trade war with U.S.\n\nBody.\n",
            "China is not in fear of trade war with U.S.",
        ),
        ("The minister said so.\n\nBody.\n", None),
    ],
)
def test_headline_after_front_matter(tmp_path: Path, body: str, title: str | None) -> None:
    path = tmp_path / "a.txt"
    path.write_text("---\npublished: 2018-12-03\n---\n\n" + body, encoding="utf-8")
    assert read_document(path).title == title
