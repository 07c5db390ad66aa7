"""Batch mode: one record per input document, whatever the input; parallel, resumable."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import tradeclaims.io.batch as batch_module
from tradeclaims.cli import app
from tradeclaims.io.batch import process_chunk, run_batch

GOOD = "Canada urged Japan to cut tariffs on beef, the ministry said on Monday.\n"
runner = CliRunner()


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _by_source(path: Path) -> dict[str, dict[str, Any]]:
    out = {}
    for rec in _records(path):
        if rec.get("error") == "TC106":  # a repeated input: reported, not processed twice
            continue
        source = rec.get("source") or rec["article"]["source"]
        assert source not in out, f"two records for {source}"
        out[source] = rec
    return out


@pytest.fixture
def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    d = tmp_path / "in"
    d.mkdir()
    files = {
        "good": d / "good.txt",
        "empty": d / "empty.txt",
        "binary": d / "binary.txt",
        "cp1252": d / "cp1252.txt",
        "bom": d / "bom.txt",
        "big": d / "big.txt",
        "jsonl": d / "records.jsonl",
        "json": d / "notext.json",
        "html_empty": d / "empty.html",
        "gz": d / "zipped.txt.gz",
    }
    files["good"].write_text(GOOD, encoding="utf-8")
    files["empty"].write_text("", encoding="utf-8")
    files["binary"].write_bytes(bytes(range(256)) * 64)
    files["cp1252"].write_bytes("Le ministre a dit: “non” à 5 mln francs.".encode("cp1252"))
    files["bom"].write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    with files["big"].open("wb") as stream:  # 50 MB: a dump, not an article
        stream.truncate(50 * 1024 * 1024)
    files["jsonl"].write_text(
        json.dumps({"id": "a", "text": GOOD, "published": "2026-01-30"}) + "\n"
        "{not json\n"
        + json.dumps({"id": "b", "body": "no text field"})
        + "\n"
        + json.dumps({"id": "c", "text": "Mexico agreed to talks."})
        + "\n",
        encoding="utf-8",
    )
    files["json"].write_text(json.dumps({"title": "nothing here"}), encoding="utf-8")
    files["html_empty"].write_text("<html><head><title>x</title></head></html>", encoding="utf-8")
    files["gz"].write_bytes(gzip.compress(GOOD.encode("utf-8")))
    (d / "broken.txt").symlink_to(d / "missing-target.txt")
    return files


def test_every_bad_input_is_accounted_for(bad_inputs: dict[str, Path], tmp_path: Path) -> None:
    folder = bad_inputs["good"].parent
    out = tmp_path / "out.jsonl"
    # the folder, plus the good file again (a duplicate), plus a missing file
    inputs = [str(folder), str(bad_inputs["good"]), str(tmp_path / "nope.txt")]
    summary = run_batch(inputs, out, workers=1)
    records = _by_source(out)
    f = {k: str(v) for k, v in bad_inputs.items()}
    expected_errors = {
        f["binary"]: "TC103",
        f["cp1252"]: "TC103",
        f["big"]: "TC107",
        f"{f['jsonl']}:2": "TC108",
        f"{f['jsonl']}:3": "TC108",
        f["json"]: "TC108",
        f["html_empty"]: "TC108",
        str(folder / "broken.txt"): "TC101",
        str(tmp_path / "nope.txt"): "TC101",
    }
    for source, code in expected_errors.items():
        assert records[source]["error"] == code, (source, records[source])
        assert records[source]["message"]
    # duplicate input: the file was processed once, the repeat is reported
    dup = [r for r in _records(out) if r.get("error") == "TC106"]
    assert len(dup) == 1 and dup[0]["source"] == f["good"]
    successes = {f["good"], f["empty"], f["bom"], f["gz"], f"{f['jsonl']}#a", f"{f['jsonl']}#c"}
    for source in successes:
        assert "article" in records[source], records[source]
    assert records[f["bom"]]["article"]["char_count"] == len(GOOD)
    assert records[f"{f['jsonl']}#a"]["article"]["published"] == "2026-01-30"
    assert summary.documents == len(_records(out)) == len(expected_errors) + len(successes) + 1
    assert summary.failed == len(expected_errors) + 1


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(GOOD, encoding="utf-8")
    real = Path.open

    def deny(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self, *args, **kwargs)

    # root can read any file, so the permission error is simulated
    monkeypatch.setattr(Path, "open", deny)
    out = tmp_path / "out.jsonl"
    run_batch([str(path)], out, workers=1)
    (record,) = _records(out)
    assert record["error"] == "TC102" and "Permission denied" in record["message"]


def test_parallel_output_equals_serial(tmp_path: Path) -> None:
    inputs = []
    for i in range(20):
        p = tmp_path / f"doc{i:02d}.txt"
        p.write_text(
            f"Japan agreed on March {i + 1} to buy ${i + 1} billion of U.S. chips.",
            encoding="utf-8",
        )
        inputs.append(str(p))
    serial, parallel = tmp_path / "s.jsonl", tmp_path / "p.jsonl"
    run_batch(inputs, serial, workers=1)
    run_batch(inputs, parallel, workers=2)
    assert serial.read_bytes() == parallel.read_bytes()
    assert len(_records(serial)) == 20


def test_resume_skips_done_inputs_and_a_truncated_tail(tmp_path: Path) -> None:
    inputs = []
    for i in range(3):
        p = tmp_path / f"d{i}.txt"
        p.write_text(f"Canada agreed to talks on day {i}.", encoding="utf-8")
        inputs.append(str(p))
    out = tmp_path / "out.jsonl"
    run_batch(inputs[:2], out, workers=1)
    with out.open("ab") as stream:  # a crash mid-write leaves half a line
        stream.write(b'{"schema_version": "1.1.0", "artic')
    summary = run_batch(inputs, out, workers=1, resume=True)
    assert summary.skipped == 2 and summary.documents == 1
    sources = [r["article"]["source"] for r in map(json.loads, out.read_text().splitlines()[:2])]
    assert sources == inputs[:2]
    lines = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[-1])["article"]["source"] == inputs[2]


def _killing_chunk(task: Any) -> Any:
    if any("KILL-THE-WORKER" in doc[3] for doc in task):
        os._exit(1)
    return process_chunk(task)


def test_a_dying_worker_is_replaced_and_its_document_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # workers are forked after the patch, so they run the killing function too
    monkeypatch.setattr(batch_module, "process_chunk", _killing_chunk)
    inputs = []
    for i in range(6):
        p = tmp_path / f"w{i}.txt"
        text = "KILL-THE-WORKER now." if i == 3 else f"Japan agreed to talks on day {i}."
        p.write_text(text, encoding="utf-8")
        inputs.append(str(p))
    out = tmp_path / "out.jsonl"
    summary = run_batch(inputs, out, workers=2)
    records = _by_source(out)
    assert len(records) == 6
    assert records[inputs[3]]["error"] == "TC301"
    assert all("article" in records[s] for s in inputs if s != inputs[3])
    assert summary.failed == 1


def test_cli_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "g.txt"
    good.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "o.jsonl"
    ok = runner.invoke(app, ["batch", str(good), "-o", str(out), "--workers", "1", "--no-progress"])
    assert ok.exit_code == 0, ok.output
    assert "1 documents" in ok.output
    some_failed = runner.invoke(
        app,
        [
            "batch",
            str(good),
            str(tmp_path / "missing.txt"),
            "-o",
            str(out),
            "--workers",
            "1",
            "--no-progress",
        ],
    )
    assert some_failed.exit_code == 1
    assert "TC101: 1" in some_failed.output
    usage = runner.invoke(app, ["batch", str(good), "-o", str(out), "--engine", "spark"])
    assert usage.exit_code == 2


def test_dask_engine_matches_local(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    inputs = []
    for i in range(4):
        p = tmp_path / f"k{i}.txt"
        p.write_text(
            f"Mexico agreed on July {i + 1}, 2026 to buy $5 billion of grain.", encoding="utf-8"
        )
        inputs.append(str(p))
    inputs.append(str(tmp_path / "missing.txt"))
    local, dask_out = tmp_path / "l.jsonl", tmp_path / "d.jsonl"
    run_batch(inputs, local, workers=1)
    run_batch(inputs, dask_out, workers=1, engine="dask")
    assert local.read_bytes() == dask_out.read_bytes()


def test_long_document_is_split_with_exact_offsets(tmp_path: Path) -> None:
    from tradeclaims import Extractor, load

    paragraph = "Canada urged Japan to cut tariffs on beef worth $5 billion on July 1, 2026.\n\n"
    text = paragraph * 40
    ex = Extractor(load(), piece_chars=1000)
    result = ex(text)
    assert len(result.money) == 40
    assert all(text[m.start : m.end] == m.text for m in result.money)
    assert len({m.id for m in result.money}) == 40
    assert [p.name for p in result.places] == ["Canada", "Japan"]
    assert len(result.places[0].mentions) == 40
    assert result.article.char_count == len(text)


# -- issue 13: one writer per output, stable resume keys, time budget, processes ------------


def _slow_chunk(task: Any) -> Any:
    if any("STALL" in doc[3] for doc in task):
        import time

        time.sleep(60)
    return process_chunk(task)


def _write_inputs(folder: Path, texts: list[str]) -> list[str]:
    folder.mkdir(exist_ok=True)
    paths = []
    for i, text in enumerate(texts):
        p = folder / f"d{i}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    return paths


def test_a_second_writer_is_refused_before_any_work(tmp_path: Path) -> None:
    from tradeclaims.errors import OutputLockedError
    from tradeclaims.io.paths import open_locked

    inputs = _write_inputs(tmp_path / "in", [GOOD])
    out = tmp_path / "out.jsonl"
    out.write_bytes(b'{"kept": true}\n')
    held = open_locked(out, truncate=False)  # another run is writing it
    try:
        for resume in (False, True):
            with pytest.raises(OutputLockedError):
                run_batch(inputs, out, workers=1, resume=resume)
        cli = runner.invoke(app, ["batch", *inputs, "-o", str(out), "--no-progress"])
        assert cli.exit_code == 2 and "TC402" in cli.output
        assert out.read_bytes() == b'{"kept": true}\n'  # not truncated, nothing appended
    finally:
        held.close()
    run_batch(inputs, out, workers=1)  # the lock is gone with its holder
    assert len(_records(out)) == 1


def test_resume_over_repeated_record_ids_loses_nothing(tmp_path: Path) -> None:
    records = tmp_path / "in.jsonl"
    lines = [
        {"id": "a", "text": "Canada urged Japan to act."},
        {"id": "b", "text": "Mexico agreed to talks."},
        {"id": "a", "text": "Brazil said it would retaliate."},
        {"id": "c", "text": "Chile signed the deal."},
    ]
    records.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    full, out = tmp_path / "full.jsonl", tmp_path / "out.jsonl"
    run_batch([str(records)], full, workers=1)
    run_batch([str(records)], out, workers=1)
    # a crash after two records, the third half-written
    kept = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(kept[:2]) + kept[2][:40])
    keys = (tmp_path / "out.jsonl.done").read_bytes().splitlines(keepends=True)
    (tmp_path / "out.jsonl.done").write_bytes(b"".join(keys[:2]))
    summary = run_batch([str(records)], out, workers=1, resume=True)
    assert summary.skipped == 2 and summary.documents == 2
    assert out.read_bytes() == full.read_bytes()
    texts = [r["article"]["char_count"] for r in _records(out)]
    assert len(texts) == 4


def test_resume_with_absolute_paths_after_relative_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_inputs(tmp_path / "in", [GOOD, "Mexico agreed to talks.", "Chile signed."])
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out.jsonl"
    run_batch(["in"], out, workers=1)
    kept = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(kept[0])
    keys = (tmp_path / "out.jsonl.done").read_bytes().splitlines(keepends=True)
    (tmp_path / "out.jsonl.done").write_bytes(keys[0])
    summary = run_batch([str(tmp_path / "in")], out, workers=1, resume=True)
    assert summary.skipped == 1 and summary.documents == 2
    assert len(_records(out)) == 3


def test_resume_truncates_a_record_whose_key_was_not_written(tmp_path: Path) -> None:
    inputs = _write_inputs(tmp_path / "in", [GOOD, "Mexico agreed to talks."])
    full, out = tmp_path / "full.jsonl", tmp_path / "out.jsonl"
    run_batch(inputs, full, workers=1)
    run_batch(inputs, out, workers=1)
    keys = (tmp_path / "out.jsonl.done").read_bytes().splitlines(keepends=True)
    (tmp_path / "out.jsonl.done").write_bytes(keys[0])  # killed between record 2 and its key
    run_batch(inputs, out, workers=1, resume=True)
    assert out.read_bytes() == full.read_bytes()


def test_a_document_over_the_time_budget_gets_an_error_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    monkeypatch.setattr(batch_module, "process_chunk", _slow_chunk)
    inputs = _write_inputs(
        tmp_path / "in", [f"Japan agreed to talks on day {i}." for i in range(4)] + ["STALL"]
    )
    inputs.insert(2, inputs.pop())
    out = tmp_path / "out.jsonl"
    started = time.monotonic()
    summary = run_batch(inputs, out, workers=2, doc_timeout=4)
    assert time.monotonic() - started < 50
    records = _by_source(out)
    assert (
        records[inputs[2]]["error"] == "TC303" and "--doc-timeout" in records[inputs[2]]["message"]
    )
    assert all("article" in records[s] for s in inputs if s != inputs[2])
    assert summary.failed == 1 and list(records) == inputs


def test_output_is_checked_before_any_input_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tradeclaims.errors import OutputError

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("inputs were read")

    monkeypatch.setattr(batch_module, "read_inputs", never)
    inputs = _write_inputs(tmp_path / "in", [GOOD])
    for bad in (tmp_path, tmp_path / "in" / "d0.txt" / "x.jsonl"):
        with pytest.raises(OutputError):
            run_batch(inputs, bad, workers=1)
    cli = runner.invoke(app, ["batch", *inputs, "-o", str(tmp_path), "--no-progress"])
    assert cli.exit_code == 2 and "TC401" in cli.output


def test_a_missing_output_folder_is_created(tmp_path: Path) -> None:
    inputs = _write_inputs(tmp_path / "in", [GOOD])
    out = tmp_path / "new" / "deeper" / "out.jsonl"
    run_batch(inputs, out, workers=1)
    assert len(_records(out)) == 1


_DRIVER = """
import sys, time
import tradeclaims.io.batch as batch
real = batch.process_chunk
def slow(task):
    if any("STALL" in d[3] for d in task):
        time.sleep(300)
    return real(task)
