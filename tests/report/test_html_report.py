"""The HTML case report: what `make demo` writes for the network case, parsed back and checked."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from filiere.cases import get_case
from filiere.network.analyze import analyze_case
from filiere.network.build import Edge, Network, build_network
from filiere.report import write_case_report
from filiere.report.chart import EDGE_STYLES, ROLE_COLOURS
from filiere.report.gather import ReportData
from filiere.report.html import render
from filiere.report.labels import EDGES, ROLES, TEXT

CASE = Path(__file__).parents[2] / "examples" / "network-case"
TRUTH = json.loads((CASE / "TRUTH.json").read_text(encoding="utf-8"))
HOSTILE = "<script>alert(1)</script>"
VOID = {"meta", "br", "link", "img", "hr", "input"}


class Tree(HTMLParser):
    """Every element with its attributes and all the text inside it (enough for these checks)."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self._open: list[dict] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        element = {"tag": tag, "attrs": dict(attrs), "text": "", "inside": [e["tag"] for e in self._open]}
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.elements.append({"tag": tag, "attrs": dict(attrs), "text": "", "inside": []})

    def handle_endtag(self, tag: str) -> None:
        while self._open and self._open.pop()["tag"] != tag:
            pass

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element["text"] += data

    def find(self, tag: str, cls: str | None = None) -> list[dict]:
        return [
            e
            for e in self.elements
            if e["tag"] == tag and (cls is None or cls in e["attrs"].get("class", "").split())
        ]

    def section(self, anchor: str) -> list[dict]:
        """The elements of <section id=anchor>, in document order."""
        start = next(i for i, e in enumerate(self.elements) if e["attrs"].get("id") == anchor)
        end = next(
            (i for i in range(start + 1, len(self.elements)) if self.elements[i]["tag"] == "section"),
            len(self.elements),
        )
        return self.elements[start:end]


@pytest.fixture
def network_case(cli, workspace):
    cli("case", "create", "nc", "--country", "NE", "--title", "DEMO — réseau (données fictives)")
    cli("ingest", "--case", "nc", str(CASE / "evidence"))
    cli("resolve", "--case", "nc")
    return get_case(workspace, "nc")


def test_network_case_report(network_case, workspace, tmp_path: Path) -> None:
    analysis = analyze_case(workspace, network_case)
    with workspace.engine.connect() as conn:
        network = build_network(conn, network_case.id)
    path = write_case_report(workspace, network_case, tmp_path / "out" / "nc.html", "en")
    page = path.read_text(encoding="utf-8")
    tree = Tree(page)

    # the organiser (found by their numbers) is the first key player
    boss = next(m for m in TRUTH["members"] if m["id"] == TRUTH["key_player"])
    person = next(p for p in analysis["people"] if set(boss["phones"]) <= set(p["phones"]))
    rows = [e for e in tree.section("key-players") if e["tag"] == "tr"][1:]
    assert person["name"] in rows[0]["text"] and person["phones"][0] in rows[0]["text"]
    assert len(rows) == len(analysis["key_players"])

    # one node per linked person, numbers nobody uses as smaller nodes, one line per typed edge
    linked = {str(p["id"]) for p in analysis["people"] if p["scores"]["degree"] > 0}
    people = tree.find("g", "person")
    assert {g["attrs"]["data-entity"] for g in people} == linked and len(people) == len(linked)
    numbers = tree.find("g", "number")
    assert numbers and all("+" in g["text"] for g in numbers)
    near: dict[str, set[str]] = {}
    for e in network.edges.values():
        near.setdefault(e.source, set()).add(e.target)
        near.setdefault(e.target, set()).add(e.source)
    leaves = {n for n, ends in near.items() if n.startswith("n") and len(ends) == 1}
    assert all(len(near["n" + g["text"].split(" ")[0]]) >= 2 for g in numbers), "lone numbers are not drawn"
    radii = [float(c["attrs"]["r"]) for c in tree.find("circle") if c["attrs"].get("cx")]
    assert min(radii) < 5 < max(radii)
    lines = tree.find("line", "edge")
    drawn = [e for e in network.edges.values() if e.source != e.target and not {e.source, e.target} & leaves]
    assert len(lines) == len(drawn) > 0
    ids = {g["attrs"]["data-id"] for g in tree.find("g", "node")}
    assert all(line["attrs"]["data-a"] in ids and line["attrs"]["data-b"] in ids for line in lines)
    assert tree.find("line", "k-gives_orders")[0]["attrs"].get("marker-end") == "url(#arrow)"

    # the legend lists exactly the kinds drawn
    kinds = {line["attrs"]["data-kind"] for line in lines}
    assert {"call", "sms", "cooccurrence", "talks_about", "gives_orders"} <= kinds
    assert {li["attrs"]["data-kind"] for li in tree.find("li") if "data-kind" in li["attrs"]} == kinds

    # route and timeline: one row each, every row cites evidence that the report lists
    route_cells = [e["text"] for e in tree.section("route") if e["tag"] == "td"]
    assert route_cells[1::3] == analysis["route"] and all("#" in c for c in route_cells[2::3])
    timeline_rows = [e for e in tree.section("timeline") if e["tag"] == "tr"][1:]
    assert len(timeline_rows) == len(analysis["timeline"])
    for row, item in zip(timeline_rows, analysis["timeline"], strict=True):
        assert f"#{item['evidence']}" in row["text"]
    targets = {e["attrs"]["id"] for e in tree.elements if e["attrs"].get("id", "").startswith("ev-")}
    cited = set(re.findall(r'href="#(ev-\d+)"', page))
    assert cited and cited <= targets

    # roles quote their sentences; generated data is said so; nothing is fetched from outside
    organiser = [e for e in tree.section("roles") if e["attrs"].get("id") == f"role-{person['id']}"]
    assert organiser and "organiser" in organiser[0]["text"]
    assert tree.find("p", "banner")
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//|@import|url\(http""", page)
    assert len(tree.find("script")) == 1 and tree.find("svg", "chart")


