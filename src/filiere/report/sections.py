"""The report's sections as HTML fragments: key players, roles, cells, numbers, route, timeline, evidence.

Each function takes the gathered data and the report language and returns escaped HTML. Evidence is cited
as "#12", a link to its row in the evidence list at the end of the report (its file name on hover).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from filiere.report.gather import ReportData
from filiere.report.labels import TEXT, role_name


def cite(data: ReportData, ids: Iterable[int]) -> str:
    out = []
    for i in sorted({i for i in ids if i is not None}):
        _kind, name = data.evidence.get(i, ("", ""))
        out.append(f'<a href="#ev-{i}" title="{escape(name)}">#{i}</a>')
    return ", ".join(out)


def table(headers: list[str], rows: list[list[str]], numeric: Iterable[int] = ()) -> str:
    """`rows` hold HTML already escaped; `numeric` columns are right-aligned."""
    right = set(numeric)
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="n">{c}</td>' if i in right else f"<td>{c}</td>" for i, c in enumerate(row))
        + "</tr>\n"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}</tbody></table>"


def linked_people(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    """People with at least one link, best key player first (the analysis's order)."""
    return [p for p in analysis["people"] if p["rank"] is not None and p["scores"]["degree"] > 0]


def key_players(data: ReportData, language: str) -> str:
    t = TEXT[language]
    rows = []
    for p in linked_people(data.analysis):
        score = data.scores.get(f"p{p['id']}", 0.0)
        rows.append(
            [
                str(p["rank"]),
                f"<strong>{escape(p['name'])}</strong>",
                escape(", ".join(p["aliases"])),
                "<br>".join(f'<span class="nowrap">{escape(n)}</span>' for n in p["phones"]),
                escape(role_name(p["role"], language)),
                f"{score:.2f}",
                "<br>".join(escape(r) for r in p.get("rank_reasons") or []),
            ]
        )
    headers = [t[k] for k in ("rank", "name", "aliases", "numbers", "role", "score", "reasons")]
    return f"<p>{escape(t['key_players_intro'])}</p>" + table(headers, rows, numeric=(0, 5))


def roles(data: ReportData, language: str) -> str:
    t = TEXT[language]
    parts = [f"<p>{escape(t['roles_intro'])}</p>"]
    for p in data.analysis["people"]:
        if p["role"] == "unknown" or not p["role_evidence"]:
            continue
        parts.append(
            f'<h3 id="role-{p["id"]}">{escape(p["name"])} — {escape(role_name(p["role"], language))}</h3>'
        )
        for item in p["role_evidence"]:
            parts.append(_role_line(data, item, t))
    parts.append(f'<p class="muted">{escape(t["no_role"])}</p>')
    return "\n".join(parts)


def _role(person: dict[str, Any], language: str) -> str:
    return role_name(person["role"], language)


def _role_line(data: ReportData, item: dict[str, Any], t: dict[str, str]) -> str:
    """A quoted sentence with its evidence and cue; a structural hint ("made 176 calls") as plain text."""
    text = escape(" ".join(str(item["text"]).split()))
    if item.get("evidence") is None or str(item.get("cue") or "").startswith("structure:"):
        return f'<p class="hint">{text}</p>'
    cue = (
        f' <span class="muted">({escape(t["cue"].format(cue=item["cue"]))})</span>' if item.get("cue") else ""
    )
    quoted = f"{t['quote_open']}{text}{t['quote_close']}"
    return f"<blockquote>{quoted} {cite(data, [item['evidence']])}{cue}</blockquote>"


def cells(data: ReportData, language: str) -> str:
    t = TEXT[language]
    names = {p["id"]: p for p in data.analysis["people"]}
    rows = []
    for community in data.analysis["communities"]:
        members = sorted(
            (names[i] for i in community["members"] if i in names), key=lambda p: (p["rank"] or 0, p["id"])
        )
        rows.append(
            [
                escape(t["cell"].format(n=community["id"] + 1)),
                ", ".join(
                    f'{escape(p["name"])} <span class="muted">({escape(_role(p, language))})</span>'
                    for p in members
                ),
            ]
        )
    html = table([t["communities"], t["name"]], rows)
    alone = [p["name"] for p in data.analysis["people"] if p["scores"]["degree"] == 0]
    if alone:
        html += f"<p>{escape(t['unlinked'].format(names=', '.join(alone)))}</p>"
    return html


def phones(data: ReportData, language: str) -> str:
    t = TEXT[language]
    names = {p["id"]: p["name"] for p in data.analysis["people"]}

    def who(ids: list[int]) -> str:
        return (
            escape(", ".join(names.get(i, f"#{i}") for i in ids))
            or f'<span class="muted">{escape(t["nobody"])}</span>'
        )

    rows = [
        [
            f'<span class="nowrap">{escape(p["number"])}</span>',
            who(p["users"]),
            who([p["subscriber"]]) if p["subscriber"] is not None else "",
        ]
        for p in data.analysis["phones"]
    ]
    return table([t["number"], t["users"], t["subscriber"]], rows)


def route(data: ReportData, language: str) -> str:
    t = TEXT[language]
    if not data.analysis["route"]:
        return f"<p>{escape(t['no_route'])}</p>"
    rows = [
        [str(n), escape(place), cite(data, data.route_evidence.get(place, []))]
        for n, place in enumerate(data.analysis["route"], start=1)
    ]
    arrow = " → ".join(escape(p) for p in data.analysis["route"])
    return f"<p>{escape(t['route_intro'])}</p><p><strong>{arrow}</strong></p>" + table(
        ["#", t["place"], t["evidence"]], rows, numeric=(0,)
    )


def timeline(data: ReportData, language: str) -> str:
    t = TEXT[language]
    if not data.analysis["timeline"]:
        return f"<p>{escape(t['no_timeline'])}</p>"
    rows = [
        [
            f'<span class="nowrap">{escape((item["time"] or t["undated"]).replace("T", " "))}</span>',
            escape(t.get(f"kind_{item['kind']}", item["kind"])),
            escape(item["summary"]),
            cite(data, [item["evidence"]]),
        ]
        for item in data.analysis["timeline"]
    ]
    return table([t["when"], t["kind"], t["what"], t["evidence"]], rows)


def evidence_list(data: ReportData, language: str) -> str:
    t = TEXT[language]
    rows = [
        [f'<span id="ev-{i}">#{i}</span>', escape(kind), escape(name)]
        for i, (kind, name) in data.evidence.items()
    ]
    return table(["#", t["kind"], t["file"]], rows)
