"""Tables for pandas and the LangExtract-style JSONL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tradeclaims import ArticleExtraction
from tradeclaims.cli import app
from tradeclaims.io.batch import run_batch

from ..conftest import FIXTURES, GOLDEN_ID, SHARED, annotated_files

pd = pytest.importorskip("pandas")
runner = CliRunner()


@pytest.fixture
def golden_jsonl(tmp_path: Path) -> Path:
    out = tmp_path / "golden.jsonl"
    result = runner.invoke(
        app,
        [
            "extract",
            str(FIXTURES / f"{GOLDEN_ID}.txt"),
            "--published",
            "2026-01-30",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def test_golden_tables_load_in_pandas(
    golden_jsonl: Path, golden_result: ArticleExtraction, tmp_path: Path
) -> None:
    tables = tmp_path / "tables"
    assert runner.invoke(app, ["export", str(golden_jsonl), "--dir", str(tables)]).exit_code == 0
    expected = {
        "articles": 1,
        "people": len(golden_result.people),
        "organizations": len(golden_result.organizations),
        "places": len(golden_result.places),
        "agreements": len(golden_result.agreements),
        "dates": len(golden_result.dates),
        "money": len(golden_result.money),
        "claims": len(golden_result.claims),
    }
    text = (FIXTURES / f"{GOLDEN_ID}.txt").read_text(encoding="utf-8")
    for name, n in expected.items():
        frame = pd.read_csv(tables / f"{name}.csv", keep_default_na=False)
        assert len(frame) == n, name
    money = pd.read_csv(tables / "money.csv", dtype={"amount": str})
    assert money.loc[0, "amount"] == "33000000000000"
    for _, row in money.iterrows():
        assert text[row["start"] : row["end"]] == row["text"]
    claims = pd.read_csv(tables / "claims.csv")
    assert set(claims["article_id"]) == {golden_result.article.id}


def test_parquet(golden_jsonl: Path, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    assert (
        runner.invoke(
            app, ["export", str(golden_jsonl), "--dir", str(tmp_path), "--format", "parquet"]
        ).exit_code
        == 0
    )
    assert len(pd.read_parquet(tmp_path / "money.parquet")) == 16


def test_langextract_jsonl(golden_jsonl: Path, tmp_path: Path) -> None:
    assert (
        runner.invoke(
            app, ["export", str(golden_jsonl), "--dir", str(tmp_path), "--format", "langextract"]
        ).exit_code
        == 0
    )
    (doc,) = [
        json.loads(line) for line in (tmp_path / "langextract.jsonl").read_text().splitlines()
    ]
    text = doc["text"]
    assert text is not None
    for ex in doc["extractions"]:
        iv = ex["char_interval"]
        assert text[iv["start_pos"] : iv["end_pos"]] == ex["extraction_text"]
    assert {e["extraction_class"] for e in doc["extractions"]} >= {
        "person",
        "money",
        "claim",
        "date",
    }


@pytest.mark.skipif(not (SHARED / "corpora" / "reuters_trade").is_dir(), reason="corpus absent")
def test_reuters_batch_exports_with_expected_row_counts(tmp_path: Path) -> None:
    # the annotated corpus's articles are scored, not used as input here
    files = [
        f
        for f in sorted((SHARED / "corpora" / "reuters_trade").glob("*.txt"))
        if f.name not in annotated_files()
    ][:25]
    out = tmp_path / "batch.jsonl"
    run_batch([str(f) for f in files], out, workers=1)
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert runner.invoke(app, ["export", str(out), "--dir", str(tmp_path / "t")]).exit_code == 0
    assert len(pd.read_csv(tmp_path / "t" / "articles.csv")) == len(files)
    for name in ("people", "money", "claims", "dates"):
        frame = pd.read_csv(tmp_path / "t" / f"{name}.csv")
        assert len(frame) == sum(len(r[name]) for r in records), name


# -- issue #15: tables ready for analysis ---------------------------------------------------


def test_claim_parties_is_one_row_per_party(
    golden_jsonl: Path, golden_result: ArticleExtraction, tmp_path: Path
) -> None:
    """Why #4: several actors came as one '; '-joined string."""
    assert runner.invoke(app, ["export", str(golden_jsonl), "--dir", str(tmp_path)]).exit_code == 0
    parties = pd.read_csv(tmp_path / "claim_parties.csv", keep_default_na=False)
    assert list(parties.columns) == [
        "article_id",
        "claim_id",
        "role",
        "position",
        "entity_id",
        "name",
    ]
    expected = sorted(
        (c.id, role, name)
        for c in golden_result.claims
        for role, names in (("actor", c.actors), ("target", c.targets))
        for name in names
    )
    assert (
        sorted(zip(parties["claim_id"], parties["role"], parties["name"], strict=True)) == expected
    )
    both = next(c for c in golden_result.claims if len(c.actors) > 1)  # "both sides agreed"
    rows = parties[(parties["claim_id"] == both.id) & (parties["role"] == "actor")]
    assert list(rows["name"]) == both.actors and list(rows["entity_id"]) == both.actor_ids


