"""The HTML review page: escaping, every highlight and claim row, and a real browser click."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tradeclaims import ArticleExtraction, Extractor
from tradeclaims.cli import app
from tradeclaims.outputs.render import highlighted_text, render_html

from .conftest import FIXTURES, GOLDEN_ID, ROOT

ARTIFACTS = ROOT / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def test_text_survives_highlighting(golden_result: ArticleExtraction, golden_text: str) -> None:
    html, count = highlighted_text(golden_text, golden_result)
    assert unescape(re.sub(r"<[^>]+>", "", html)) == golden_text
    assert count == html.count("<mark ")


def test_script_in_the_article_cannot_run(extractor: Extractor) -> None:
    text = 'Canada urged Japan to act. <script>alert("x")</script> <img src=x onerror=alert(1)>'
    page = render_html(extractor(text), text)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert page.count("<script>") == 1  # the page's own click handler only


def test_render_cli_for_a_text_file_and_a_batch(tmp_path: Path) -> None:
    runner = CliRunner()
    page = tmp_path / "review.html"
    result = runner.invoke(
        app,
        [
            "render",
            str(FIXTURES / f"{GOLDEN_ID}.txt"),
            "-o",
            str(page),
            "--published",
            "2026-01-30",
        ],
    )
    assert result.exit_code == 0, result.output
    assert 'class="claim"' in page.read_text(encoding="utf-8")
    docs = []
    for i in range(2):
        p = tmp_path / f"a{i}.txt"
        p.write_text(f"Mexico agreed to buy ${i + 1} billion of corn.", encoding="utf-8")
        docs.append(str(p))
    out = tmp_path / "out.jsonl"
    assert runner.invoke(app, ["extract", *docs, "-o", str(out)]).exit_code == 0
    site = tmp_path / "site"
    assert runner.invoke(app, ["render", str(out), "-o", str(site)]).exit_code == 0
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.count("<a href=") == 2 and (site / "article-00002.html").exists()


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_review_page_in_a_real_browser(
    golden_result: ArticleExtraction, golden_text: str, tmp_path: Path
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    page_path = tmp_path / "review.html"
    page_path.write_text(render_html(golden_result, golden_text), encoding="utf-8")
    _html, highlights = highlighted_text(golden_text, golden_result)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(page_path.as_uri())
            assert page.locator("tr.claim").count() == len(golden_result.claims)
            assert page.locator("mark[data-cat]").count() == highlights
            assert page.locator("#money-chart g.bar").count() == len(golden_result.money)
            claim = golden_result.claims[-1]
            page.locator(f"#row-{claim.id}").click()
            active = page.locator(".sent.active")
            assert active.count() == 1
            assert active.get_attribute("id") == f"s-{claim.sentence.start}"
            assert active.inner_text() == claim.sentence.text
            assert active.is_visible()
            page.screenshot(path=str(ARTIFACTS / "review-golden.png"))
        finally:
            browser.close()
    assert (ARTIFACTS / "review-golden.png").stat().st_size > 10_000
