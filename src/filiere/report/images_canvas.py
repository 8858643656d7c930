"""Drawing helpers shared by the report's static images (network chart, route map): fonts, text with a
white halo, dashed lines, arrow heads, label placement without overlaps, and a reproducible PNG.

Why these exist: PDF and DOCX cannot hold the interactive SVG, so the report carries PNG pictures that must
read on paper (17 cm wide on A4) and be the same bytes for the same case, like the HTML report. Pictures
are drawn at twice their size and reduced (smooth edges without a vector library). The PNG holds no date
and no text chunk; only its resolution, so a word processor places it 17 cm wide.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Sequence
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from filiere.fonts import find_fonts

SUPERSAMPLE = 2  # drawn at 2x, reduced at the end
PRINT_WIDTH_CM = 17.0  # the width of the picture on an A4 page with usual margins
MIN_WIDTH, MAX_WIDTH = 200, 8000  # px; wider would need gigabytes at 2x, narrower cannot hold a legend
LABEL_CHARS = 28  # longer names are cut with "…", as on the HTML chart

# The images' own words (the rest comes from report/labels.py), complete in both languages.
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "node_size": "larger circle: higher key-player score",
        "not_placed": "Not placed on the map (place not in the gazetteer): {places}.",
        "route_stop": "stop, in travel order",
        "reference_town": "town, for reference",
        "north": "N",
        "south": "S",
        "east": "E",
        "west": "W",
        "km": "{n} km",
    },
    "fr": {
        "node_size": "cercle plus grand : score d'acteur clé plus élevé",
        "not_placed": "Non placés sur la carte (lieu absent du répertoire géographique) : {places}.",
        "route_stop": "étape, dans l'ordre du voyage",
        "reference_town": "ville, pour repère",
        "north": "N",
        "south": "S",
        "east": "E",
        "west": "O",
        "km": "{n} km",
    },
}

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
Box = tuple[float, float, float, float]


@cache
def font(size: int, bold: bool = False) -> Font:
    """DejaVu (every letter of a name: é, œ, Arabic, Cyrillic…) at `size` px, else Pillow's own font."""
    size = max(int(size), 6)
    paths = find_fonts()
    if paths:
        try:
            return ImageFont.truetype(str(paths["B" if bold else ""]), size)
        except OSError:  # unreadable font file: draw with the built-in one rather than fail the report
            pass
    return ImageFont.load_default(size=size)


def clean(text: str, limit: int = LABEL_CHARS) -> str:
    """A label safe to draw on one line: control characters (new lines, NUL, tabs) become spaces, runs of
    spaces one, and a long name is cut with "…" (each label is laid out alone, so a right-to-left name
    or a direction mark cannot reorder its neighbours)."""
    out = "".join(" " if unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") else c for c in text)
    out = " ".join(out.split())
    return out if len(out) <= limit else out[: limit - 1].rstrip() + "…"


def text_box(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, face: Font, anchor: str) -> Box:
    return tuple(draw.textbbox(xy, text, font=face, anchor=anchor))  # type: ignore[return-value]


def halo_text(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    face: Font,
    fill: str = "#1c2833",
    anchor: str = "lm",
) -> None:
    """Text with a white outline, so a name stays readable where it crosses links."""
    size = getattr(face, "size", 12)
    stroke = max(2, round(size / 7))
    draw.text(xy, text, font=face, fill=fill, anchor=anchor, stroke_width=stroke, stroke_fill="#ffffff")


def dashed_line(
    draw: ImageDraw.ImageDraw,
    start: tuple[float, float],
    end: tuple[float, float],
    fill: str,
    width: int,
    dash: Sequence[float],
) -> None:
    """A straight line, solid when `dash` is empty, else cut by the on/off lengths of `dash` (in px)."""
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0)
    if not dash or length == 0:
        draw.line([start, end], fill=fill, width=width)
        return
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    period = sum(dash)
    if period <= 0:
        draw.line([start, end], fill=fill, width=width)
        return
    pos, i = 0.0, 0
    while pos < length:
        step = dash[i % len(dash)]
        if i % 2 == 0 and step > 0:
            stop = min(pos + step, length)
            draw.line(
                [(x0 + ux * pos, y0 + uy * pos), (x0 + ux * stop, y0 + uy * stop)], fill=fill, width=width
            )
        pos += step
        i += 1


