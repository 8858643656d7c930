"""Vehicles and boats: nouns, makes, models and plates, in French and English."""

from __future__ import annotations

from filiere.extract.mention import Context
from filiere.extract.vehicles import find_vehicles

FR = Context(region="NE", language="fr")
EN = Context(region="NG", language="en")


def _found(text: str, ctx: Context = FR) -> list[tuple[str, dict]]:
    mentions = find_vehicles(text, ctx)
    for m in mentions:
        assert text[m.start : m.end] == m.text and m.type == "vehicle"
    return [(m.text, m.value) for m in mentions]


def test_make_model_and_plate_are_linked() -> None:
    found = _found("Le chauffeur conduisait un pick-up Toyota Hilux immatriculé AG 1234 RN vers Arlit.")
    assert [t for t, _ in found] == ["pick-up Toyota Hilux", "AG 1234 RN"]
    vehicle, plate = (v for _, v in found)
    assert vehicle == {
        "kind": "pickup",
        "make": "Toyota",
        "model": "Hilux",
        "plate": "AG 1234 RN",
        "plate_country": "NE",
    }
    assert plate == vehicle  # the plate mention carries the vehicle it belongs to


def test_unlisted_model_after_a_make() -> None:
    found = _found("Il roulait dans une Peugeot 406 puis une Toyota Avensis blanche.")
    assert [(t, v["model"]) for t, v in found] == [("Peugeot 406", "406"), ("Toyota Avensis", "Avensis")]


def test_vague_words_need_a_make() -> None:
    assert _found("Le véhicule a été saisi.") == []
    assert _found("le véhicule Toyota")[0][1]["make"] == "Toyota"


def test_model_alone_gives_make_and_kind() -> None:
    [(_, hilux), (_, cruiser), (_, sprinter)] = _found("un Hilux, le Land Cruiser et un Mercedes Sprinter")
    assert (hilux["make"], hilux["kind"]) == ("Toyota", "pickup")
    assert (cruiser["make"], cruiser["model"]) == ("Toyota", "Land Cruiser")
    assert (sprinter["make"], sprinter["model"], sprinter["kind"]) == ("Mercedes", "Sprinter", "bus")


def test_french_car_is_a_coach_but_not_the_conjunction() -> None:
    found = _found("Nous avons pris le car de Niamey car il était moins cher.")
    assert [(t, v["kind"]) for t, v in found] == [("car", "bus")]
    assert [(t, v["kind"]) for t, v in _found("He parked the car near the bus.", EN)] == [
        ("car", "car"),
        ("bus", "bus"),
    ]


def test_generic_nouns() -> None:
    found = _found("Deux camions, un 4x4, une moto et un camion de marque Mercedes.")
    assert [(t, v["kind"], v["make"]) for t, v in found] == [
        ("camions", "truck", None),
        ("4x4", "car", None),
        ("moto", "motorbike", None),
        ("camion de marque Mercedes", "truck", "Mercedes"),
    ]


def test_boats() -> None:
    text = "Ils sont montés dans une pirogue, puis un canot pneumatique; the rubber boat and a trawler."
    assert [(t, v["kind"]) for t, v in _found(text)] == [
        ("pirogue", "boat"),
        ("canot pneumatique", "boat"),
        ("rubber boat", "boat"),
        ("trawler", "boat"),
    ]


def test_models_that_are_ordinary_words_need_a_make_or_noun() -> None:
    assert _found("The border patrol went to Jakarta.", EN) == []
    [(text, value)] = _found("Il roulait en moto Jakarta.")
    assert text == "moto Jakarta" and value["model"] == "Jakarta"
    assert _found("a Nissan Patrol", EN)[0][1]["model"] == "Patrol"
    assert _found("the man was there", EN) == []
    assert _found("a MAN truck", EN)[0][1] == {
        "kind": "truck", "make": "MAN", "model": None, "plate": None, "plate_country": None,
    }  # fmt: skip


def test_plates_of_the_region() -> None:
    found = _found(
        "Véhicule 8B 4521 RN. Plaque AB 1234 MD. A bus, plate KJA 123 XY. Registration GR 1234-20.", EN
    )
    plates = [(t, v["plate_country"]) for t, v in found if t == v["plate"]]
    assert plates == [("8B 4521 RN", "NE"), ("AB 1234 MD", "ML"), ("KJA 123 XY", "NG"), ("GR 1234-20", "GH")]


def test_weak_plates_need_a_vehicle_or_a_plate_word() -> None:
    assert _found("Écrire à BP 1234 Niamey, dossier PV 2024.") == []
    [(text, value)] = _found("la plaque NA 4521")
    assert text == "NA 4521" and value["kind"] is None and value["plate"] == "NA 4521"
    # a naira amount a few words after a motorbike is not its plate
    assert [t for t, _ in _found("He took a motorbike to Zinder, where they took N3000.", EN)] == [
        "motorbike"
    ]


def test_empty_and_mixed_scripts() -> None:
    assert _found("") == []
    assert _found("سيارة تويوتا ⵜⴰⴽⵙⵉ") == []
