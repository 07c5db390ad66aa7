"""The command line: outputs, and clear one-line errors (no traceback) for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tradeclaims.cli import app

from .conftest import FIXTURES, GOLDEN_ID

runner = CliRunner()
SAMPLE = "Canada urged Japan to cut tariffs this week, the ministry said on July 1, 2026.\n"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def test_extract_one_file_prints_one_json_object(sample: Path) -> None:
    result = runner.invoke(app, ["extract", str(sample), "--published", "2026-01-30"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["article"]["published"] == "2026-01-30"
    assert data["article"]["published_source"] == "given"
    assert data["article"]["source"] == str(sample)
    assert data["claims"][0]["kind"] == "appeal"


def test_extract_several_files_writes_jsonl(sample: Path, tmp_path: Path) -> None:
    second = tmp_path / "b.txt"
    second.write_text("Mexico agreed to review the pact.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(sample), str(second), "--output", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["article"]["source"] for line in lines] == [str(sample), str(second)]


def test_schema_command() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "ArticleExtraction"


def test_evaluate_prints_table_and_json() -> None:
    gold = str(FIXTURES / f"{GOLDEN_ID}.gold.json")
    table = runner.invoke(app, ["evaluate", gold])
    assert table.exit_code == 0, table.output
    assert "claims" in table.stdout and "money" in table.stdout
    data = json.loads(runner.invoke(app, ["evaluate", gold, "--json"]).stdout)
    assert data["total"]["exact"]["money"]["f1"] == 1.0


def _assert_one_line_error(result: object, code: str, name: str) -> None:
    output = result.output  # type: ignore[attr-defined]
    assert result.exit_code != 0  # type: ignore[attr-defined]
    assert "Traceback" not in output
    assert code in output and name in output
    assert len(output.strip().splitlines()) <= 2, output


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    _assert_one_line_error(runner.invoke(app, ["extract", str(missing)]), "TC101", "nope.txt")


def test_cp1252_file(tmp_path: Path) -> None:
    path = tmp_path / "cp.txt"
    path.write_bytes("The minister’s plan costs €5 bln.".encode("cp1252"))
    _assert_one_line_error(runner.invoke(app, ["extract", str(path)]), "TC103", "cp.txt")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "img.txt"
    path.write_bytes(bytes(range(256)) * 4)
    _assert_one_line_error(runner.invoke(app, ["extract", str(path)]), "TC103", "img.txt")


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    _assert_one_line_error(runner.invoke(app, ["extract", str(tmp_path)]), "TC102", str(tmp_path))


def test_invalid_published_date(sample: Path) -> None:
    result = runner.invoke(app, ["extract", str(sample), "--published", "2026-02-30"])
    _assert_one_line_error(result, "TC104", "--published")
    assert result.exit_code == 2


def test_bom_and_windows_line_endings_keep_offsets_exact(tmp_path: Path) -> None:
    text = "Canada agreed to talks.\r\n\r\nMexico urged Canada to act on $5 billion in aid.\r\n"
    path = tmp_path / "win.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["article"]["char_count"] == len(text)
    money = data["money"][0]
    assert text[money["start"] : money["end"]] == money["text"] == "$5 billion"
    assert [c["kind"] for c in data["claims"]] == ["commitment", "appeal"]


def test_empty_file_gives_empty_extraction(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n ", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["people"] == [] and data["claims"] == [] and data["article"]["char_count"] == 4


# -- issue #15: help, metadata options, and one line on what was written ------------------

COMMANDS = [
    "",
    "extract",
    "schema",
    "render",
    "export",
    "evaluate",
    "batch",
    "bench",
    "evaluate-public",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_real_metavars(command: str) -> None:
    """Why #6: --help showed '<bool>', '<list[Path]>', '{files}...'."""
    result = runner.invoke(app, [*command.split(), "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output and "<list[" not in result.output
    assert "{" not in result.output and "<str>" not in result.output


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("extract", "extract [OPTIONS] FILES..."),
        ("batch", "batch [OPTIONS] INPUTS..."),
        ("render", "render [OPTIONS] SOURCE"),
    ],
)
def test_usage_lines(command: str, usage: str) -> None:
    assert usage in runner.invoke(app, [command, "--help"], terminal_width=200).output


def test_batch_help_lists_the_accepted_formats() -> None:
    """Why #6: `batch --help` did not list the accepted formats."""
    text = " ".join(runner.invoke(app, ["batch", "--help"], terminal_width=200).output.split())
    for fmt in (".txt", ".md", "front matter", ".json", ".jsonl", ".ndjson", ".html", ".gz"):
        assert fmt in text, fmt
    for option in ("--metadata", "--year", "--keep-text"):
        assert option in text


def test_batch_metadata_year_and_keep_text(tmp_path: Path) -> None:
    wire = tmp_path / "wire.txt"
    wire.write_text(
        "JAPAN WARNED\n    LONDON, March 26 - Thatcher warned Japan.\n", encoding="utf-8"
    )
    bare = tmp_path / "bare.txt"
    bare.write_text(SAMPLE, encoding="utf-8")
    table = tmp_path / "meta.tsv"
    table.write_text(
        "file\tpublished\ttitle\turl\nbare.txt\t2026-07-02\tA headline\thttp://x\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    args = ["batch", str(wire), str(bare), "-o", str(out), "--workers", "1", "--no-progress"]
    result = runner.invoke(app, [*args, "--metadata", str(table), "--year", "1987", "--keep-text"])
    assert result.exit_code == 0, result.output
    assert f"wrote 2 records (2 extractions, 0 error records) to {out}" in " ".join(
        result.output.split()
    )
    wire_rec, bare_rec = (
        json.loads(line)["article"] for line in out.read_text(encoding="utf-8").splitlines()
    )
    assert (wire_rec["published"], wire_rec["published_source"]) == ("1987-03-26", "dateline")
    assert (bare_rec["published"], bare_rec["published_source"]) == ("2026-07-02", "given")
    assert (bare_rec["title"], bare_rec["url"], bare_rec["text"]) == (
        "A headline",
        "http://x",
        SAMPLE,
    )


def test_batch_with_an_unusable_metadata_table_is_a_usage_error(
    tmp_path: Path, sample: Path
) -> None:
    table = tmp_path / "meta.csv"
    table.write_text("title,date\nx,2020-01-01\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(sample), "-o", str(out), "--metadata", str(table)])
    assert result.exit_code == 2 and "TC120" in result.output and "no key column" in result.output


def test_every_command_that_writes_files_says_what_it_wrote(sample: Path, tmp_path: Path) -> None:
    """Why #6: `render` (and `extract -o`) printed nothing on success."""
    out = tmp_path / "out.jsonl"
    sample.with_name("b.txt").write_text(SAMPLE, encoding="utf-8")
    extracted = runner.invoke(
        app, ["extract", str(sample), str(sample.with_name("b.txt")), "-o", str(out)]
    )
    assert extracted.exit_code == 0 and f"wrote 2 extraction(s) to {out}" in " ".join(
        extracted.output.split()
    )
    page = tmp_path / "a.html"
    rendered = runner.invoke(app, ["render", str(sample), "-o", str(page)])
    assert rendered.exit_code == 0 and f"wrote the review page {page}" in " ".join(
        rendered.output.split()
    )
    exported = runner.invoke(app, ["export", str(out), "--dir", str(tmp_path / "t")])
    assert exported.exit_code == 0 and f"wrote 12 csv tables to {tmp_path / 't'}" in " ".join(
        exported.output.split()
    )


# -- issue 13 ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2026-01-30garbage", "20260130", "2026-W05-1", "9999-99-99"])
def test_published_must_be_exactly_an_iso_date(sample: Path, value: str) -> None:
    result = runner.invoke(app, ["extract", str(sample), "--published", value])
    assert result.exit_code == 2 and "TC104" in result.output


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_published_at_the_edges_of_the_calendar(sample: Path, value: str) -> None:
    result = runner.invoke(app, ["extract", str(sample), "--published", value])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["article"]["published"] == value
    for d in data["dates"]:
        assert d["value"] is None or d["value"][:4].isdigit()


def test_output_is_checked_before_any_work(sample: Path, tmp_path: Path) -> None:
    folder = runner.invoke(app, ["extract", str(sample), "-o", str(tmp_path)])
    assert folder.exit_code == 2 and "TC401" in folder.output
    missing = tmp_path / "new" / "folder" / "out.json"
    created = runner.invoke(app, ["extract", str(sample), "-o", str(missing)])
    assert created.exit_code == 0 and json.loads(missing.read_text())["article"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_device_is_a_coded_error(sample: Path) -> None:
    result = runner.invoke(app, ["extract", str(sample), "-o", "/dev/full"])
    assert result.exit_code == 1 and "TC401" in result.output and "no space" in result.output


def test_utf16_file_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(SAMPLE.encode("utf-16"))
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["article"]["char_count"] == len(SAMPLE)


def test_extract_has_a_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"tariffs " * 1000)
    result = runner.invoke(app, ["extract", str(path), "--max-bytes", "1000"])
    assert result.exit_code == 1 and "TC107" in result.output and "--max-bytes" in result.output
