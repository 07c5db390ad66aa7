"""A self-contained HTML review page per article: the text with every extracted span
highlighted, the claims table (click a row to see its evidence), the entities, and the money
figures as a chart of their breakdowns.

Every string that reaches a page comes from a result that may have been written by someone
else, so every one is escaped for its context (text or a quoted attribute; the page embeds no
data inside its script), and the Content-Security-Policy runs no script and applies no style
but the page's own, named by their SHA-256 hashes: no ``'unsafe-inline'``."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from ..schema import ENTITY_LISTS, Agreement, ArticleExtraction, Claim, Money, Organization

COLORS = {
    "person": "#ffd6a5",
    "organization": "#caffbf",
    "place": "#9bf6ff",
    "agreement": "#bdb2ff",
    "date": "#fdffb6",
    "money": "#ffadad",
    "percentage": "#ffc6ff",
    "quantity": "#e4c1f9",
}

# The article and the side panel scroll on their own (the page itself does not), so that a
# click on a claim moves the article only; tables wrap rather than clip (fixed layout).
#: Widths (percent) of the claims table's columns: id, kind, trigger, actors, targets, action,
#: date, attribution.
CLAIM_COLUMN_WIDTHS = (6, 13, 10, 13, 12, 26, 9, 11)
#: Deepest indent of a money figure nested by part_of in the chart.
MAX_DEPTH = 8
_CSS = """
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,sans-serif;margin:0;display:flex;gap:20px;padding:0 16px;color:#222;height:100vh;overflow:hidden}
#text{flex:1 1 42%;min-width:0;height:100vh;overflow:auto;white-space:pre-wrap;padding:12px 4px 40vh 0}
#side{flex:1 1 58%;min-width:0;height:100vh;overflow:auto;padding:12px 0 24px}
mark{border-radius:3px;padding:0 1px}
mark[data-cat]{cursor:help}
.sent.active{outline:3px solid #e63946;background:#fff0f0}
table{border-collapse:collapse;width:100%;margin-bottom:18px;font-size:13px;table-layout:fixed}
td,th{border:1px solid #ddd;padding:3px 5px;vertical-align:top;text-align:left;overflow-wrap:break-word;hyphens:auto}
tr.claim{cursor:pointer} tr.claim:hover{background:#eef}
.badge{display:inline-block;margin:1px 2px 0 0;padding:0 4px;border-radius:3px;font-size:11px;background:#e9ecef}
.badge.negated{background:#e63946;color:#fff} .badge.condition{background:#ffb703} .badge.hedged{background:#cdb4db}
q{font-style:italic}
.legend span{display:inline-block;padding:0 6px;margin:2px;border-radius:3px;font-size:12px}
h1{font-size:20px;white-space:normal} h2{font-size:16px;margin:14px 0 6px}
#money-chart .bar{position:relative;margin:2px 0;min-height:20px;font-size:13px}
#money-chart .fill{position:absolute;left:0;top:2px;height:16px;background:#ffadad;border-radius:2px}
#money-chart .label{position:relative;padding-left:4px;overflow-wrap:anywhere}
"""
# colours, the claims table's column widths, the money bars' widths and indents: classes, since
# the CSP applies no style="" attribute
_CSS += "".join(f".c-{kind}{{background:{color}}}\n" for kind, color in COLORS.items())
_CSS += "".join(
    f"#claims col:nth-child({i}){{width:{w}%}}\n" for i, w in enumerate(CLAIM_COLUMN_WIDTHS, 1)
)
_CSS += "".join(f"#money-chart .w-{n}{{width:{n}%}}\n" for n in range(101))
_CSS += "".join(f"#money-chart .d-{n}{{margin-left:{n * 18}px}}\n" for n in range(MAX_DEPTH + 1))
_JS = """
document.querySelectorAll('tr.claim').forEach(function(row){
  row.addEventListener('click', function(){
    document.querySelectorAll('.sent.active').forEach(function(s){s.classList.remove('active');});
    var target = document.getElementById(row.dataset.sentence);
    if (!target) { return; }
    target.classList.add('active');
    var pane = document.getElementById('text');
    var top = target.getBoundingClientRect().top - pane.getBoundingClientRect().top;
    pane.scrollTo({top: pane.scrollTop + top - pane.clientHeight / 3});
  });
});
"""


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


#: No 'unsafe-inline': only the page's own style element and script run.
CSP = (
    f"default-src 'none'; img-src data:; style-src {_csp_hash(_CSS)}; "
    f"script-src {_csp_hash(_JS)}; base-uri 'none'; form-action 'none'"
)
_CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{escape(CSP, quote=True)}">'


def _a(value: object) -> str:
    """A value escaped for a double-quoted attribute (and for text)."""
    return escape(str(value), quote=True)


@dataclass(order=True)
class _Mark:
    start: int
    neg_end: int  # longer spans first among those starting together: they are the outer ones
    kind: str
    label: str
    ident: str


def _marks(result: ArticleExtraction) -> list[_Mark]:
    marks: list[_Mark] = []
    for key, cat in ENTITY_LISTS.items():
        for ent in getattr(result, key):
            for m in ent.mentions:
                marks.append(_Mark(m.start, -m.end, cat, ent.name, ent.id))
    for d in result.dates:
        label = str(d.value) if d.kind == "date" else f"{d.value} ({d.kind})"
        marks.append(_Mark(d.start, -d.end, "date", label, ""))
    for f in result.money:
        marks.append(_Mark(f.start, -f.end, "money", f"{f.currency} {f.amount}", f.id))
    for p in result.percentages:
        marks.append(_Mark(p.start, -p.end, "percentage", f"{p.value}%", ""))
    for q in result.quantities:
        marks.append(_Mark(q.start, -q.end, "quantity", f"{q.value} {q.unit or ''}", ""))
    seen: set[int] = set()
    for c in result.claims:
        if c.sentence.start not in seen:
            seen.add(c.sentence.start)
            marks.append(
                _Mark(c.sentence.start, -c.sentence.end, "sentence", "", f"s-{c.sentence.start}")
            )
    return sorted(marks)


def highlighted_text(text: str, result: ArticleExtraction) -> tuple[str, int]:
    """The escaped text with nested marks; returns the HTML and the number of highlights.
    A span that crosses another's boundary (rare) is left out rather than break nesting."""
    out: list[str] = []
    stack: list[tuple[int, str]] = []  # (end offset, closing tag) of open elements
    pos = 0
    count = 0

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1][0] <= limit:
            end, tag = stack.pop()
            out.append(escape(text[pos:end]))
            out.append(tag)
            pos = end

    for mark in _marks(result):
        end = -mark.neg_end
        close_until(mark.start)
        if stack and end > stack[-1][0]:
            continue  # crosses the enclosing span
        out.append(escape(text[pos : mark.start]))
        pos = mark.start
        if mark.kind == "sentence":
            out.append(f'<span class="sent" id="{_a(mark.ident)}">')
            stack.append((end, "</span>"))
            continue
        title = escape(f"{mark.kind}: {mark.label}", quote=True)
        out.append(
            f'<mark data-cat="{mark.kind}" data-start="{mark.start}" data-end="{end}" '
            f'data-id="{_a(mark.ident)}" title="{title}" class="c-{mark.kind}">'
        )
        stack.append((end, "</mark>"))
        count += 1
    close_until(len(text))
    out.append(escape(text[pos:]))
    return "".join(out), count


def _money_chart(money: list[Money]) -> str:
    """Horizontal bars, each total then its parts indented beneath it; HTML, so that the
    labels keep the page's font size at any panel width (an SVG scaled down shrank them)."""
    if not money:
        return "<p>No money figures.</p>"
    children: dict[str | None, list[Money]] = {}
    for m in money:
        children.setdefault(m.part_of, []).append(m)
    biggest = max(m.amount for m in money) or Decimal(1)
    rows: list[str] = []

    def walk(parent: str | None, depth: int) -> None:
        for m in children.get(parent, []):
            share = max(0.5, float(100 * m.amount / biggest))
            label = escape(f"{m.text} {m.measure or ''}".strip())
            flag = " ⚠ parts exceed total" if m.flags else ""
            rows.append(
                f'<div class="bar d-{min(depth, MAX_DEPTH)}" data-id="{_a(m.id)}" data-part-of="{_a(m.part_of or "")}">'
                f'<div class="fill w-{round(share)}"></div>'
                f'<span class="label">{label}{flag}</span></div>'
            )
            walk(m.id, depth + 1)

    walk(None, 0)
    return f'<div id="money-chart">{"".join(rows)}</div>'


def _badges(claim: Claim) -> str:
    """What changes a claim's reading: 'won't negotiate' is no commitment."""
    out = []
    if claim.negated:
        out.append('<span class="badge negated" title="negated">not</span>')
    if claim.modality:
        out.append(f'<span class="badge modality" title="modality">{escape(claim.modality)}</span>')
    if claim.condition:
        out.append(
            f'<span class="badge condition" title="condition">{escape(claim.condition)}</span>'
        )
    if claim.hedged:
        out.append('<span class="badge hedged" title="hedged">hedged</span>')
    return "".join(out)


def _claim_row(c: Claim) -> str:
    action = escape(c.action.text) if c.action else ""
    if c.quote and not (
        c.action and c.action.start <= c.quote.start and c.quote.end <= c.action.end
    ):
        action += f" <q>{escape(c.quote.text)}</q>"
    return (
        f'<tr class="claim" id="row-{_a(c.id)}" data-sentence="s-{c.sentence.start}">'
        f"<td>{escape(c.id)}</td><td>{escape(c.kind)}<br>{_badges(c)}</td><td>{escape(c.trigger.text)}</td>"
        f"<td>{escape(', '.join(c.actors))}</td><td>{escape(', '.join(c.targets))}</td>"
        f"<td>{action}</td><td>{escape(c.date or '')}</td><td>{escape(c.source or '')}</td></tr>"
    )


def render_html(result: ArticleExtraction, text: str) -> str:
    """The review page of one article."""
    body, _count = highlighted_text(text, result)
    title = escape(result.article.title or result.article.source or result.article.id[:12])
    legend = "".join(f'<span class="c-{k}">{k}</span>' for k in COLORS)
    claim_rows = "".join(_claim_row(c) for c in result.claims)
    people = "".join(
        f"<tr><td>{escape(p.name)}</td><td>{escape('; '.join(p.titles))}</td>"
        f"<td>{escape(p.affiliation or '')}</td><td>{escape(p.country or '')}</td><td>{len(p.mentions)}</td></tr>"
        for p in result.people
    )
    named: list[Organization | Agreement] = [*result.organizations, *result.agreements]
    orgs = "".join(
        f"<tr><td>{escape(o.name)}</td><td>{escape('; '.join(o.aliases))}</td><td>{len(o.mentions)}</td></tr>"
        for o in named
    )
    meta = result.article
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
{_CSP_META}
<title>{title}</title><style>{_CSS}</style></head>
<body>
<div id="text"><h1>{title}</h1>
<p>published {escape(str(meta.published or "unknown"))} ({escape(meta.published_source)}) · {meta.char_count} characters · id {escape(meta.id[:12])}</p>
<div class="legend">{legend}</div>
<div id="article">{body}</div></div>
<div id="side">
<h2>Claims ({len(result.claims)})</h2>
<table id="claims"><colgroup><col><col><col><col><col><col><col><col></colgroup>
<tr><th>id</th><th>kind</th><th>trigger</th><th>actors</th><th>targets</th><th>action</th><th>date</th><th>attribution</th></tr>{claim_rows}</table>
<h2>People</h2>
<table id="people"><tr><th>name</th><th>titles</th><th>affiliation</th><th>country</th><th>mentions</th></tr>{people}</table>
<h2>Organizations and agreements</h2>
<table id="organizations"><tr><th>name</th><th>aliases</th><th>mentions</th></tr>{orgs}</table>
<h2>Money</h2>
{_money_chart(result.money)}
</div>
<script>{_JS}</script>
</body></html>
"""


def render_index(pages: list[tuple[str, ArticleExtraction | None, str | None]]) -> str:
    """An index page linking the article pages: (file name, result, error message)."""
    items = []
    for name, result, error in pages:
        if result is None:
            items.append(f"<li>{escape(name)}: <em>{escape(error or 'failed')}</em></li>")
        else:
            label = escape(result.article.title or result.article.source or result.article.id[:12])
            counts = f"{len(result.claims)} claims, {len(result.money)} money figures"
            items.append(f'<li><a href="{escape(name, quote=True)}">{label}</a> · {counts}</li>')
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{_CSP_META}<title>tradeclaims review</title>'
        f"<style>{_CSS}</style></head><body><div><h1>tradeclaims review: {len(pages)} articles</h1>"
        f"<ol>{''.join(items)}</ol></div></body></html>\n"
    )
