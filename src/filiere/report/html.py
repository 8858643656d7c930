"""The case report: one self-contained HTML file (inline CSS and SVG, no network), French or English.

Who reads it: a prosecutor, an investigator abroad, a trainer - on a laptop with no connection, or on paper.
So nothing is fetched (no CDN, no font, no image file), the link chart is inline SVG that displays with
scripts disabled (a few lines of script only highlight a node's links on hover), and every fact cites the
number of its evidence, listed with its file name at the end. No date of writing is printed: the report of
the same data is the same bytes, so two copies can be compared with a checksum. Every text that comes
from the evidence is escaped: a name written `<script>` in a transcript is shown, never run.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from filiere.cases import Case
from filiere.i18n import current_language, set_language
from filiere.report import sections as sections_
from filiere.report.chart import ChartEdge, ChartNode, legend, svg
from filiere.report.gather import ReportData, gather
from filiere.report.labels import TEXT, language_of, role_name
from filiere.workspace import Workspace

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


def write_case_report(ws: Workspace, case: Case, out: Path, language: str) -> Path:
    """Write the case's report in `language` ("fr" or "en") to `out`; returns the file written.

    `out` may be a folder: the file is then `<case>-report.html` in it.
    """
    out = Path(out)
    if out.is_dir():
        out = out / f"{case.slug}-report.html"
    language = language_of(language)
    before = current_language()
    set_language(language)  # the analysis writes its summaries and reasons in the interface language
    try:
        page = render(gather(ws, case), language)
    finally:
        set_language(before)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(page)
    return out


def render(data: ReportData, language: str) -> str:
    """The whole HTML page for `data` (no I/O)."""
    t = TEXT[language]
    case = data.case
    chart_nodes, chart_edges, hidden = chart_parts(data, language)
    sections = [
        ("key-players", t["key_players"], sections_.key_players(data, language)),
        ("chart", t["chart"], _chart(chart_nodes, chart_edges, hidden, language)),
        ("roles", t["roles"], sections_.roles(data, language)),
        ("cells", t["communities"], sections_.cells(data, language)),
        ("phones", t["phones"], sections_.phones(data, language)),
        ("route", t["route"], sections_.route(data, language)),
        ("timeline", t["timeline"], sections_.timeline(data, language)),
        ("evidence", t["evidence_list"], sections_.evidence_list(data, language)),
    ]
    linked = sum(1 for n in chart_nodes if n.kind == "person")
    summary = t["summary"].format(
        people=linked,
        links=len(chart_edges),
        numbers=len(chart_nodes) - linked,
        evidence=len(data.evidence),
    )
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{language}">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(t['title'])} — {escape(case.title or case.slug)}</title>",
        f"<style>{CSS}</style></head>",
        "<body>",
        f"<h1>{escape(case.title or case.slug)}</h1>",
        f'<p class="sub">{escape(t["title"])} · {escape(t["case"])} <code>{escape(case.slug)}</code>'
        + (f" · {escape(t['country'])} {escape(case.country)}" if case.country else "")
        + "</p>",
    ]
    if data.generated:
        head.append(f'<p class="banner" role="note">{escape(t["generated_banner"])}</p>')
    head.append(f"<p>{escape(summary)}</p>")
    head.append(
        f"<nav><h3>{escape(t['contents'])}</h3><ol>"
        + "".join(f'<li><a href="#{anchor}">{escape(title)}</a></li>' for anchor, title, _b in sections)
        + "</ol></nav>"
    )
    body = [
        f'<section id="{anchor}"><h2>{escape(title)}</h2>\n{html}</section>'
        for anchor, title, html in sections
    ]
    tail = [f'<p class="muted">{escape(t["footer"])}</p>', f"<script>{SCRIPT}</script>", "</body></html>", ""]
    return "\n".join(head + body + tail)


def chart_parts(data: ReportData, language: str) -> tuple[list[ChartNode], list[ChartEdge], int]:
    """The chart's nodes (people with links, and the numbers and labels that link them) and typed edges,
    and how many numbers were left out: a number in touch with one person only (a shop, a relative) says
    nothing about the network and would bury it, as an analyst's chart leaves it out (the numbers table
    lists it)."""
    network = data.network
    edges = [
        ChartEdge(e.source, e.target, kind, e.weight, tuple(sorted(i for i in e.evidence if i)))
        for (_a, _b, kind), e in sorted(network.edges.items())
        if e.source != e.target
    ]
    people = {f"p{p['id']}": p for p in data.analysis["people"]}
    neighbours: dict[str, set[str]] = {}
    for e in edges:
        neighbours.setdefault(e.a, set()).add(e.b)
        neighbours.setdefault(e.b, set()).add(e.a)
    leaves = {n for n, near in neighbours.items() if n not in people and n.startswith("n") and len(near) == 1}
    edges = [e for e in edges if e.a not in leaves and e.b not in leaves]
    ends = {e.a for e in edges} | {e.b for e in edges} | {n for n in neighbours if n in people}
    subscribers = {
        p["number"]: people.get(f"p{p['subscriber']}", {}).get("name") for p in data.analysis["phones"]
    }
    nodes = []
    for node in sorted(ends):
        score = data.scores.get(node, 0.0)
        if node in people:
            p = people[node]
            tooltip = " — ".join(
                x
                for x in (
                    p["name"] + (f" ({', '.join(p['aliases'])})" if p["aliases"] else ""),
                    role_name(p["role"], language),
                    f"#{p['rank']}" if p["rank"] else "",
                    ", ".join(p["phones"]),
                )
                if x
            )
            nodes.append(ChartNode(node, "person", p["name"], p["role"], score, tooltip))
        elif node.startswith("n"):
            number = node[1:]
            owner = subscribers.get(number)
            label = number + (f" — {TEXT[language]['subscriber']}: {owner}" if owner else "")
            nodes.append(ChartNode(node, "number", number, "unknown", score, label))
        else:
            nodes.append(ChartNode(node, "other", node[1:], "unknown", score, node[1:]))
    return nodes, edges, len(leaves)


def _chart(nodes: list[ChartNode], edges: list[ChartEdge], hidden: int, language: str) -> str:
    t = TEXT[language]
    if not edges and not hidden:
        return f"<p>{escape(t['chart_empty'])}</p>"
    left_out = f" {t['leaves_hidden'].format(n=hidden)}" if hidden else ""
    return (
        f"<p>{escape(t['chart_intro'] + left_out)}</p>"
        f'<div class="chartbox"><div class="chartwrap">{svg(nodes, edges, language)}</div>'
        f"{legend(nodes, edges, language)}</div>"
    )