def arrow_head(
    draw: ImageDraw.ImageDraw, tail: tuple[float, float], tip: tuple[float, float], size: float, fill: str
) -> None:
    """A filled triangle pointing from `tail` to `tip`, its point on `tip`."""
    (x0, y0), (x1, y1) = tail, tip
    length = math.hypot(x1 - x0, y1 - y0) or 1.0
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    bx, by = x1 - ux * size, y1 - uy * size
    half = size * 0.45
    draw.polygon([(x1, y1), (bx - uy * half, by + ux * half), (bx + uy * half, by - ux * half)], fill=fill)


def overlaps(box: Box, others: Sequence[Box], pad: float = 0.0) -> bool:
    x0, y0, x1, y1 = box
    return any(x0 < b[2] + pad and b[0] - pad < x1 and y0 < b[3] + pad and b[1] - pad < y1 for b in others)


def inside(box: Box, width: float, height: float) -> bool:
    return box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height


def place_label(
    draw: ImageDraw.ImageDraw,
    x: float,
    y: float,
    gap: float,
    text: str,
    face: Font,
    taken: list[Box],
    size: tuple[float, float],
    force: bool = False,
) -> tuple[tuple[float, float], str] | None:
    """Where to write `text` beside the point (x, y) at distance `gap`: right, left, below, above, the
    first place free of the labels already `taken` and inside the picture; the right side when `force` and
    none is free, else None. The chosen box is added to `taken`."""
    candidates = [
        ((x + gap, y), "lm"),
        ((x - gap, y), "rm"),
        ((x, y + gap), "mt"),
        ((x, y - gap), "mb"),
        ((x + gap * 0.7, y + gap * 0.7), "lt"),
        ((x - gap * 0.7, y - gap * 0.7), "rb"),
    ]
    for xy, anchor in candidates:
        box = text_box(draw, xy, text, face, anchor)
        if inside(box, *size) and not overlaps(box, taken, pad=2):
            taken.append(box)
            return xy, anchor
    if not force:
        return None
    xy, anchor = candidates[0] if x < size[0] * 0.75 else candidates[1]
    taken.append(text_box(draw, xy, text, face, anchor))
    return xy, anchor


def wrap(draw: ImageDraw.ImageDraw, text: str, face: Font, width: float) -> list[str]:
    """`text` cut into lines no wider than `width` px (at spaces; a word too long for a line is cut)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        trial = f"{line} {word}" if line else word
        if draw.textlength(trial, font=face) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
        while draw.textlength(line, font=face) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and draw.textlength(line[:cut], font=face) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line:
        lines.append(line)
    return lines


def picture_width(width_px: int) -> int:
    """The width asked for, within MIN_WIDTH..MAX_WIDTH."""
    return min(max(int(width_px), MIN_WIDTH), MAX_WIDTH)


def new_canvas(width: int, height: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """A white picture at SUPERSAMPLE times (width, height), and its drawing context."""
    image = Image.new("RGB", (width * SUPERSAMPLE, max(height, 1) * SUPERSAMPLE), "#ffffff")
    return image, ImageDraw.Draw(image)


def to_png(image: Image.Image, width: int) -> bytes:
    """Reduce the supersampled picture to `width` px and encode it: same picture, same bytes."""
    height = max(1, round(image.height * width / image.width))
    small = image.reduce(SUPERSAMPLE) if image.width == width * SUPERSAMPLE else image
    if small.size != (width, height):
        small = small.resize((width, height), Image.Resampling.LANCZOS)
    dpi = round(width / (PRINT_WIDTH_CM / 2.54))
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=False, compress_level=6, dpi=(dpi, dpi))
    return out.getvalue()
