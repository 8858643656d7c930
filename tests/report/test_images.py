"""The report's static pictures (PDF/DOCX): the link chart and the route map as PNG, decoded back with
Pillow and checked pixel by pixel; plus the chart of the example network case, built with the real CLI."""

from __future__ import annotations

import io
import random
import time
from pathlib import Path

import pytest
from PIL import Image

from filiere.cases import get_case
from filiere.report import images_canvas
from filiere.report.chart import EDGE_STYLES, ROLE_COLOURS, ChartEdge, ChartNode
from filiere.report.gather import gather
from filiere.report.html import chart_parts
from filiere.report.images import RouteStop, network_png, route_png, route_stops
from filiere.report.images_route import ROUTE_COLOUR
from filiere.workspace import Workspace
from tests.support.cli import CliRunner

CASE = Path(__file__).parents[2] / "examples" / "network-case"


def decode(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG"
    return image.convert("RGB")


def rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def has_colour(image: Image.Image, colour: str, tolerance: int = 6, at_least: int = 20) -> bool:
    """Does `colour` fill at least `at_least` pixels (the inside of a disc, not an antialiased edge)?"""
    target = rgb(colour)
    found = 0
    for count, pixel in image.getcolors(maxcolors=image.width * image.height):
        if all(abs(a - b) <= tolerance for a, b in zip(pixel, target, strict=True)):
            found += count
    return found >= at_least


def small_network() -> tuple[list[ChartNode], list[ChartEdge]]:
    nodes = [
        ChartNode("p1", "person", "Moussa Garba", "organiser", 1.0),
        ChartNode("p2", "person", "Aïssa Boubé", "financier", 0.4),
        ChartNode("p3", "person", "Ibrahim « Sahara » Kané", "transporter", 0.3),
        ChartNode("p4", "person", "Halima Tanko", "victim", 0.1),
        ChartNode("n+22790000001", "number", "+22790000001"),
    ]
    edges = [
        ChartEdge("p1", "p2", "call", 6, (1, 2)),
        ChartEdge("p1", "p3", "gives_orders", 2, (3,)),
        ChartEdge("p1", "p3", "sms", 3, (3,)),
        ChartEdge("p2", "p3", "payment", 1, (4,)),
        ChartEdge("p3", "p4", "travel", 1, (5,)),
        ChartEdge("p3", "n+22790000001", "call", 4, (6,)),
        ChartEdge("p4", "n+22790000001", "link:cousin", 1, ()),
    ]
    return nodes, edges


def big_network(people: int, numbers: int, links: int, seed: int = 7):
    rnd = random.Random(seed)
    roles = sorted(ROLE_COLOURS)
    nodes = [
        ChartNode(f"p{i}", "person", f"Personne {i}", rnd.choice(roles), rnd.random() ** 3)
        for i in range(people)
    ]
    nodes += [ChartNode(f"n+2279{i:07d}", "number", f"+2279{i:07d}") for i in range(numbers)]
    ids = [n.id for n in nodes]
    kinds = [k for k in EDGE_STYLES if k != "link"] + ["link:associé"]
    edges = [ChartEdge(*rnd.sample(ids, 2), rnd.choice(kinds), rnd.randint(1, 9)) for _ in range(links)]
    return nodes, edges


@pytest.mark.parametrize("language", ["fr", "en"])
def test_network_png_width_colours_and_legend(language: str) -> None:
    nodes, edges = small_network()
    image = decode(network_png(nodes, edges, language, width_px=1600))
    assert image.width == 1600
    assert 400 < image.height < 1600 * 3
    for role in ("organiser", "financier", "transporter", "victim"):
        assert has_colour(image, ROLE_COLOURS[role]), role
    # a role absent from the network is neither drawn nor in the legend
    assert not has_colour(image, ROLE_COLOURS["ghetto_keeper"], tolerance=2)
    for kind in ("payment", "travel", "sms"):
        assert has_colour(image, EDGE_STYLES[kind][0], at_least=30), kind


def test_network_png_is_deterministic_and_print_sized() -> None:
    nodes, edges = small_network()
    first = network_png(nodes, edges, "fr")
    assert network_png(list(reversed(nodes)), list(reversed(edges)), "fr") == first
    assert network_png(nodes, edges, "en") != first  # the legend is in the report's language
    image = Image.open(io.BytesIO(first))
    assert image.width == 2000
    assert round(image.width / image.info["dpi"][0] * 2.54) == 17  # 17 cm wide when printed
    assert not {"date:create", "Software", "Creation Time"} & set(image.info)


def test_empty_network_is_a_small_picture() -> None:
    for nodes, edges in (([], []), (small_network()[0], []), ([], small_network()[1])):
        image = decode(network_png(nodes, edges, "fr", width_px=1000))
        assert image.width == 1000
        assert image.height < 300
        assert image.getextrema() != ((255, 255),) * 3  # the message is written


def test_hostile_labels_draw() -> None:
    hostile = [
        ChartNode("p1", "person", "<script>alert(1)</script>", "organiser", 0.9),
        ChartNode("p2", "person", "عبد الله ولد محمد", "recruiter", 0.5),  # right to left
        ChartNode("p3", "person", "x" * 300, "guide", 0.2),
        ChartNode("p4", "person", "ligne\nsuivante\x00\t\u202eevil", "forger", 0.1),
        ChartNode("p5", "person", "", "unknown", 0.0),
        ChartNode("p6", "person", "名前 🚐", "no-such-role", 0.3),
    ]
    edges = [ChartEdge("p1", f"p{i}", "call", 1) for i in range(2, 7)]
    edges.append(ChartEdge("p2", "p3", "no-such-kind", 1))
    image = decode(network_png(hostile, edges, "en", width_px=800))
    assert image.width == 800
    assert has_colour(image, ROLE_COLOURS["recruiter"])


def test_large_network_is_fast_enough() -> None:
    nodes, edges = big_network(300, 200, 2000)
    start = time.perf_counter()
    png = network_png(nodes, edges, "fr")
    elapsed = time.perf_counter() - start
    print(f"\nnetwork_png: 500 nodes, 2000 edges in {elapsed:.2f} s, {len(png) // 1024} KiB")
    image = decode(png)
    assert image.width == 2000
    assert image.height <= 2000 * 3


def test_route_stops_from_the_gazetteer() -> None:
    stops = route_stops(["Agadez", "niamey", "AGADÈS", "Camp Imaginaire du Nord", "autogare de Dirkou"])
    agadez, niamey, agades, unknown, dirkou = stops
    assert agadez.name == "Agadez" and agadez.country == "NE"
    assert agadez.lat == pytest.approx(16.97, abs=0.1) and agadez.lon == pytest.approx(7.99, abs=0.1)
    assert niamey.lat == pytest.approx(13.51, abs=0.1) and niamey.lon == pytest.approx(2.11, abs=0.1)
    assert (agades.lat, agades.lon) == (agadez.lat, agadez.lon)
    assert unknown == RouteStop("Camp Imaginaire du Nord", None, None, None)
    assert dirkou.lat == pytest.approx(18.99, abs=0.1)
    assert route_stops([]) == []


def test_route_png() -> None:
    stops = route_stops(["Kano", "Zinder", "Ghetto Sans Nom", "Agadez", "Dirkou", "Sebha"])
    png = route_png(stops, "fr", width_px=1500)
    assert png is not None
    image = decode(png)
    assert image.width == 1500
    assert has_colour(image, ROUTE_COLOUR, at_least=200)
    assert route_png(stops, "fr", width_px=1500) == png
    assert route_png(stops, "en", width_px=1500) != png
    # the same route without the unplaced stop has no list of unplaced stops under the map
    shorter = decode(route_png([s for s in stops if s.lat is not None], "fr", width_px=1500))
    assert shorter.height < image.height


def test_route_png_edge_cases() -> None:
    assert route_png([], "fr") is None
    assert route_png(route_stops(["Nulle Part", "Ailleurs"]), "en") is None
    assert route_png([RouteStop("bad", float("nan"), 3.0, None)], "en") is None
    one = decode(route_png(route_stops(["Agadez"]), "en", width_px=600))
    assert one.width == 600
    there_and_back = route_stops(["Niamey", "Dosso", "Niamey", "<b>x</b>" * 40, "Gaya"])
    assert decode(route_png(there_and_back, "fr", width_px=900)).width == 900


def test_without_dejavu_the_builtin_font_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images_canvas, "find_fonts", lambda: None)
    images_canvas.font.cache_clear()
    try:
        nodes, edges = small_network()
        assert decode(network_png(nodes, edges, "fr", width_px=900)).width == 900
        assert decode(route_png(route_stops(["Agadez", "Arlit"]), "fr", width_px=900)).width == 900
    finally:
        monkeypatch.undo()
        images_canvas.font.cache_clear()


@pytest.fixture(scope="module")
def example_chart(tmp_path_factory):
    """The example network case, ingested and resolved by the real CLI (SQLite), and its chart's parts."""
    folder = tmp_path_factory.mktemp("images") / "ws"
    cli = CliRunner(folder, None)
    cli("case", "create", "nc", "--country", "NE")
    cli("ingest", "--case", "nc", str(CASE / "evidence"))
    cli("resolve", "--case", "nc")
    ws = Workspace.open(folder)
    try:
        data = gather(ws, get_case(ws, "nc"))
    finally:
        ws.close()
    return data, chart_parts(data, "fr")


def test_example_case_pictures(example_chart) -> None:
    data, (nodes, edges, _hidden) = example_chart
    image = decode(network_png(nodes, edges, "fr"))
    roles = {n.role for n in nodes if n.kind == "person"}
    assert "organiser" in roles
    for role in roles:
        assert has_colour(image, ROLE_COLOURS.get(role, ROLE_COLOURS["unknown"])), role
    stops = route_stops(data.analysis["route"])
    assert {"Agadez", "Niamey"} <= {s.name for s in stops if s.lat is not None}
    assert decode(route_png(stops, "fr")).width == 2000