batch.process_chunk = slow
from tradeclaims.cli import main
sys.argv = ["tradeclaims", *sys.argv[1:]]
main()
"""


def _start_stalled_batch(tmp_path: Path) -> tuple[Any, list[Any], Path]:
    import subprocess
    import sys
    import time

    psutil = pytest.importorskip("psutil")
    good, stall = _write_inputs(tmp_path / "in", [GOOD, "STALL"])
    inputs = [good, str(tmp_path / "missing.txt"), stall]  # the error ends the first chunk
    driver = tmp_path / "driver.py"
    driver.write_text(_DRIVER, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [sys.executable, str(driver), "batch", *inputs, "-o", str(out), "--workers", "2",
         "--no-progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:  # until the good document is written
        if out.exists() and out.read_bytes().count(b"\n") >= 2:
            break
        time.sleep(0.2)
    children = psutil.Process(proc.pid).children(recursive=True)
    assert len(children) == 2, children
    return proc, children, out


def _gone(children: list[Any], seconds: float) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(c.is_running() and c.status() != "zombie" for c in children):
            return True
        time.sleep(0.2)
    return False


def test_sigterm_stops_flushes_and_exits_143(tmp_path: Path) -> None:
    import signal

    proc, children, out = _start_stalled_batch(tmp_path)
    proc.send_signal(signal.SIGTERM)
    _stdout, stderr = proc.communicate(timeout=60)  # returns: no worker keeps stderr open
    assert proc.returncode == 143, stderr[-500:]
    assert _gone(children, 10)
    assert len(_records(out)) == 2  # the records finished, complete


def test_workers_exit_when_the_batch_process_is_killed(tmp_path: Path) -> None:
    import signal

    proc, children, _out = _start_stalled_batch(tmp_path)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert _gone(children, 10)