def test_languages_and_determinism(network_case, workspace, tmp_path: Path) -> None:
    en = write_case_report(workspace, network_case, tmp_path / "en.html", "en").read_bytes()
    again = write_case_report(workspace, network_case, tmp_path / "again.html", "en").read_bytes()
    fr = write_case_report(workspace, network_case, tmp_path, "fr")  # a folder: <case>-report.html
    assert fr.name == "nc-report.html"
    assert en == again
    en_tree, fr_tree = Tree(en.decode("utf-8")), Tree(fr.read_text(encoding="utf-8"))
    en_titles = [h["text"] for h in en_tree.find("h2")]
    fr_titles = [h["text"] for h in fr_tree.find("h2")]
    assert len(en_titles) == len(fr_titles) and not set(en_titles) & set(fr_titles)
    assert "Key players" in en_titles and "Acteurs clés" in fr_titles
    assert (
        en_tree.find("html")[0]["attrs"]["lang"] == "en" and fr_tree.find("html")[0]["attrs"]["lang"] == "fr"
    )
    en_legend = [li["text"] for li in en_tree.find("li") if li["attrs"].get("data-kind") == "call"]
    fr_legend = [li["text"] for li in fr_tree.find("li") if li["attrs"].get("data-kind") == "call"]
    assert "call" in en_legend[0] and "appel" in fr_legend[0]
    # the interface language is left as it was
    from filiere.i18n import current_language

    assert current_language() == "en"


def test_hostile_names_are_escaped_and_the_cli_writes_the_report(cli, workspace, tmp_path: Path) -> None:
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    transcript = (CASE / "evidence" / "PV-104_ecoute_2025-05-13.txt").read_text(encoding="utf-8")
    (evidence / "PV-104.txt").write_text(
        transcript.replace("AÏCHA : Oui", f"{HOSTILE} : Oui").replace("Tantie, c'est", f"{HOSTILE}, c'est"),
        encoding="utf-8",
    )
    subscribers = (CASE / "evidence" / "abonnes_reponse_operateurs_2025-05.csv").read_text(encoding="utf-8")
    (evidence / "abonnes.csv").write_text(
        subscribers.replace("22798176305;IDRISSA;", f"22798176305;{HOSTILE};"), encoding="utf-8"
    )
    cli("case", "create", "h", "--country", "NE")
    cli("ingest", "--case", "h", str(evidence))
    cli("resolve", "--case", "h")
    names = [p["name"] for p in cli("analyze", "--case", "h", "--json").json()["people"]]
    assert any(HOSTILE in name for name in names)  # the hostile text did reach a person's name

    out = tmp_path / "h.html"
    result = cli("--lang", "fr", "report", "--case", "h", "--out", str(out), "--json").json()
    assert result["report"] == str(out) and result["bytes"] == out.stat().st_size > 0
    assert result["language"] == "fr"
    assert cli("report", "--case", "h", "--out", str(out)).stdout.strip() == str(out)
    page = out.read_text(encoding="utf-8")
    assert page.count("<script") == 1 and "alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    tree = Tree(page)
    assert len(tree.find("script")) == 1
    assert any(HOSTILE in e["text"] for e in tree.find("p") + tree.find("td") + tree.find("blockquote"))


