"""The metadata table of a batch (issue #15): a date, title and URL for every input; rows
that match nothing and invalid dates are reported, never dropped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tradeclaims.errors import MetadataTableError
from tradeclaims.io.batch import run_batch
from tradeclaims.io.metadata import apply_metadata, read_metadata
from tradeclaims.io.readers import Document, InputFailure, read_inputs

from ..conftest import SHARED, annotated_files

BODY = "Healthy ties\n\nChina said on Monday it would cut tariffs on soybeans.\n"
MODERN = SHARED / "corpora" / "modern_trade"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "sub/c.txt"):
        (d / name).write_text(BODY, encoding="utf-8")
    (d / "records.jsonl").write_text(
        json.dumps({"id": "r1", "text": BODY}) + "\n", encoding="utf-8"
    )
    return d


def _docs(folder: Path, table: Path) -> dict[str, Document | InputFailure]:
    items = apply_metadata(read_inputs([str(folder)]), read_metadata(table))
    return {Path(i.source or "").name if "#" not in (i.source or "") else "r1": i for i in items}


@pytest.mark.parametrize(
    ("suffix", "content"),
    [
        (
            ".tsv",
            "file\tdate\twords\turl\ttitle\na.txt\t2018-12-03\t9\thttp://x/a\tHeadline A\nsub/c.txt\t2018-12-05\t9\thttp://x/c\tHeadline C\nr1\t2018-12-06\t9\t\tRecord one\n",
        ),
        (
            ".csv",
            "path,published,title,source,desk\na.txt,2018-12-03,Headline A,http://x/a,\nsub/c.txt,2018-12-05,Headline C,http://x/c,Asia\nr1,2018-12-06,Record one,,\n",
        ),
        (
            ".jsonl",
            '{"id": "a.txt", "published": "2018-12-03", "title": "Headline A", "url": "http://x/a"}\n{"id": "sub/c.txt", "date": "2018-12-05", "headline": "Headline C", "url": "http://x/c", "desk": "Asia"}\n{"id": "r1", "published": "2018-12-06", "title": "Record one"}\n',
        ),
    ],
)
def test_rows_match_by_file_name_relative_path_and_record_id(
    folder: Path, tmp_path: Path, suffix: str, content: str
) -> None:
    table = tmp_path / f"meta{suffix}"
    table.write_text(content, encoding="utf-8")
    docs = _docs(folder, table)
    a, b, c, r1 = docs["a.txt"], docs["b.txt"], docs["c.txt"], docs["r1"]
    assert isinstance(a, Document) and isinstance(b, Document)
    assert isinstance(c, Document) and isinstance(r1, Document)
    assert (a.published, a.title, a.url) == ("2018-12-03", "Headline A", "http://x/a")
    assert (c.published, c.title, c.url) == ("2018-12-05", "Headline C", "http://x/c")
    assert (r1.published, r1.title) == ("2018-12-06", "Record one")
    assert b.published is None and b.title == "Healthy ties"  # no row: left as it was
    assert c.metadata.get("desk") == ("Asia" if suffix != ".tsv" else None)
    if suffix == ".tsv":
        assert a.metadata == {"words": "9"}  # other columns are kept in the record


def test_unmatched_rows_duplicates_and_bad_dates_become_error_records(
    folder: Path, tmp_path: Path
) -> None:
    table = tmp_path / "meta.csv"
    table.write_text(
        "file,published\na.txt,2018-02-30\nb.txt,2018-12-01\nb.txt,2018-12-02\nzzz.txt,2018-12-01\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    summary = run_batch([str(folder)], out, workers=1, metadata=table)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    errors = {r["source"]: r for r in records if "error" in r}
    done = {Path(r["article"]["source"]).name: r for r in records if "article" in r}
    # every input and every row accounted for: 4 inputs, 1 of them failed, 2 row errors
    assert summary.documents == len(records) == 6
    (bad_date,) = [e for s, e in errors.items() if s.endswith("a.txt")]
    assert bad_date["error"] == "TC104" and f"{table}:2" in bad_date["message"]
    assert (
        errors[f"{table}:4"]["error"] == "TC121" and "second row" in errors[f"{table}:4"]["message"]
    )
    assert errors[f"{table}:5"]["error"] == "TC121" and "zzz.txt" in errors[f"{table}:5"]["message"]
    assert done["b.txt"]["article"]["published"] == "2018-12-01"
    assert done["b.txt"]["article"]["published_source"] == "given"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("meta.tsv", "title\tdate\nx\t2018-01-01\n", "no key column"),
        ("meta.xlsx", "file,date\n", "unknown table format"),
        ("meta.jsonl", "[1, 2]\n", "not a JSON object"),
    ],
)
def test_an_unusable_table_fails_before_anything_is_written(
    folder: Path, tmp_path: Path, name: str, content: str, message: str
) -> None:
    table = tmp_path / name
    table.write_text(content, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with pytest.raises(MetadataTableError, match=message):
        run_batch([str(folder)], out, workers=1, metadata=table)
    assert not out.exists()


def _sample(limit: int) -> list[Path]:
    # the annotated corpus's articles are scored, never run here
    return [f for f in sorted(MODERN.glob("*.txt")) if f.name not in annotated_files()][:limit]


def _article(rec: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in rec["article"].items() if k not in ("source", "path")}


@pytest.mark.skipif(not MODERN.is_dir(), reason=f"{MODERN} not present")
def test_modern_corpus_front_matter_and_metadata_table_agree(tmp_path: Path) -> None:
    """Done when: front matter, or a metadata table for copies without it, give every record
    `published_source: given`, the headline as title and no front-matter text in any span."""
    files = _sample(6)
    bare = tmp_path / "bare"
    bare.mkdir()
    for f in files:
        text = f.read_text(encoding="utf-8")
        (bare / f.name).write_text(text.split("---\n", 2)[2].lstrip("\n"), encoding="utf-8")
    with_front, with_table = tmp_path / "front.jsonl", tmp_path / "table.jsonl"
    run_batch([str(f) for f in files], with_front, workers=1)
    run_batch([str(bare)], with_table, workers=1, metadata=MODERN / "index.tsv")
    fronts = [json.loads(line) for line in with_front.read_text(encoding="utf-8").splitlines()]
    tables = [json.loads(line) for line in with_table.read_text(encoding="utf-8").splitlines()]
    tables_ok = [r for r in tables if "article" in r]
    # every other row of index.tsv matches no input here: reported, not dropped
    assert {r["error"] for r in tables if "error" in r} == {"TC121"}
    assert len(tables) == len(list(MODERN.glob("*.txt")))
    assert len(fronts) == len(tables_ok) == len(files)
    for front, table in zip(fronts, tables_ok, strict=True):
        meta = front["article"]
        assert meta["published_source"] == table["article"]["published_source"] == "given"
        assert meta["title"] == table["article"]["title"] and not meta["title"].startswith("---")
        assert meta["url"].startswith("http") and meta["url"] == table["article"]["url"]
        assert meta["text_offset"] > 0 and table["article"]["text_offset"] == 0
        spans = json.dumps(front)
        assert "published:" not in spans and "---" not in meta["title"]
        assert front["claims"] == table["claims"] and front["dates"] == table["dates"]
