"""The link chart and route map pages: server-rendered shells whose scripts (static/chart.js, static/map.js)
draw the case's graph and route from the JSON API with vendored sigma.js and world-atlas (no CDN).

The pages carry no case data: the browser fetches /api/cases/{case}/graph and …/route, so one API serves
the pages, the tests and other tools. The words the scripts show come from here, in the request's
language: role and link names from the report's tables, the rest through `_` in the templates.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from filiere.cases import Case
from filiere.report.labels import EDGES, ROLES, TEXT, edge_name, role_name
from filiere.web.deps import case_for
from filiere.web.language import request_language
from filiere.web.templating import localized, render

router = APIRouter(include_in_schema=False)


def _urls(case: Case) -> dict[str, str]:
    base = "/cases/" + quote(case.slug, safe="")
    return {
        "graphUrl": "/api" + base + "/graph",
        "routeUrl": "/api" + base + "/route",
        "entityUrl": base + "/entities/",
        "evidenceUrl": base + "/evidence/",
        "outlinesUrl": "/static/vendor/world-atlas/countries-110m.json",
    }


def chart_labels(language: str) -> dict[str, Any]:
    """Role and link names for the chart's filters and legend ("link" keeps its {type} placeholder)."""
    roles = {role: role_name(role, language) for role in ROLES[language]}
    roles["number"] = TEXT[language]["legend_number"]
    roles["label"] = TEXT[language]["legend_other"]
    kinds = {kind: edge_name(kind, language) for kind in EDGES[language] if kind != "link"}
    kinds["link"] = EDGES[language]["link"]
    return {"roles": roles, "kinds": kinds}


def _page(request: Request, template: str, slug: str, active: str) -> HTMLResponse:
    case = case_for(request, slug)
    language = request_language(request)
    config = {"case": case.slug, "lang": language, **_urls(case), **chart_labels(language)}
    return render(request, template, case=case, active=active, config=config)


@router.get("/cases/{case}/chart", response_class=HTMLResponse)
@localized
def chart_page(request: Request, case: str) -> HTMLResponse:
    """The interactive link chart (sigma.js over /api/cases/{case}/graph)."""
    return _page(request, "chart.html", case, "chart")


@router.get("/cases/{case}/map", response_class=HTMLResponse)
@localized
def map_page(request: Request, case: str) -> HTMLResponse:
    """The offline route map (world-atlas country outlines, stops from /api/cases/{case}/route)."""
    return _page(request, "map.html", case, "map")