def test_empty_case(cli, workspace, tmp_path: Path) -> None:
    cli("case", "create", "empty", "--country", "ML")
    path = write_case_report(workspace, get_case(workspace, "empty"), tmp_path / "e.html", "fr")
    tree = Tree(path.read_text(encoding="utf-8"))
    assert not tree.find("svg", "chart") and not tree.find("p", "banner")
    assert any(TEXT["fr"]["chart_empty"] in p["text"] for p in tree.find("p"))


def _synthetic(people: int, numbers: int) -> ReportData:
    """A 200-person network: a chain of cells of 8, each cell a clique, plus numbers called by one person."""
    nodes = {
        f"p{i}": {"entity": i, "name": f"Person {i} dit « L'homme {i} »", "aliases": [f"Alias {i}"]}
        for i in range(1, people + 1)
    }
    edges: dict[tuple[str, str, str], Edge] = {}
    for i in range(1, people + 1):
        cell = (i - 1) // 8
        for j in range(i + 1, min(people, cell * 8 + 8) + 1):
            kind = ("call", "sms", "cooccurrence", "talks_about")[(i + j) % 4]
            edges[(f"p{i}", f"p{j}", kind)] = Edge(
                f"p{i}", f"p{j}", kind, float(1 + (i * j) % 9), None, None, {i}
            )
        if i + 8 <= people and i % 8 == 1:
            edges[(f"p{i}", f"p{i + 8}", "gives_orders")] = Edge(f"p{i}", f"p{i + 8}", "gives_orders", 1.0)
    for n in range(numbers):
        number = f"+2279000{n:04d}"
        edges[(f"n{number}", f"p{n + 1}", "call")] = Edge(
            f"n{number}", f"p{n + 1}", "call", 2.0, None, None, {1}
        )
    roles = list(ROLES["en"])
    analysis = {
        "case": "big",
        "people": [
            {
                "id": i,
                "name": nodes[f"p{i}"]["name"],
                "aliases": nodes[f"p{i}"]["aliases"],
                "phones": [f"+22791{i:06d}"],
                "role": roles[i % len(roles)],
                "role_evidence": [
                    {"text": f"Sentence {k} about {i}.", "evidence": i, "cue": "cue"} for k in range(3)
                ],
                "community": (i - 1) // 8,
                "scores": {"degree": 8, "betweenness": 0.01, "pagerank": 0.005},
                "rank": i,
                "rank_reasons": ["8 contacts"],
            }
            for i in range(1, people + 1)
        ],
        "key_players": list(range(1, people + 1)),
        "communities": [{"id": c, "members": list(range(c * 8 + 1, c * 8 + 9))} for c in range(people // 8)],
        "phones": [],
        "route": ["Niamey", "Agadez", "Sebha"],
        "timeline": [
            {
                "time": f"2025-05-{1 + k % 28:02d}T10:00:00",
                "kind": "call",
                "summary": f"Call {k}",
                "evidence": 1,
            }
            for k in range(300)
        ],
    }
    from filiere.cases import Case

    case = Case(1, "big", "Big", "NE", None, "test")  # type: ignore[arg-type]
    network = Network(nodes, {}, edges)
    return ReportData(
        case, analysis, network, {n: 1 / int(n[1:]) for n in nodes}, {1: ("cdr", "x.csv")}, {}, False
    )


def test_a_200_person_report_stays_small_and_stable() -> None:
    data = _synthetic(200, 60)
    page = render(data, "en")
    assert len(page.encode("utf-8")) < 1_000_000
    tree = Tree(page)
    # the 60 numbers each called by one person only are left out of the chart, and said to be
    assert len(tree.find("g", "person")) == 200 and tree.find("g", "number") == []
    assert "60 numbers in touch with one person only" in page
    assert len(tree.find("line", "edge")) == len(
        [e for e in data.network.edges.values() if e.source[0] == "p"]
    )
    assert render(data, "en") == page


def test_label_tables_are_complete() -> None:
    for table in (TEXT, ROLES, EDGES):
        assert set(table["fr"]) == set(table["en"])
        assert all(table["fr"][k] for k in table["fr"]) and all(table["en"][k] for k in table["en"])
    assert set(ROLE_COLOURS) == set(ROLES["en"])
    assert set(EDGE_STYLES) == set(EDGES["en"])
