"""The case report as one self-contained HTML file (inline CSS, SVG and images; no network).

Who reads it: a prosecutor, an investigator abroad, a trainer - on a laptop with no connection, or on paper.
So nothing is fetched (no CDN, no font, no image file: the route map is a data: URI), the link chart is
inline SVG that displays with scripts disabled (a few lines of script only highlight a node's links on
hover), and every fact cites the number of its evidence, a link to its row in the evidence index. No date
of writing is printed: the report of the same data is the same bytes, so two copies can be compared with a
checksum. Every text is escaped: a name written `<script>` in a transcript is shown, never run.
"""

from __future__ import annotations

import base64
from html import escape

from filiere.report.build import build_document
from filiere.report.chart import legend, svg
from filiere.report.document import (
    Banner,
    Block,
    Break,
    Bullets,
    Chart,
    Cite,
    Document,
    Heading,
    Image,
    Paragraph,
    Quote,
    Runs,
    Table,
    Text,
)
from filiere.report.figure import chart_parts
from filiere.report.gather import ReportData

__all__ = ["chart_parts", "render", "render_document"]

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c2833;margin:0 auto;
max-width:1200px;padding:0 24px 40px}
h1{font-size:24px;margin:24px 0 4px}h2{font-size:19px;margin:32px 0 8px;border-bottom:2px solid #d5d8dc}
h3{font-size:14px;margin:10px 0 4px}.sub{color:#566573;margin:0 0 12px}
.banner{background:#fdebd0;border:1px solid #e59866;padding:8px 12px;font-weight:600;margin:12px 0}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border:1px solid #d5d8dc;padding:4px 6px;
text-align:left;vertical-align:top}th{background:#f2f3f4}td.n{text-align:right;white-space:nowrap}
.nowrap{white-space:nowrap}.muted{color:#7b7d7d}nav ol{columns:2}
.chartbox{display:flex;gap:16px;align-items:flex-start}.chartwrap{flex:1;overflow:auto;border:1px solid
#d5d8dc}.chartwrap svg{display:block;max-width:100%;height:auto}.legend{min-width:200px}
.legend ul{list-style:none;padding:0;margin:0}.legend li{margin:2px 0}.dot{display:inline-block;width:12px;
height:12px;border-radius:50%;vertical-align:middle}.dot.small{width:7px;height:7px;border:1px solid
#566573;background:#fff;margin:0 3px}
.hint{margin:4px 0 8px 25px;color:#566573;font-style:italic}
blockquote{margin:4px 0 8px 12px;padding-left:10px;border-left:3px solid #d5d8dc}
svg.focus .edge{opacity:.08}svg.focus .node{opacity:.25}svg.focus .on{opacity:1}
td.mono code{word-break:break-all;font-size:12px}figure{margin:8px 0}figure img{max-width:100%;
border:1px solid #d5d8dc}figcaption{color:#566573;font-size:13px}h4{font-size:13px;margin:8px 0 4px}
@media print{.chartwrap{overflow:visible;border:0}nav{display:none}}
"""

SCRIPT = """
(function(){var s=document.querySelector('svg.chart');if(!s)return;var l=s.querySelectorAll('.edge');
s.querySelectorAll('.node').forEach(function(n){var id=n.getAttribute('data-id');
n.addEventListener('mouseenter',function(){s.classList.add('focus');n.classList.add('on');
l.forEach(function(e){var a=e.getAttribute('data-a'),b=e.getAttribute('data-b');if(a===id||b===id){
e.classList.add('on');var o=s.querySelector('.node[data-id="'+(a===id?b:a)+'"]');
if(o)o.classList.add('on');}});});
n.addEventListener('mouseleave',function(){s.classList.remove('focus');
s.querySelectorAll('.on').forEach(function(e){e.classList.remove('on');});});});})();
"""


def render(data: ReportData, language: str) -> str:
    """The whole HTML page for `data` (no I/O)."""
    return render_document(build_document(data, language))


def render_document(doc: Document) -> str:
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{doc.language}">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(doc.kind)} — {escape(doc.title)}</title>",
        f"<style>{CSS}</style></head>",
        "<body>",
        f'<p class="muted">{escape(doc.mark)}</p>',
        f"<h1>{escape(doc.title)}</h1>",
        f'<p class="sub">{escape(doc.meta)}</p>',
    ]
    if doc.banner:
        head.append(_block(Banner(doc.banner), doc.language))
    head.append(f"<p>{escape(doc.summary)}</p>")
    head.append(
        f"<nav><h3>{escape(doc.contents)}</h3><ol>"
        + "".join(f'<li><a href="#{s.anchor}">{escape(s.title)}</a></li>' for s in doc.sections)
        + "</ol></nav>"
    )
    body = [
        f'<section id="{s.anchor}"><h2>{escape(s.title)}</h2>\n'
        + "\n".join(_block(b, doc.language) for b in s.blocks)
        + "</section>"
        for s in doc.sections
    ]
    tail = [f'<p class="muted">{escape(doc.footer)}</p>', f"<script>{SCRIPT}</script>", "</body></html>", ""]
    return "\n".join(head + body + tail)


def inline(runs: Runs) -> str:
    out = []
    for run in runs:
        if isinstance(run, Cite):
            out.append(
                ", ".join(f'<a href="#ev-{r.id}" title="{escape(r.name)}">#{r.id}</a>' for r in run.refs)
            )
        elif isinstance(run, Break):
            out.append("<br>")
        else:
            out.append(_text(run))
    return "".join(out)


def _text(run: Text) -> str:
    html = escape(run.text)
    if run.mono:
        html = f"<code>{html}</code>"
    if run.bold:
        html = f"<strong>{html}</strong>"
    if run.italic:
        html = f"<em>{html}</em>"
    classes = " ".join(c for c, on in (("muted", run.muted), ("nowrap", run.nowrap)) if on)
    if classes or run.anchor:
        anchor = f' id="{escape(run.anchor)}"' if run.anchor else ""
        cls = f' class="{classes}"' if classes else ""
        html = f"<span{anchor}{cls}>{html}</span>"
    return html


def _block(block: Block, language: str) -> str:
    if isinstance(block, Heading):
        tag = "h3" if block.level <= 2 else "h4"
        anchor = f' id="{escape(block.anchor)}"' if block.anchor else ""
        return f"<{tag}{anchor}>{escape(block.text)}</{tag}>"
    if isinstance(block, Paragraph):
        if block.style == "lead":
            return f"<p><strong>{inline(block.runs)}</strong></p>"
        cls = f' class="{block.style}"' if block.style in ("muted", "hint") else ""
        return f"<p{cls}>{inline(block.runs)}</p>"
    if isinstance(block, Quote):
        return f"<blockquote>{inline(block.runs)}</blockquote>"
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{inline(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, Banner):
        return f'<p class="banner" role="note">{escape(block.text)}</p>'
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Image):
        data = base64.b64encode(block.png).decode("ascii")
        return (
            f'<figure><img src="data:image/png;base64,{data}" alt="{escape(block.caption)}">'
            f"<figcaption>{escape(block.caption)}</figcaption></figure>"
        )
    if isinstance(block, Chart):
        return (
            f"<p>{escape(block.intro)}</p>"
            f'<div class="chartbox"><div class="chartwrap">{svg(block.nodes, block.edges, language)}</div>'
            f"{legend(block.nodes, block.edges, language)}</div>"
        )
    raise TypeError(block)  # pragma: no cover - the model has no other block


def _table(table: Table) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    rows = []
    for row in table.rows:
        cells = []
        for i, cell in enumerate(row):
            cls = " ".join(c for c, on in (("n", i in table.numeric), ("mono", i in table.mono)) if on)
            cells.append(f'<td class="{cls}">{inline(cell)}</td>' if cls else f"<td>{inline(cell)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>\n")
    return f"<table><thead><tr>{head}</tr></thead><tbody>\n{''.join(rows)}</tbody></table>"
