"""Reading inputs (issue 13, rows 6, 15, 16): limits applied to the bytes actually read,
UTF-16/32 with a byte-order mark, exact ISO publication dates."""

from __future__ import annotations

import gzip
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from tradeclaims.errors import InputTooLargeError, InvalidDateError
from tradeclaims.io.readers import decode_text, parse_published, read_bytes, read_document

TEXT = "Canada urged Japan to cut tariffs on beef, the ministry said on Monday.\n"


def test_a_device_stops_at_the_limit_in_bounded_memory() -> None:
    # /dev/zero reports size 0: reading it whole grew without bound (5.6 GB at 15 s). Run in a
    # child with 1 GB of address space, so that the old behaviour fails instead of swapping.
    code = (
        "import resource\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from tradeclaims.io.readers import read_bytes\n"
        "from tradeclaims.errors import InputTooLargeError\n"
        "try:\n    read_bytes('/dev/zero', max_bytes=50_000_000)\n"
        "except InputTooLargeError as exc:\n    print(exc.code, exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.stdout.startswith("TC107"), done.stderr[-500:]
    assert "50,000,000" in done.stdout and "--max-bytes" in done.stdout


def test_gzip_is_limited_after_decompression(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * 3_000_000))  # a few kB that unpack to 3 MB
    assert bomb.stat().st_size < 100_000
    with pytest.raises(InputTooLargeError, match="decompressed"):
        read_bytes(bomb, max_bytes=1_000_000)
    assert len(read_bytes(bomb, max_bytes=3_000_000)) == 3_000_000


def test_a_regular_file_over_the_limit_names_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2000)
    with pytest.raises(InputTooLargeError, match=r"over the limit of 1,000 bytes"):
        read_document(path, max_bytes=1000)
    assert read_document(path, max_bytes=2000).text == "x" * 2000


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-le"])
def test_utf16_and_utf32_with_a_bom_are_text(tmp_path: Path, encoding: str) -> None:
    data = TEXT.encode(encoding)
    if not encoding.endswith(("16", "32")):  # the -be/-le codecs write no BOM: add it
        data = "\ufeff".encode(encoding) + data
    path = tmp_path / "wide.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.text.lstrip("\ufeff") == TEXT


def test_nul_bytes_without_a_bom_are_still_binary() -> None:
    from tradeclaims.errors import InputDecodeError

    with pytest.raises(InputDecodeError, match="binary"):
        decode_text(b"abc\x00def" * 10, source="x")


@pytest.mark.parametrize(
    "value",
    ["2026-01-30garbage", "20260130", "2026-W05-1", "2026-1-30", "30/01/2026", "2026-02-30", 5],
)
def test_only_exact_iso_dates_are_publication_dates(value: object) -> None:
    with pytest.raises(InvalidDateError):
        parse_published(value, source="--published")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-01-30", "2026-01-30"),
        (" 2026-01-30 ", "2026-01-30"),
        ("2026-01-30T08:15:00Z", "2026-01-30"),
        ("0001-01-01", "0001-01-01"),
        (date(2026, 1, 30), "2026-01-30"),
        (datetime(2026, 1, 30, 23, 59), "2026-01-30"),
    ],
)
def test_iso_dates_and_date_objects_are_accepted(value: object, expected: str) -> None:
    assert parse_published(value) == expected
