"""The report's content, in order, built once from the gathered data; the renderers only lay it out.

Order: title block (with the generated-data banner), summary, link chart, key players, roles, cells,
numbers, timeline, route with its map, qualification, requests for mutual legal assistance, evidence index.
"""

from __future__ import annotations

from filiere.report import case_sections, qualification, sections
from filiere.report.document import Chart, Document, Section
from filiere.report.figure import chart_parts
from filiere.report.gather import ReportData
from filiere.report.labels import TEXT


def route_map(places: list[str], language: str) -> bytes | None:
    """The route drawn on a map (report/images.py), or None when no stop has known coordinates."""
    if not places:
        return None
    from filiere.report.images import route_png, route_stops

    stops = route_stops(list(places))
    return route_png(stops, language) if stops else None


def build_document(data: ReportData, language: str) -> Document:
    t = TEXT[language]
    case = data.case
    nodes, edges, hidden = chart_parts(data, language)
    people = sum(1 for n in nodes if n.kind == "person")
    left_out = f" {t['leaves_hidden'].format(n=hidden)}" if hidden else ""
    chart = (
        [
            Chart(
                tuple(nodes), tuple(edges), hidden, t["chart_intro"] + left_out, t["chart_caption"] + left_out
            )
        ]
        if edges or hidden
        else [sections.say(t["chart_empty"])]
    )
    parts = [
        (
            "summary",
            t["summary_title"],
            case_sections.summary(data, language, people, len(edges), len(nodes) - people),
        ),
        ("chart", t["chart"], chart),
        ("key-players", t["key_players"], sections.key_players(data, language)),
        ("roles", t["roles"], sections.roles(data, language)),
        ("cells", t["communities"], sections.cells(data, language)),
        ("phones", t["phones"], sections.phones(data, language)),
        ("timeline", t["timeline"], sections.timeline(data, language)),
        ("route", t["route"], sections.route(data, language, route_map(data.analysis["route"], language))),
        ("qualification", t["qualification"], qualification.qualification(data, language)),
        ("mla", t["mla"], case_sections.requests(data, language)),
        ("evidence", t["evidence_list"], case_sections.evidence_index(data, language)),
    ]
    meta = f"{t['title']} · {t['case']} {case.slug}"
    if case.country:
        meta += f" · {t['country']} {case_sections.state_name(case.country, language)}"
    dates = [f.ingested_at for f in data.originals.values()] + [r.updated_at for r in data.requests]
    return Document(
        language=language,
        title=case.title or case.slug,
        kind=t["title"],
        meta=meta,
        mark=t["confidential"],
        banner=t["generated_banner"] if data.generated else None,
        summary=t["summary"].format(
            people=people, links=len(edges), numbers=len(nodes) - people, evidence=len(data.evidence)
        ),
        contents=t["contents"],
        sections=[Section(anchor, title, tuple(blocks)) for anchor, title, blocks in parts],
        footer=t["footer"],
        page=t["page"],
        dated=max(dates, default=None) or getattr(case, "created_at", None),
    )
