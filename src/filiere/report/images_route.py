"""The route as a small map for the printed report: numbered stops joined by arrows, in travel order.

Why it looks like this: the map is drawn offline from the gazetteer alone (background in images_map).
A place missing from the gazetteer is not guessed: it is listed under the map, and the leg that skips it
is dashed. Numbers are the stops' ranks in the report's route table, so map and table read together. Two
stops at the same place share one marker, named with both numbers.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from PIL import Image, ImageDraw

from filiere.extract.gazetteer import Place, lookup, match_places
from filiere.report.images_canvas import (
    SUPERSAMPLE,
    WORDS,
    Box,
    arrow_head,
    clean,
    dashed_line,
    font,
    halo_text,
    new_canvas,
    picture_width,
    place_label,
    to_png,
    wrap,
)
from filiere.report.images_map import TOWN_GREY, Frame, countries, graticule, scale_bar, towns, window
from filiere.report.labels import language_of

ROUTE_COLOUR = "#c0392b"


@dataclass(frozen=True)
class RouteStop:
    name: str
    lat: float | None
    lon: float | None
    country: str | None  # ISO 3166 code of the place, as in the gazetteer


def route_stops(place_names: list[str]) -> list[RouteStop]:
    """The stops of a route (names as the report lists them) with the gazetteer's coordinates and country;
    a name the gazetteer does not know keeps lat/lon None."""
    out = []
    for name in place_names:
        place = _find(name)
        if place is None:
            out.append(RouteStop(name, None, None, None))
        else:
            out.append(RouteStop(name, place.lat, place.lon, place.country))
    return out


def _find(name: str) -> Place | None:
    """The place a name designates, by any spelling (case and accents ignored); else the one town a
    longer name holds ("autogare d'Agadez"); else None."""
    place = lookup(name)
    if place is not None:
        return place
    towns = {p.id: p for _s, _e, p, _c in match_places(name) if p.kind not in ("country", "region")}
    return next(iter(towns.values())) if len(towns) == 1 else None


def _placed(stop: RouteStop) -> bool:
    lat, lon = stop.lat, stop.lon
    return (
        isinstance(lat, int | float)
        and isinstance(lon, int | float)
        and math.isfinite(lat)
        and math.isfinite(lon)
        and -85 <= lat <= 85
        and -180 <= lon <= 180
    )


def route_png(stops: Sequence[RouteStop], language: str, width_px: int = 2000) -> bytes | None:
    """A map of the route `stops` (in travel order) as PNG bytes `width_px` wide; stops without
    coordinates are listed under it. None when no stop has coordinates. Same stops, same bytes."""
    language = language_of(language)
    width = picture_width(width_px)
    numbered = list(enumerate(stops, start=1))
    placed = [(n, s) for n, s in numbered if _placed(s)]
    if not placed:
        return None
    words = WORDS[language]
    s = SUPERSAMPLE
    text_px = max(10, round(width / 60))
    face, small = font(text_px * s), font(round(text_px * 0.8) * s)
    south, north, west, east = window([(st.lat, st.lon) for _n, st in placed])
    cos = math.cos(math.radians((south + north) / 2))
    scratch = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    left = scratch.textlength("88°N", font=small) / s + text_px
    map_width = width - left - text_px
    map_height = map_width * (north - south) / ((east - west) * cos)
    missing = [f"{n}. {clean(st.name, 60)}" for n, st in numbered if not _placed(st)]
    note = wrap(
        scratch, words["not_placed"].format(places=", ".join(missing)), face, (width - 2 * text_px) * s
    )
    below = text_px * 2.0 + text_px * 2.2 + (len(note) * 1.5 * text_px + text_px if missing else 0)
    image, draw = new_canvas(width, round(text_px + map_height + below))
    frame = Frame(south, north, west, east, left * s, text_px * s, map_width * s, map_height * s)
    graticule(draw, frame, small, language, text_px * s)
    taken: list[Box] = []
    spots = _stop_spots(placed, frame)
    radius = text_px * 0.75 * s
    for _names, _numbers, (x, y) in spots:
        taken.append((x - radius, y - radius, x + radius, y + radius))
    labels = []
    for names, numbers, (x, y) in spots:
        text = " / ".join(names) + (f" ({', '.join(map(str, numbers))})" if len(numbers) > 1 else "")
        spot = place_label(draw, x, y, radius * 1.3, text, face, taken, image.size, force=True)
        labels.append((text, spot))
    segments = _segments(numbered, spots)
    scale_bar(draw, frame, cos, small, words, text_px * s, taken)
    stop_places = {(round(st.lat, 2), round(st.lon, 2)) for _n, st in placed}
    towns(draw, frame, stop_places, small, taken, text_px * s)
    countries(draw, frame, language, font(round(text_px * 1.1) * s, bold=True), taken, segments)
    _route_lines(draw, segments, radius)
    for (_names, numbers, (x, y)), (text, spot) in zip(spots, labels, strict=True):
        marker = [x - radius, y - radius, x + radius, y + radius]
        draw.ellipse(marker, fill=ROUTE_COLOUR, outline="#ffffff", width=max(1, round(radius / 6)))
        number = font(round(text_px * (0.85 if numbers[0] < 10 else 0.7)) * s, bold=True)
        draw.text((x, y), str(numbers[0]), font=number, fill="#ffffff", anchor="mm")
        if spot:
            halo_text(draw, spot[0], text, face, "#1c2833", spot[1])
    y = (text_px + map_height + text_px * 1.6) * s
    _legend(draw, left * s, y, face, words, radius, text_px * s)
    y += text_px * 2.2 * s
    for line in note if missing else []:
        draw.text((text_px * s, y), line, font=face, fill="#1c2833", anchor="lt")
        y += text_px * 1.5 * s
    return to_png(image, width)


def _stop_spots(placed, frame: Frame) -> list[tuple[list[str], list[int], tuple[float, float]]]:
    """One marker per location: the names and numbers of the stops there, and its position."""
    spots: dict[tuple[float, float], tuple[list[str], list[int]]] = {}
    for number, stop in placed:
        names, numbers = spots.setdefault((round(stop.lat, 3), round(stop.lon, 3)), ([], []))
        name = clean(stop.name)
        if name not in names:
            names.append(name)
        numbers.append(number)
    return [(names, numbers, frame.xy(lat, lon)) for (lat, lon), (names, numbers) in spots.items()]


def _segments(numbered, spots) -> list[tuple[tuple[float, float], tuple[float, float], bool]]:
    """The legs of the route between placed stops, in order: (from, to, unplaced stops between)."""
    where = {n: xy for _names, numbers, xy in spots for n in numbers}
    order = [n for n, _st in numbered if n in where]
    return [(where[a], where[b], b - a > 1) for a, b in pairwise(order) if where[a] != where[b]]


def _route_lines(draw: ImageDraw.ImageDraw, segments: list, radius: float) -> None:
    """An arrow along each leg; dashed where stops the map cannot place lie between."""
    width = max(1, round(radius / 4))
    legs = Counter(frozenset((a, b)) for a, b, _gap in segments)
    for (x0, y0), (x1, y1), gap in segments:
        length = math.hypot(x1 - x0, y1 - y0)
        if length <= 2.2 * radius:
            continue
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        if legs[frozenset(((x0, y0), (x1, y1)))] > 1:  # there and back: each leg on its own right side
            shift = radius * 0.45
            x0, y0, x1, y1 = x0 - uy * shift, y0 + ux * shift, x1 - uy * shift, y1 + ux * shift
        start = (x0 + ux * radius * 1.15, y0 + uy * radius * 1.15)
        tip = (x1 - ux * radius * 1.15, y1 - uy * radius * 1.15)
        head = radius * 1.1
        end = (tip[0] - ux * head * 0.8, tip[1] - uy * head * 0.8)
        dashed_line(draw, start, end, ROUTE_COLOUR, width, [radius * 0.8, radius * 0.6] if gap else [])
        arrow_head(draw, start, tip, head, ROUTE_COLOUR)


def _legend(
    draw: ImageDraw.ImageDraw, x: float, y: float, face, words, radius: float, text_px: float
) -> None:
    r = radius * 0.7
    draw.ellipse([x - r, y - r, x + r, y + r], fill=ROUTE_COLOUR)
    draw.text((x + r + text_px * 0.5, y), words["route_stop"], font=face, fill="#1c2833", anchor="lm")
    x += r + text_px + draw.textlength(words["route_stop"], font=face) + text_px * 1.5
    dot = text_px * 0.18
    draw.ellipse([x - dot, y - dot, x + dot, y + dot], fill=TOWN_GREY)
    draw.text((x + dot + text_px * 0.5, y), words["reference_town"], font=face, fill="#1c2833", anchor="lm")
