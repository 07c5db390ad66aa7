"""The HTML review page: escaping, every highlight and claim row, and a real browser click."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tradeclaims import ArticleExtraction, Extractor
from tradeclaims.cli import app
from tradeclaims.outputs.render import highlighted_text, render_html

from ..conftest import FIXTURES, GOLDEN_ID, ROOT

ARTIFACTS = ROOT / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


#: Elements of the page whose content is wider than their box (clipped or spilling over).
_OVERFLOWING = """
Array.from(document.querySelectorAll('#side, #side *, #text, #text h1, #text p')).filter(function(e){
  return e.scrollWidth > e.clientWidth + 1;
}).map(function(e){ return e.tagName + '#' + e.id + '.' + e.className; })
"""


def _in_view(page, selector: str) -> bool:  # type: ignore[no-untyped-def]
    return bool(
        page.evaluate(
            "s => { const r = document.querySelector(s).getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= window.innerHeight; }",
            selector,
        )
    )


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
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(page_path.as_uri())
            assert page.locator("tr.claim").count() == len(golden_result.claims)
            assert page.locator("mark[data-cat]").count() == highlights
            assert page.locator("#money-chart .bar").count() == len(golden_result.money)
            # issue #15: at 1280 px nothing is clipped or overflows its box ...
            assert page.evaluate(_OVERFLOWING) == []
            assert page.evaluate("document.documentElement.scrollWidth") <= 1280
            # ... the money labels are readable (they were about 9 px) ...
            sizes = page.eval_on_selector_all(
                "#money-chart .label",
                "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))",
            )
            assert sizes and min(sizes) >= 12
            # ... and a click scrolls the article pane only: the row stays where it was
            claim = golden_result.claims[-1]
            row = page.locator(f"#row-{claim.id}")
            row.scroll_into_view_if_needed()
            before = row.bounding_box()
            row.click()
            active = page.locator(".sent.active")
            assert active.count() == 1
            assert active.get_attribute("id") == f"s-{claim.sentence.start}"
            assert active.inner_text() == claim.sentence.text
            assert _in_view(page, f"#s-{claim.sentence.start}")
            assert page.evaluate("window.scrollY") == 0
            assert row.bounding_box() == before
            assert page.evaluate("document.getElementById('text').scrollTop") > 0
            page.screenshot(path=str(ARTIFACTS / "review-golden.png"))
        finally:
            browser.close()
    assert (ARTIFACTS / "review-golden.png").stat().st_size > 10_000


# -- issue #15: review pages for every batch --------------------------------------------------

FRONT = "---\nsource: http://example.com/a\npublished: 2018-12-03\n---\n\nHealthy ties\n\nChina agreed on Monday to cut tariffs on soybeans by $5 billion.\n"


def _batch(tmp_path: Path, inputs: list[str], *extra: str) -> Path:
    out = tmp_path / "out.jsonl"
    args = ["batch", *inputs, "-o", str(out), "--workers", "1", "--no-progress", *extra]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize(
    ("inputs", "extra"),
    [
        # file inputs given as relative paths, rendered from another folder
        (["in/a.txt", "in/b.txt"], []),
        (["in"], ["--keep-text"]),
        # JSONL-record inputs: no file holds the text alone
        (["in/records.jsonl"], []),
    ],
)
def test_render_a_batch_from_another_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inputs: list[str], extra: list[str]
) -> None:
    """Why #2: every index entry said 'article text not found at its source', exit 0."""
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt"):
        (tmp_path / "in" / name).write_text(FRONT.replace("soybeans", name), encoding="utf-8")
    records = [{"id": f"r{i}", "text": FRONT.split("---\n\n")[1] + str(i)} for i in range(2)]
    (tmp_path / "in" / "records.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    out = _batch(tmp_path, inputs, *extra)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = CliRunner().invoke(app, ["render", str(out), "-o", "review"])
    assert result.exit_code == 0, result.output
    pages = sorted((elsewhere / "review").glob("article-*.html"))
    assert len(pages) == len(out.read_text(encoding="utf-8").splitlines())
    assert "not found" not in (elsewhere / "review" / "index.html").read_text(encoding="utf-8")
    assert "wrote" in result.output and "review" in result.output


def test_render_says_which_texts_are_missing_and_fails(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(FRONT, encoding="utf-8")
    out = _batch(tmp_path, [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    (tmp_path / "b.txt").write_text(FRONT + "edited\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["render", str(out), "-o", str(tmp_path / "review")])
    assert result.exit_code == 1
    assert "b.txt" in result.output and "changed since it was extracted" in result.output
    assert len(list((tmp_path / "review").glob("article-*.html"))) == 1


def test_front_matter_headline_titles_the_index(tmp_path: Path) -> None:
    """Why #3: the index listed every modern article under its header line ('---')."""
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(FRONT.replace("soybeans", name), encoding="utf-8")
    out = _batch(tmp_path, [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    CliRunner().invoke(app, ["render", str(out), "-o", str(tmp_path / "review")])
    index = (tmp_path / "review" / "index.html").read_text(encoding="utf-8")
    assert index.count(">Healthy ties</a>") == 2 and "---" not in index


def test_claims_table_shows_what_changes_a_claims_reading(extractor: Extractor) -> None:
    """Why #3: no trigger, negation, condition, attribution: 'won't negotiate' read as a
    commitment."""
    text = "Japan will not negotiate on rice tariffs unless the United States lifts its sanctions, the ministry said."
    result = extractor(text, published="1987-03-02")
    page = render_html(result, text)
    head = re.search(r'<table id="claims">.*?</tr>', page, re.S)
    assert head is not None
    assert re.findall(r"<th>(\w+)</th>", head.group()) == [
        "id", "kind", "trigger", "actors", "targets", "action", "date", "attribution",
    ]  # fmt: skip
    row = re.search(r'<tr class="claim".*?</tr>', page, re.S)
    assert row is not None
    assert '<span class="badge negated"' in row.group() and ">will not negotiate<" in row.group()
    assert ">unless the United States lifts its sanctions</span>" in row.group()


def test_tooltips_name_the_category_once(
    golden_result: ArticleExtraction, golden_text: str
) -> None:
    """Why #3: tooltips read 'date: date: <value>'."""
    html, _ = highlighted_text(golden_text, golden_result)
    titles = re.findall(r'data-cat="date"[^>]*title="([^"]*)"', html)
    assert titles and "date: 2026-01-28" in titles
    assert not [t for t in titles if t.startswith("date: date")]


# -- issue 13: a results file from someone else cannot be turned against its reader ----------

HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def test_hostile_ids_and_names_are_escaped_everywhere(extractor: Extractor) -> None:
    text = "Mexico agreed to buy $5 billion of corn, the ministry said."
    result = extractor(text)
    assert result.claims and result.money
    data = result.model_dump(mode="json")
    data["claims"][0]["id"] = HOSTILE
    data["money"][0]["id"] = HOSTILE
    data["money"][0]["part_of"] = HOSTILE
    data["article"]["id"] = HOSTILE + "0" * 64
    data["places"][0]["id"] = HOSTILE
    page = render_html(ArticleExtraction.model_validate(data), text)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert page.count("<script") == 1  # the page's own click handler only
    assert 'id="row-&quot;&gt;&lt;script&gt;' in page


def test_the_csp_allows_no_inline_script_or_style_but_the_pages_own() -> None:
    import base64
    import hashlib

    from tradeclaims.outputs.render import _CSS, _JS, CSP

    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP
    for source in (_CSS, _JS):
        digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in CSP


def test_no_inline_style_attributes(golden_result: ArticleExtraction, golden_text: str) -> None:
    # without 'unsafe-inline' a style="" attribute would be ignored: colours come from classes
    page = render_html(golden_result, golden_text)
    assert "style=" not in page


def _jsonl_with_source(tmp_path: Path, extractor: Extractor, text: str, source: str) -> Path:
    result = extractor(text, source=source)
    out = tmp_path / "results.jsonl"
    out.write_bytes(result.model_dump_json().encode() + b"\n")
    return out


def test_render_reads_no_file_but_the_articles_own(tmp_path: Path, extractor: Extractor) -> None:
    # a record naming /etc/passwd with its hash as article id: the file was embedded
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    results = _jsonl_with_source(tmp_path, extractor, secret.read_text(), str(secret))
    site = tmp_path / "site"
    runner = CliRunner()
    outside = runner.invoke(
        app, ["render", str(results), "-o", str(site), "--text-root", str(tmp_path / "corpus")]
    )
    assert outside.exit_code == 1, outside.output  # a text not at hand: said, and non-zero
    assert not list(site.glob("article-*.html"))
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "root:x:0" not in index and "TC110" in index and "text-root" in index


def test_render_refuses_devices_and_mismatched_texts(tmp_path: Path, extractor: Extractor) -> None:
    runner = CliRunner()
    for source in ("/dev/zero", str(FIXTURES / f"{GOLDEN_ID}.txt")):
        results = _jsonl_with_source(tmp_path, extractor, "Canada urged Japan to act.", source)
        site = tmp_path / f"site{len(source)}"
        done = runner.invoke(app, ["render", str(results), "-o", str(site)])
        assert done.exit_code == 1, done.output  # a text not at hand: said, and non-zero
        index = (site / "index.html").read_text(encoding="utf-8")
        assert "TC110" in index
        assert ("not a regular file" if source == "/dev/zero" else "hash differs") in index


def test_render_inside_the_text_root(tmp_path: Path, extractor: Extractor) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "Canada urged Japan to cut tariffs."
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    results = _jsonl_with_source(tmp_path, extractor, text, "a.txt")  # relative to the root
    site = tmp_path / "site"
    done = CliRunner().invoke(
        app, ["render", str(results), "-o", str(site), "--text-root", str(corpus)]
    )
    assert done.exit_code == 0, done.output
    assert 'class="claim"' in site.read_text(encoding="utf-8")  # one article: one page


@pytest.mark.parametrize(
    "line",
    [b"5", b'"str"', b'{"article":{"id":"x"}}', b'{"id":"a","text":"Canada urged Japan."}'],
)
def test_render_of_a_malformed_line_is_a_coded_error(tmp_path: Path, line: bytes) -> None:
    results = tmp_path / "bad.jsonl"
    results.write_bytes(line + b"\n")
    done = CliRunner().invoke(app, ["render", str(results), "-o", str(tmp_path / "site")])
    assert done.exit_code == 1
    assert "TC109" in done.output and "Traceback" not in done.output
    assert done.exception is None or isinstance(done.exception, SystemExit)


def test_render_to_an_unwritable_place_fails_before_extracting(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Canada urged Japan to act.", encoding="utf-8")
    done = CliRunner().invoke(app, ["render", str(text), "-o", str(tmp_path)])  # a folder
    assert done.exit_code == 1 and "TC401" in done.output, done.output
