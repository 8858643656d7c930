"""Places: gazetteer towns with coordinates, and facility phrases that borrow their town's."""

from __future__ import annotations

from filiere.extract.mention import Context, Mention
from filiere.extract.places import find_places

CTX = Context(region="NE")


def _facilities(text: str) -> list[Mention]:
    return [m for m in find_places(text, CTX) if m.value["kind"] == "facility"]


def _check_spans(text: str, mentions: list[Mention]) -> None:
    for m in mentions:
        assert text[m.start : m.end] == m.text


def test_towns_carry_coordinates() -> None:
    text = "Le convoi a quitté Agadès lundi pour Dirkou, puis Madama, Toummo et Sebha."
    found = find_places(text, CTX)
    _check_spans(text, found)
    assert [m.value["id"] for m in found] == ["agadez", "dirkou", "madama", "toummo", "sebha"]
    agadez = found[0].value
    assert agadez["country"] == "NE" and agadez["kind"] == "city"
    assert round(agadez["lat"]) == 17 and round(agadez["lon"]) == 8
    assert found[0].source == "gazetteer"


def test_ghettos_with_owner() -> None:
    text = "On est restés deux semaines au ghetto de Salah à Agadez, puis dans le ghetto d'Alhaji Mohamed."
    found = find_places(text, CTX)
    _check_spans(text, found)
    assert [m.text for m in found] == ["Agadez", "ghetto de Salah", "ghetto d'Alhaji Mohamed"]
    first, second = (m.value for m in found[1:])
    assert first["facility"] == "ghetto" and first["owner"] == "Salah" and first["id"] is None
    assert second["owner"] == "Alhaji Mohamed" and second["place_id"] is None and second["lat"] is None


def test_english_possessive_and_compound() -> None:
    text = "We slept in Salah's ghetto, then waited at the Agadez bus station and the Wadata motor park."
    facilities = _facilities(text)
    assert [m.text for m in facilities] == ["ghetto", "Agadez bus station", "Wadata motor park"]
    assert facilities[0].value["owner"] == "Salah"
    assert facilities[1].value["facility"] == "bus_station" and facilities[1].value["place_id"] == "agadez"
    assert facilities[1].value["lat"] is not None
    assert facilities[2].value["locality"] == "Wadata" and facilities[2].value["place_id"] is None
    assert not [m for m in find_places(text, CTX) if m.value.get("id") == "in-salah"]


def test_bus_stations_checkpoints_and_borders() -> None:
    text = (
        "Le coxeur nous attendait à l'autogare de Niamey. Au poste de police de Tahoua ils ont payé, "
        "puis au poste de Dirkou et au poste de Kellé. À la frontière avec le Niger, rien."
    )
    got = {m.text: (m.value["facility"], m.value["place_id"], m.value["locality"]) for m in _facilities(text)}
    assert got == {
        "autogare de Niamey": ("bus_station", "niamey", None),
        "poste de police de Tahoua": ("checkpoint", "tahoua", None),
        "poste de Dirkou": ("checkpoint", "dirkou", None),
        "poste de Kellé": ("checkpoint", None, "Kellé"),
        "frontière avec le Niger": ("border", "niger", None),
    }


def test_loose_links_do_not_join() -> None:
    text = "The autogare in Agadez; a checkpoint near Madama."
    assert [(m.text, m.value.get("facility")) for m in find_places(text, CTX)] == [
        ("Agadez", None),
        ("Madama", None),
        ("autogare", "bus_station"),
        ("checkpoint", "checkpoint"),
    ]


def test_bare_facility_words() -> None:
    text = "Il dort au foyer près de la gare routière; the connection house; le chef du ghetto."
    got = [(m.text, m.value["facility"]) for m in _facilities(text)]
    assert got == [
        ("foyer", "hostel"),
        ("gare routière", "bus_station"),
        ("connection house", "house"),
        ("ghetto", "ghetto"),
    ]


def test_ordinary_words_are_not_facilities() -> None:
    text = "Médecins sans frontières; le poste est bon; border patrol; le marché est conclu; à la frontière."
    assert _facilities(text) == []


def test_empty_and_plain_text() -> None:
    assert find_places("", CTX) == []
    assert find_places("Rien à signaler ce jour.", CTX) == []


def test_bad_input_does_not_break_spans() -> None:
    text = "ⴰⴳⴰⴷⴻⵣ أغاديس Agadès\u0301 " + "x" * 200_000 + " ghetto de Salah\ufffd à Niamey"
    found = find_places(text, CTX)
    _check_spans(text, found)
    assert {m.value.get("id") or m.value["facility"] for m in found} >= {"agadez", "niamey", "ghetto"}
