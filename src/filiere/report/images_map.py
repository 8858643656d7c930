"""The background of the route map: frame and projection, graticule, scale bar, reference towns, countries.

Why from the gazetteer alone: the report is written offline and ships no map data, so orientation comes
from what Filière holds - the cities of the gazetteer (grey dots), the countries' names (in the report's
language, from Babel) at their approximate centre, degrees and a scale in km. The projection is
equirectangular, true to scale along the frame's middle latitude: exact enough over a few thousand km.
Labels are placed around what is already drawn (`taken` boxes) and never cover a stop or another name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from babel import Locale
from babel.numbers import format_decimal
from PIL import ImageDraw

from filiere.extract.gazetteer import gazetteer
from filiere.report.images_canvas import WORDS, Box, clean, halo_text, overlaps, place_label

TOWN_GREY = "#7f8c8d"
COUNTRY_GREY = "#c4cacc"
GRID_GREY = "#e5e8e8"
STEPS = (0.5, 1, 2, 5, 10, 15, 20, 30)  # graticule steps, degrees
SCALES = (10, 20, 50, 100, 200, 250, 500, 1000, 2000)  # scale bar lengths, km
KM_PER_DEGREE = 111.32
TOWNS_SPAN = 6.0  # degrees of latitude: on a smaller map, towns are shown as well as cities


@dataclass(frozen=True)
class Frame:
    """The map's window in degrees and in picture px (supersampled)."""

    south: float
    north: float
    west: float
    east: float
    left: float
    top: float
    width: float
    height: float

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        return (
            self.left + (lon - self.west) / (self.east - self.west) * self.width,
            self.top + (self.north - lat) / (self.north - self.south) * self.height,
        )

    def holds(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east


def window(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """South, north, west, east: the box of (lat, lon) `points` with a margin, widened to a landscape to
    square shape (a long thin route still shows its surroundings)."""
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    margin = max(1.0, 0.15 * max(north - south, east - west))
    south, north, west, east = south - margin, north + margin, west - margin, east + margin
    cos = math.cos(math.radians((south + north) / 2))
    ground_width, height = (east - west) * cos, north - south
    if height < 0.55 * ground_width:
        grow = (0.55 * ground_width - height) / 2
        south, north = south - grow, north + grow
    elif height > 0.9 * ground_width:
        grow = (height / 0.9 / cos - (east - west)) / 2
        west, east = west - grow, east + grow
    return max(south, -85.0), min(north, 85.0), max(west, -180.0), min(east, 180.0)


def degrees(value: float, positive: str, negative: str, language: str) -> str:
    number = format_decimal(abs(value), format="#,##0.#", locale=language)
    return f"{number}°" + ("" if value == 0 else positive if value > 0 else negative)


def graticule(draw: ImageDraw.ImageDraw, frame: Frame, face, language: str, text_px: float) -> None:
    words = WORDS[language]
    span = max(frame.north - frame.south, frame.east - frame.west)
    step = next((v for v in STEPS if span / v <= 8), STEPS[-1])
    line = max(1, round(text_px / 12))
    lat = math.ceil(frame.south / step) * step
    while lat <= frame.north:
        _x, y = frame.xy(lat, frame.west)
        draw.line([(frame.left, y), (frame.left + frame.width, y)], fill=GRID_GREY, width=line)
        label = degrees(lat, words["north"], words["south"], language)
        draw.text((frame.left - text_px * 0.3, y), label, font=face, fill=TOWN_GREY, anchor="rm")
        lat += step
    lon = math.ceil(frame.west / step) * step
    while lon <= frame.east:
        x, _y = frame.xy(frame.south, lon)
        draw.line([(x, frame.top), (x, frame.top + frame.height)], fill=GRID_GREY, width=line)
        label = degrees(lon, words["east"], words["west"], language)
        draw.text(
            (x, frame.top + frame.height + text_px * 0.3), label, font=face, fill=TOWN_GREY, anchor="mt"
        )
        lon += step
    box = [frame.left, frame.top, frame.left + frame.width, frame.top + frame.height]
    draw.rectangle(box, outline="#aab7b8", width=line * 2)


def towns(
    draw: ImageDraw.ImageDraw,
    frame: Frame,
    stops: set[tuple[float, float]],
    face,
    taken: list[Box],
    text_px: float,
) -> None:
    """The gazetteer's cities in the frame (and its towns and border posts on a map of a few degrees) but
    not at a stop (`stops`: (lat, lon) rounded to 0.01), as grey dots, named where a name fits."""
    size = (frame.left + frame.width, frame.top + frame.height)
    r = text_px * 0.18
    kinds = {"city"} if frame.north - frame.south > TOWNS_SPAN else {"city", "town", "border_post"}
    by_rank = sorted(gazetteer().places.values(), key=lambda p: (p.kind != "city", p.id))
    for place in by_rank:
        if place.kind not in kinds or not frame.holds(place.lat, place.lon):
            continue
        if (round(place.lat, 2), round(place.lon, 2)) in stops:
            continue
        x, y = frame.xy(place.lat, place.lon)
        dot = (x - r, y - r, x + r, y + r)
        if overlaps(dot, taken):
            continue
        draw.ellipse(dot, fill=TOWN_GREY)
        spot = place_label(draw, x, y, r * 2, clean(place.name), face, taken, size)
        if spot:
            halo_text(draw, spot[0], clean(place.name), face, TOWN_GREY, spot[1])
        taken.append(dot)


def countries(
    draw: ImageDraw.ImageDraw, frame: Frame, language: str, face, taken: list[Box], segments: list
) -> None:
    """Country names, in the report's language, at or near their approximate centre, where they cover
    no other name, no stop and no leg of the route."""
    names = Locale(language).territories
    inner = (frame.left, frame.top, frame.left + frame.width, frame.top + frame.height)
    step = getattr(face, "size", 20) * 1.6
    for place in sorted(gazetteer().places.values(), key=lambda p: p.id):
        if place.kind != "country" or not frame.holds(place.lat, place.lon):
            continue
        text = str(names.get(place.country, place.name)).upper()
        x, y = frame.xy(place.lat, place.lon)
        for dy in (0, step, -step, 2 * step, -2 * step):
            box = draw.textbbox((x, y + dy), text, font=face, anchor="mm")
            fits = box[0] >= inner[0] and box[1] >= inner[1] and box[2] <= inner[2] and box[3] <= inner[3]
            if (
                fits
                and not overlaps(box, taken, pad=4)
                and not any(crosses(box, a, b) for a, b, _gap in segments)
            ):
                draw.text((x, y + dy), text, font=face, fill=COUNTRY_GREY, anchor="mm")
                taken.append(box)
                break


def crosses(box: Box, start: tuple[float, float], end: tuple[float, float]) -> bool:
    """Does the segment start-end pass through `box`? (Points every few px: exact enough for labels.)"""
    steps = max(2, int(math.hypot(end[0] - start[0], end[1] - start[1]) / 4))
    for i in range(steps + 1):
        x = start[0] + (end[0] - start[0]) * i / steps
        y = start[1] + (end[1] - start[1]) * i / steps
        if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
            return True
    return False


def scale_bar(
    draw: ImageDraw.ImageDraw, frame: Frame, cos: float, face, words, text_px: float, taken: list[Box]
) -> None:
    """A bar of a round number of km, in the first corner of the map where it covers no stop."""
    px_per_km = frame.width / ((frame.east - frame.west) * KM_PER_DEGREE * max(cos, 0.01))
    km = next((v for v in reversed(SCALES) if v * px_per_km <= frame.width / 4), SCALES[0])
    bar = km * px_per_km
    right, bottom = frame.left + frame.width, frame.top + frame.height
    corners = [
        (frame.left + text_px, bottom - text_px * 0.9),
        (right - text_px - bar, bottom - text_px * 0.9),
        (frame.left + text_px, frame.top + text_px * 2.0),
        (right - text_px - bar, frame.top + text_px * 2.0),
    ]
    for x0, y in corners:
        box = (x0 - text_px * 0.4, y - text_px * 1.5, x0 + bar + text_px * 0.4, y + text_px * 0.5)
        if not overlaps(box, taken):
            break
    taken.append(box)
    draw.rectangle(box, fill="#ffffff")
    line = max(1, round(text_px / 8))
    draw.line([(x0, y), (x0 + bar, y)], fill="#1c2833", width=line)
    for x in (x0, x0 + bar):
        draw.line([(x, y - text_px * 0.3), (x, y)], fill="#1c2833", width=line)
    draw.text(
        (x0 + bar / 2, y - text_px * 0.4), words["km"].format(n=km), font=face, fill="#1c2833", anchor="mb"
    )
