"""The gazetteer: places of the Sahel routes as data, and one fast matcher over their spellings.

Records live in `filiere/data/gazetteer/*.yaml` (schema in docs/gazetteer.md). Every spelling is folded
(case, accents, apostrophes: see textnorm) and stored in a character trie compiled into ONE regular
expression, so a text is scanned once in C whatever the number of places; alternatives are tried longest
first, so "Benin City" wins over "Benin" and "Guinée-Bissau" over "Guinée".

Choices about ambiguous spellings (all data-driven, per record):
- `variants`: matched in any case ("agadez", "AGADÈS").
- `capitalised`: ordinary words or short forms ("Tam", "Brak", "Ghat", "Fada", "Madama" vs "madam")
  are matched only when the original starts with a capital letter (all capitals for acronyms like
  "BBM"); confidence 0.9.
- `ambiguous`: names that are also common first names ("Mali", "Chad", "Pô"): capital required and
  confidence 0.7; the country reading is kept since it is by far the likelier one in evidence.
"Niger" is always the country (the river is rare in evidence and lies in the same region).
Spaces and hyphens between words are interchangeable ("In Guezzam" = "In-Guezzam"), and a spelling with
an apostrophe also matches without it ("Fada N'Gourma" = "Fada Ngourma").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from filiere.data import load_yaml
from filiere.extract.textnorm import Lexicon

KINDS = ("city", "town", "border_post", "oasis", "port", "island", "region", "country")
ROUTES = ("central_med", "algeria", "mali", "atlantic", "western_med")
CONFIDENCE = {"variants": 1.0, "capitalised": 0.9, "ambiguous": 0.7}


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    kind: str
    country: str
    lat: float
    lon: float
    verified: bool = True
    routes: tuple[str, ...] = ()
    note: str | None = None
    source_file: str = ""

    def value(self) -> dict[str, Any]:
        """The JSON value of a place mention."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
        }


@dataclass(frozen=True)
class _Entry:
    place: Place
    confidence: float


@dataclass(frozen=True)
class Gazetteer:
    places: dict[str, Place]
    lexicon: Lexicon[_Entry]


def _records(path_name: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    if not isinstance(data, dict) or not data.get("source") or not isinstance(data.get("places"), list):
        raise ValueError(f"gazetteer {path_name}: expected a mapping with 'source' and a 'places' list")
    default_country = data.get("country")
    records = []
    for record in data["places"]:
        record = dict(record)
        record.setdefault("country", default_country)
        missing = [k for k in ("id", "name", "kind", "country", "lat", "lon") if record.get(k) is None]
        if missing:
            raise ValueError(f"gazetteer {path_name}: record {record.get('id')!r} lacks {', '.join(missing)}")
        if record["kind"] not in KINDS:
            raise ValueError(f"gazetteer {path_name}: {record['id']}: unknown kind {record['kind']!r}")
        bad_routes = set(record.get("routes", ())) - set(ROUTES)
        if bad_routes:
            raise ValueError(f"gazetteer {path_name}: {record['id']}: unknown routes {sorted(bad_routes)}")
        records.append(record)
    return records


def _place(record: dict[str, Any], file_name: str) -> Place:
    return Place(
        id=record["id"],
        name=record["name"],
        kind=record["kind"],
        country=str(record["country"]),
        lat=float(record["lat"]),
        lon=float(record["lon"]),
        verified=bool(record.get("verified", True)),
        routes=tuple(record.get("routes", ())),
        note=record.get("note"),
        source_file=file_name,
    )


def build(files: dict[str, str]) -> Gazetteer:
    """A gazetteer from YAML texts by file name (used for the shipped data and by tests).

    Raises ValueError on a malformed record, a duplicate id, or a spelling that names two places.
    """
    places: dict[str, Place] = {}
    lexicon: Lexicon[_Entry] = Lexicon()
    for name in sorted(files):
        for record in _records(name, load_yaml(files[name])):
            if record["id"] in places:
                raise ValueError(f"gazetteer {name}: duplicate id {record['id']!r}")
            place = places[record["id"]] = _place(record, name)
            special = {*record.get("capitalised", ()), *record.get("ambiguous", ())}
            lists = {
                "variants": [s for s in (record["name"], *record.get("variants", ())) if s not in special],
                "capitalised": record.get("capitalised", ()),
                "ambiguous": record.get("ambiguous", ()),
            }
            for list_name, spellings in lists.items():
                for spelling in map(str, spellings):
                    entry = _Entry(place, CONFIDENCE[list_name])
                    capitalised = list_name != "variants"
                    other = lexicon.add(spelling, entry, capitalised)
                    if other is not None and other.place.id != place.id:
                        raise ValueError(
                            f"gazetteer {name}: {spelling!r} of {place.id!r} names {other.place.id!r}"
                        )
                    if "'" in spelling:  # "Fada N'Gourma" is also written "Fada Ngourma"
                        lexicon.add(spelling.replace("'", "").replace("\u2019", ""), entry, capitalised)
    return Gazetteer(places, lexicon)


@cache
def gazetteer() -> Gazetteer:
    """The shipped gazetteer, loaded and compiled once per process."""
    folder = resources.files("filiere") / "data" / "gazetteer"
    files = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir() if p.name.endswith(".yaml")}
    return build(files)


def place(place_id: str) -> Place | None:
    """A place by its id."""
    return gazetteer().places.get(place_id)


def lookup(name: str) -> Place | None:
    """The place a whole name designates ("Agadès", "in-guezzam"), ignoring case and accents."""
    entry = gazetteer().lexicon.get(name)
    return entry.place if entry else None


def match_places(text: str, gaz: Gazetteer | None = None) -> list[tuple[int, int, Place, float]]:
    """Every gazetteer place named in `text`: (start, end, place, confidence), spans in the original."""
    return [
        (s, e, entry.place, entry.confidence) for s, e, entry in (gaz or gazetteer()).lexicon.finditer(text)
    ]