def test_column_names_never_collide_across_tables(golden_jsonl: Path, tmp_path: Path) -> None:
    """Why #4: claims' `source` (attribution) collided with articles' `source` (file path)."""
    assert runner.invoke(app, ["export", str(golden_jsonl), "--dir", str(tmp_path)]).exit_code == 0
    articles = pd.read_csv(tmp_path / "articles.csv")
    claims = pd.read_csv(tmp_path / "claims.csv")
    assert "source_path" in articles.columns and "attribution" in claims.columns
    shared = (set(articles.columns) & set(claims.columns)) - {"article_id"}
    assert not shared, shared
    merged = claims.merge(articles, on="article_id", validate="many_to_one")
    assert not [c for c in merged.columns if c.endswith(("_x", "_y"))]
    assert merged["attribution"].notna().any()


# -- issue 13: CSV cells, malformed results, texts read back -------------------------------


def test_formula_cells_are_neutralized_numbers_stay(tmp_path: Path) -> None:
    from tradeclaims.outputs.export import spreadsheet_safe

    assert spreadsheet_safe('=HYPERLINK("http://x","y")').startswith("'=")
    for cell in ("=1+1", "+1+1", "-1+cmd|' /C calc'!A0", "@SUM(1)", "\t=1", "\r=1"):
        assert spreadsheet_safe(cell) == "'" + cell
    for cell in ("-5", "+1.5", "-0.25", "1e6", "Canada", "", None, 5, -5.0, True):
        assert spreadsheet_safe(cell) == cell


def test_csv_export_of_hostile_cells(tmp_path: Path) -> None:
    from tradeclaims import Extractor, load

    text = (
        '=HYPERLINK("http://evil","click")\n\n"=1+1," the minister said. Canada urged Japan to act.'
    )
    result = Extractor(load())(text, source="=SUM(1+1).txt", title="=HYPERLINK(1)")
    results = tmp_path / "r.jsonl"
    results.write_bytes(result.model_dump_json().encode() + b"\n")
    done = runner.invoke(app, ["export", str(results), "--dir", str(tmp_path / "t")])
    assert done.exit_code == 0, done.output
    import csv

    for table in (tmp_path / "t").glob("*.csv"):
        with table.open(encoding="utf-8", newline="") as stream:
            for row in csv.reader(stream):
                for cell in row:
                    assert not cell.startswith(("=", "+", "@", "\t", "\r")), (table.name, cell)
                    assert not cell.startswith("-") or cell.lstrip("-").replace(".", "").isdigit()
    articles = pd.read_csv(tmp_path / "t" / "articles.csv")
    assert articles["source_path"][0] == "'=SUM(1+1).txt"
    assert articles["char_count"][0] == len(text)  # numbers stay numbers


@pytest.mark.parametrize(
    "line",
    [
        b"5",
        b'"str"',
        b'{"article":{"id":"x"}}',
        b'{"id":"a","text":"an input record, not a result"}',
        b"{not json",
    ],
)
def test_export_of_malformed_lines_is_a_coded_error(tmp_path: Path, line: bytes) -> None:
    results = tmp_path / "bad.jsonl"
    results.write_bytes(line + b"\n")
    for fmt in ("csv", "langextract"):
        done = runner.invoke(
            app, ["export", str(results), "--dir", str(tmp_path / fmt), "--format", fmt]
        )
        assert done.exit_code == 1, done.output
        assert "TC109" in done.output and "Traceback" not in done.output


def test_export_of_an_absurd_amount_is_a_coded_error(golden_jsonl: Path, tmp_path: Path) -> None:
    record = json.loads(golden_jsonl.read_text().splitlines()[0])
    record["money"][0]["amount"] = "1e999999"
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(record) + "\n")
    done = runner.invoke(app, ["render", str(bad), "-o", str(tmp_path / "site")])
    assert done.exit_code == 1 and "TC109" in done.output, done.output


def test_langextract_embeds_no_foreign_file(tmp_path: Path) -> None:
    from tradeclaims import Extractor, load

    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    result = Extractor(load())(secret.read_text(), source=str(secret))
    results = tmp_path / "r.jsonl"
    results.write_bytes(result.model_dump_json().encode() + b"\n")
    root = tmp_path / "corpus"
    root.mkdir()
    done = runner.invoke(
        app,
        ["export", str(results), "--dir", str(tmp_path / "le"), "--format", "langextract",
         "--text-root", str(root)],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    (doc,) = [
        json.loads(x) for x in (tmp_path / "le" / "langextract.jsonl").read_text().splitlines()
    ]
    assert doc["text"] is None
