"""The web workbench in a real browser: every page in French and English, mention → entity, chart filters,
the language switch, hostile evidence rendered as text, and the chart coloured by role (screenshots).

Contract the pages keep for these tests (stable hooks, never styling classes or visible wording):

Routes (language per request with `?lang=fr|en`):
  /                                     case list
  /cases/{case}                         dashboard
  /cases/{case}/evidence/{id}           evidence reader
  /cases/{case}/entities/{id}           entity page
  /cases/{case}/timeline                timeline
  /cases/{case}/search?q=TEXT           search
  /cases/{case}/chart                   link chart
  /cases/{case}/map                     route map
Every page:
  <html lang="fr|en">                   the language the page was rendered in
  [data-testid=lang-switch]             holds a[hreflang=fr] and a[hreflang=en]; following one re-renders the
                                        page in that language and later pages stay in it
  [data-nav=dashboard|chart|timeline|map|search]
                                        case navigation links (case pages); their text is the gettext
                                        translation of the English label
Case list:       a[data-case="{case}"]  link to the case's dashboard
Dashboard:       [data-testid=key-players] lists the key players by name
Evidence reader: [data-testid=evidence-text] the original text, as text
                 [data-mention="{type}"] each highlighted mention (person, phone, place, money, date…);
                 a[data-mention][href] when the mention is resolved: href = /cases/{case}/entities/{id}
Entity page:     [data-testid=entity-name] the entity's name
Timeline:        [data-testid=timeline] holding [data-testid=timeline-item] rows
Search:          [data-testid=search-results] holding links to the entities and evidence found
Link chart:      window.filiereChartReady === true once drawn (and after each re-draw)
                 [data-testid=chart-count] data-nodes / data-edges = integers drawn now (text: localised)
                 [data-testid=edge-filter] input[type=checkbox][value={edge type}] (checked = shown);
                 a <select> with the same role is accepted too
                 [data-testid=color-by] <select> with option value "role" (and "community")
                 window.filiereChartNodes() -> [{id, label, role, size, color, hidden}] of the drawn nodes
Route map:       [data-testid=route-map], window.filiereMapReady === true once drawn
Offline:         no request leaves 127.0.0.1; no uncaught script error on any page.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from filiere.i18n import DOMAIN, LOCALE_DIR
from tests.web.browser.conftest import (
    IMG_PAYLOAD,
    SCRIPT_PAYLOAD,
    XSS_FILE_NAME,
    XSS_PROBE,
    ServedCase,
    Watch,
)

LANGS = ("fr", "en")
NAV = ("dashboard", "chart", "timeline", "map", "search")


def _entity_href(case: ServedCase, entity_id: int) -> re.Pattern[str]:
    return re.compile(rf"/cases/{re.escape(case.case)}/entities/{entity_id}(?:[?#]|$)")


def _check_case_list(page, case: ServedCase) -> None:
    assert page.locator(f'a[data-case="{case.case}"]').count() == 1


def _check_dashboard(page, case: ServedCase) -> None:
    players = page.locator("[data-testid=key-players]")
    assert case.key_player_name in players.inner_text()


def _check_evidence(page, case: ServedCase) -> None:
    assert page.locator("[data-testid=evidence-text]").is_visible()
    assert page.locator("[data-mention]").count() > 0
    linked = page.locator("a[data-mention][href]")
    hrefs = [linked.nth(i).get_attribute("href") for i in range(linked.count())]
    assert any(_entity_href(case, case.key_player_id).search(h or "") for h in hrefs), hrefs[:10]


def _check_entity(page, case: ServedCase) -> None:
    assert case.key_player_name in page.locator("[data-testid=entity-name]").inner_text()


def _check_timeline(page, case: ServedCase) -> None:
    assert page.locator("[data-testid=timeline] [data-testid=timeline-item]").count() > 0


def _check_search(page, case: ServedCase) -> None:
    links = page.locator("[data-testid=search-results] a[href]")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert any(_entity_href(case, case.key_player_id).search(h or "") for h in hrefs), hrefs[:10]


def _check_chart(page, case: ServedCase) -> None:
    page.wait_for_function("window.filiereChartReady === true")
    assert int(page.locator("[data-testid=chart-count]").get_attribute("data-nodes") or 0) > 0


def _check_map(page, case: ServedCase) -> None:
    page.wait_for_function("window.filiereMapReady === true")
    assert page.locator("[data-testid=route-map]").is_visible()


def _surname(case: ServedCase) -> str:
    return case.key_player_name.split()[0]


PAGES: dict[str, tuple[Callable[[ServedCase], str], str, Callable]] = {
    "case-list": (lambda c: "/", "a[data-case]", _check_case_list),
    "dashboard": (lambda c: f"/cases/{c.case}", "[data-testid=key-players]", _check_dashboard),
    "evidence": (
        lambda c: f"/cases/{c.case}/evidence/{c.reader_evidence_id}",
        "[data-testid=evidence-text]",
        _check_evidence,
    ),
    "entity": (
        lambda c: f"/cases/{c.case}/entities/{c.key_player_id}",
        "[data-testid=entity-name]",
        _check_entity,
    ),
    "timeline": (lambda c: f"/cases/{c.case}/timeline", "[data-testid=timeline]", _check_timeline),
    "search": (
        lambda c: f"/cases/{c.case}/search?q={_surname(c)}",
        "[data-testid=search-results]",
        _check_search,
    ),
    "chart": (lambda c: f"/cases/{c.case}/chart", "[data-testid=chart-count]", _check_chart),
    "map": (lambda c: f"/cases/{c.case}/map", "[data-testid=route-map]", _check_map),
}


def _open(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: HTTP {response and response.status}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_opens(page, watch: Watch, served_case: ServedCase, artifacts: Path, name: str, lang: str):
    path, landmark, check = PAGES[name]
    _open(page, served_case.url(path(served_case), lang))
    assert page.locator("html").get_attribute("lang") == lang
    page.locator(landmark).first.wait_for()
    check(page, served_case)
    assert page.locator("[data-testid=lang-switch]").count() == 1
    page.screenshot(path=artifacts / f"page-{name}-{lang}.png", full_page=True)
    # The case holds the hostile transcript: lists, timeline and search show its text and name too.
    assert page.evaluate("typeof window.__xss") == "undefined", "evidence text ran as script"
    watch.assert_clean()


def test_case_list_leads_to_dashboard(page, watch: Watch, served_case: ServedCase):
    _open(page, served_case.url("/", "en"))
    page.locator(f'a[data-case="{served_case.case}"]').click()
    page.wait_for_url(re.compile(rf"/cases/{served_case.case}(?:[/?#]|$)"))
    page.locator("[data-testid=key-players]").wait_for()
    watch.assert_clean()


def test_click_mention_opens_its_entity(page, watch: Watch, served_case: ServedCase):
    _open(page, served_case.url(f"/cases/{served_case.case}/evidence/{served_case.reader_evidence_id}", "en"))
    pattern = _entity_href(served_case, served_case.key_player_id)
    linked = page.locator("a[data-mention][href]")
    target = next(
        (linked.nth(i) for i in range(linked.count()) if pattern.search(linked.nth(i).get_attribute("href"))),
        None,
    )
    assert target is not None, "no highlighted mention links to the key player"
    mention_text = target.inner_text().strip()
    assert mention_text
    target.click()
    page.wait_for_url(pattern)
    assert served_case.key_player_name in page.locator("[data-testid=entity-name]").inner_text()
    watch.assert_clean()


def _visible_edges(page) -> str:
    count = page.locator("[data-testid=chart-count]")
    return count.get_attribute("data-edges") or count.inner_text()


def _wait_for_change(page, before: str, timeout_s: float = 2.0) -> str:
    for _ in range(int(timeout_s / 0.05)):
        now = _visible_edges(page)
        if now != before:
            return now
        page.wait_for_timeout(50)
    return before


def _filter_choices(page) -> list[tuple[Callable[[], None], Callable[[], None]]]:
    """(apply, undo) per edge-type choice: uncheck/re-check a box, or pick an option/pick the first back."""
    control = page.locator("[data-testid=edge-filter]")
    if control.evaluate("el => el.tagName") == "SELECT":
        values = control.locator("option").evaluate_all("opts => opts.map(o => o.value)")
        first = control.input_value()
        return [
            (lambda v=v: control.select_option(v), lambda: control.select_option(first))
            for v in values
            if v != first
        ]
    boxes = control.locator("input[type=checkbox]")
    boxes_list = [boxes.nth(i) for i in range(boxes.count())]
    return [(box.uncheck, box.check) for box in boxes_list if box.is_checked()]


def test_chart_edge_filter_changes_visible_count(page, watch: Watch, served_case: ServedCase):
    _open(page, served_case.url(f"/cases/{served_case.case}/chart", "en"))
    page.wait_for_function("window.filiereChartReady === true")
    before = _visible_edges(page)
    choices = _filter_choices(page)
    assert choices, "the edge filter offers no edge type"
    changed = None
    for apply, undo in choices:
        apply()
        now = _wait_for_change(page, before)
        if now != before:
            changed = now
            undo()
            assert _wait_for_change(page, now) == before, "undoing the filter does not restore the chart"
            break
        undo()
    assert changed is not None, f"no edge-type filter changed the visible count ({before})"
    if changed.isdigit() and before.isdigit():
        assert int(changed) < int(before)
    watch.assert_clean()


def _nav_labels(page) -> dict[str, str]:
    return {key: page.locator(f"[data-nav={key}]").first.inner_text().strip() for key in NAV}


def test_language_switch_shows_french_labels(page, watch: Watch, served_case: ServedCase):
    french = gettext.translation(DOMAIN, LOCALE_DIR, languages=["fr"])
    _open(page, served_case.url(f"/cases/{served_case.case}", "en"))
    english = _nav_labels(page)
    page.locator("[data-testid=lang-switch] a[hreflang=fr]").click()
    page.wait_for_function("document.documentElement.lang === 'fr'")
    shown = _nav_labels(page)
    expected = {key: french.gettext(label) for key, label in english.items()}
    assert shown == expected, "the French page does not show the catalog's translations"
    untranslated = [label for key, label in english.items() if shown[key] == label]
    assert not untranslated, f"labels left in English on the French page: {untranslated}"
    page.locator("[data-nav=timeline]").first.click()
    page.locator("[data-testid=timeline]").wait_for()
    assert page.locator("html").get_attribute("lang") == "fr", "the language switch does not stick"
    watch.assert_clean()


# Elements that would run evidence text: inline scripts (JSON data blocks excepted) and event handlers.
EXECUTABLE = 'script:not([src]):not([type="application/json"]), [onerror], [onload], [onclick]'


def _assert_not_run(page) -> None:
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof window.__xss") == "undefined", "evidence text ran as script"
    injected = page.locator(EXECUTABLE).evaluate_all("els => els.filter(e => e.outerHTML.includes('__xss'))")
    assert not injected, "evidence text became elements"


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_transcript_renders_as_text(page, watch: Watch, served_case: ServedCase, lang: str):
    _open(page, served_case.url(f"/cases/{served_case.case}/evidence/{served_case.xss_evidence_id}", lang))
    _assert_not_run(page)
    text = page.locator("[data-testid=evidence-text]").inner_text()
    assert SCRIPT_PAYLOAD in text
    assert IMG_PAYLOAD in text
    assert XSS_FILE_NAME in page.locator("body").inner_text()
    watch.assert_clean()


def test_hostile_text_found_by_search_stays_text(page, watch: Watch, served_case: ServedCase):
    _open(page, served_case.url(f"/cases/{served_case.case}/search?q={XSS_PROBE}", "en"))
    _assert_not_run(page)
    links = page.locator("[data-testid=search-results] a[href]")
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    pattern = re.compile(rf"/cases/{served_case.case}/evidence/{served_case.xss_evidence_id}(?:[?#]|$)")
    assert any(pattern.search(h) for h in hrefs), f"the transcript holding {XSS_PROBE} is not found: {hrefs}"
    watch.assert_clean()


ROLE_COLOURED = """() => {
  if (window.filiereChartReady !== true || typeof window.filiereChartNodes !== 'function') return false;
  const nodes = window.filiereChartNodes().filter(n => !n.hidden);
  if (!nodes.length) return false;
  const byRole = new Map();
  for (const n of nodes) {
    const key = String(n.role);
    if (!byRole.has(key)) byRole.set(key, new Set());
    byRole.get(key).add(String(n.color));
  }
  return [...byRole.values()].every(colours => colours.size === 1) && byRole.size > 1;
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_chart_coloured_by_role_organiser_largest(
    page, watch: Watch, served_case: ServedCase, artifacts: Path, lang: str
):
    _open(page, served_case.url(f"/cases/{served_case.case}/chart", lang))
    page.wait_for_function("window.filiereChartReady === true")
    page.locator("[data-testid=color-by]").select_option("role")
    page.wait_for_function(ROLE_COLOURED)
    nodes = [n for n in page.evaluate("window.filiereChartNodes()") if not n.get("hidden")]
    organisers = [n for n in nodes if n.get("role") == "organiser"]
    assert organisers, f"no organiser drawn: {sorted({str(n.get('role')) for n in nodes})}"
    assert max(n["size"] for n in organisers) >= max(n["size"] for n in nodes)
    page.screenshot(path=artifacts / f"chart-by-role-{lang}.png", full_page=True)
    watch.assert_clean()
