"""The date extractor on text: spans, context (quarters in view, anaphora, ranges) and the
reference date."""

from __future__ import annotations

import pytest

from tradeclaims import Extractor
from tradeclaims.io.readers import Document


def test_anaphoric_date_and_year_ranges(extractor: Extractor) -> None:
    text = "A statement issued January 28 said they met that day. She served from 2012 to 2021."
    dates = {d.text: d.value for d in extractor(text, published="2026-01-30").dates}
    assert dates == {
        "January 28": "2026-01-28",
        "that day": "2026-01-28",
        "2012": "2012",
        "2021": "2021",
    }


def test_without_published_date_relative_values_are_null(extractor: Extractor) -> None:
    result = extractor("The ministers met this week and will meet again on July 1, 2026.")
    values = {d.text: d.value for d in result.dates}
    assert values["this week"] is None
    assert values["July 1, 2026"] == "2026-07-01"
    assert result.article.published_source == "none"


def test_publication_date_is_inferred_from_the_latest_stated_date(extractor: Extractor) -> None:
    text = "The pact took effect on July 1, 2020. On March 3, 2021 the ministers met; they meet again next week."
    result = extractor(text)
    assert result.article.published_source == "inferred"
    assert str(result.article.published) == "2021-03-03"
    values = {d.text: d.value for d in result.dates}
    assert values["next week"] == "2021-W10"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a financial story's quarter is the topic; "a year earlier" is that quarter a year back
        (
            "Net income rose in the third quarter from $5 million a year earlier. "
            "Sales in the latest quarter rose; in the year-earlier quarter they fell.",
            {
                "the third quarter": "2025-Q3",
                "a year earlier": "2024-Q3",
                "the latest quarter": "2025-Q3",
                "the year-earlier quarter": "2024-Q3",
            },
        ),
        # without a quarter in view, "a year ago" is the year before the anchor
        ("Exports were weaker a year ago.", {"a year ago": "2025"}),
        # "the quarter" alone: the last completed one
        ("The company lost money in the quarter.", {"the quarter": "2025-Q4"}),
        (
            "The talks began on March 3, 2025 and ended the following day.",
            {"March 3, 2025": "2025-03-03", "the following day": "2025-03-04"},
        ),
        (
            "The plant opened in 1994. The following year it closed.",
            {"1994": "1994", "The following year": "1995"},
        ),
        # ranges name both ends; "of 1997" is a date of its own
        (
            "Output grew between 1994 and 1997 and in the first nine months of 1997.",
            {"1994": "1994", "1997": "1997", "the first nine months": "P9M"},
        ),
        ("Talks are set for April 24 and 25.", {"April 24": "2026-04-24", "25": "2026-04-25"}),
        ("Net fell for the year ended Sept. 30.", {"year": "P1Y", "Sept. 30": "2025-09-30"}),
        # possessives are not part of the date
        ("Last year's deficit was large.", {"Last year": "2025"}),
        ("They have talked for years.", {"years": "PXY"}),
    ],
)
def test_dates_in_context(extractor: Extractor, text: str, expected: dict[str, str]) -> None:
    values = {d.text: d.value for d in extractor(text, published="2026-01-30").dates}
    for key, value in expected.items():
        assert values.get(key) == value, (key, values)


@pytest.mark.parametrize(
    "text",
    [
        "The 6-year-old boy and his 52-year-old father left.",
        "He is 52 years old.",
        "The annual report and quarterly earnings were released.",
    ],
)
def test_not_temporal_expressions(extractor: Extractor, text: str) -> None:
    assert extractor(text, published="2026-01-30").dates == []


@pytest.mark.parametrize(
    ("text", "published", "source"),
    [
        ("    TAIPEI, March 2, 1987 - Taiwan cut tariffs last week.", "1987-03-02", "dateline"),
        # the dateline's year: the first March 2 on or after the latest day reported
        (
            "    TAIPEI, March 2 - Taiwan said on Feb. 27, 1987 it cut tariffs last week.",
            "1987-03-02",
            "dateline",
        ),
        # a dateline without a year and nothing to date it by: no guess
        ("    TAIPEI, March 2 - Taiwan cut tariffs last week.", None, "none"),
    ],
)
def test_reference_date_from_a_dateline(
    extractor: Extractor, text: str, published: str | None, source: str
) -> None:
    result = extractor(text)
    assert result.article.published_source == source
    assert (str(result.article.published) if result.article.published else None) == published
    if published is None:  # no year is guessed: the month and day are kept (issue #15)
        assert {d.text: d.value for d in result.dates} == {
            "March 2": "XXXX-03-02",
            "last week": None,
        }


@pytest.mark.parametrize(
    ("text", "year", "published", "source", "values"),
    [
        # issue #15: a wire dateline without a year resolved to nothing; now XXXX-MM-DD ...
        (
            "    LONDON, March 26 - Thatcher warned Japan.",
            None,
            None,
            "none",
            {"March 26": "XXXX-03-26"},
        ),
        # ... and the year the caller gives anchors it
        (
            "    LONDON, March 26 - Thatcher warned Japan.",
            1987,
            "1987-03-26",
            "dateline",
            {"March 26": "1987-03-26"},
        ),
        (
            "    TOKYO, Feb 29 - Japan said on March 1 it would act.",
            1988,
            "1988-02-29",
            "dateline",
            {"Feb 29": "1988-02-29", "March 1": "1988-03-01"},
        ),
        # no dateline: the year alone dates nothing
        ("Japan said on March 1 it would act.", 1987, None, "none", {"March 1": "XXXX-03-01"}),
    ],
)
def test_dateline_year_given_by_the_caller(
    extractor: Extractor,
    text: str,
    year: int | None,
    published: str | None,
    source: str,
    values: dict[str, str],
) -> None:
    result = next(extractor.pipe([Document(text, year=year)]))
    assert result.article.published_source == source
    assert (str(result.article.published) if result.article.published else None) == published
    assert {d.text: d.value for d in result.dates} == values
