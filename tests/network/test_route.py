"""The route: the ordered places of the journey from mentions in mixed order."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from filiere.network.route import PlaceMention, RouteStop, build_route

COORDS = {
    "niamey": ("Niamey", 13.51, 2.11),
    "agadez": ("Agadez", 16.97, 7.99),
    "dirkou": ("Dirkou", 18.99, 12.89),
    "seguedine": ("Séguédine", 20.19, 12.98),
    "madama": ("Madama", 21.96, 13.65),
    "sebha": ("Sebha", 27.04, 14.43),
    "tripoli": ("Tripoli", 32.89, 13.19),
    "zinder": ("Zinder", 13.80, 8.99),
    "kano": ("Kano", 12.00, 8.52),
    "benin-city": ("Benin City", 6.34, 5.63),
}


def at(place_id: str, sentence: str, evidence: int, when: date | str | None = None) -> PlaceMention:
    name, lat, lon = COORDS[place_id]
    return PlaceMention(place_id, name, lat, lon, when, evidence, sentence)


def names(route: list[RouteStop]) -> list[str]:
    return [stop.place_id or stop.name for stop in route]


def test_mixed_order_mentions_with_de_agadez_a_dirkou() -> None:
    s1 = "Le camion est tombé en panne à Dirkou."
    s2 = "Ensuite un autre chauffeur nous a emmenés à Sebha."
    s3 = "Nous sommes partis de Agadez à Dirkou dans un Hilux."
    s4 = "Je suis originaire de Zinder."
    s5 = "Je suis arrivé à Agadez depuis Niamey en bus."
    mentions = [
        at("dirkou", s1, 1),
        at("sebha", s2, 1),
        at("agadez", s3, 2),
        at("dirkou", s3, 2),
        at("zinder", s4, 3),
        at("agadez", s5, 3),
        at("niamey", s5, 3),
    ]
    route = build_route(mentions)
    assert names(route) == ["niamey", "agadez", "dirkou", "sebha"]
    assert route[1] == RouteStop("agadez", "Agadez", 16.97, 7.99, None, [2, 3])


def test_dates_order_places_across_documents() -> None:
    mentions = [
        at("madama", "Le convoi a passé Madama sans contrôle.", 5, date(2025, 1, 14)),
        at("agadez", "Le convoi est parti d'Agadez dans la nuit.", 4, "2025-01-10"),
        at("tripoli", "Nous avons été vendus à Tripoli.", 9, "2025-02-20"),
        at("sebha", "À Sebha on nous a gardés dans un ghetto.", 7, "2025-01-25"),
        at(
            "seguedine", "Nous avons fait le plein à Séguédine.", 6, None
        ),  # inherits 2025-01-25 from the line before
    ]
    route = build_route(mentions)
    assert names(route) == ["agadez", "madama", "sebha", "seguedine", "tripoli"]
    assert [s.first_seen for s in route] == ["2025-01-10", "2025-01-14", "2025-01-25", None, "2025-02-20"]


def test_movement_pairs_override_the_date_of_the_telling() -> None:
    # a hearing in March tells the January journey; a January intercept mentions only Dirkou
    mentions = [
        at("dirkou", "Ali est à Dirkou avec les passagers.", 1, "2025-01-12"),
        at("agadez", "De Agadez à Dirkou, nous étions vingt-six dans le pick-up.", 2, "2025-03-01"),
        at("dirkou", "De Agadez à Dirkou, nous étions vingt-six dans le pick-up.", 2, "2025-03-01"),
    ]
    assert names(build_route(mentions)) == ["agadez", "dirkou"]


def test_english_from_to_and_arrival_from() -> None:
    s1 = "We arrived in Sebha from Madama after four days."
    s2 = "From Agadez to Madama the guide drove without lights."
    mentions = [at("sebha", s1, 1), at("madama", s1, 1), at("agadez", s2, 2), at("madama", s2, 2)]
    assert names(build_route(mentions)) == ["agadez", "madama", "sebha"]


def test_places_of_origin_of_people_are_dropped_and_kept_when_also_a_stop() -> None:
    mentions = [
        at("benin-city", "Joy is from Benin City.", 1),
        at("kano", "Femi, né à Kano, recrutait à la gare.", 2),
        at("zinder", "Je suis originaire de Zinder mais nous sommes partis de Zinder en bus.", 3),
        at("zinder", "Je suis originaire de Zinder mais nous sommes partis de Zinder en bus.", 3),
        at("agadez", "Le bus est arrivé à Agadez.", 4),
    ]
    route = build_route(mentions)
    assert names(route) == ["zinder", "agadez"]
    assert route[0].evidence == [3]


def test_a_return_trip_keeps_the_first_told_order() -> None:
    s1 = "Nous sommes partis de Agadez à Dirkou."
    s2 = "Refoulés, nous sommes revenus de Dirkou à Agadez."
    route = build_route([at("agadez", s1, 1), at("dirkou", s1, 1), at("dirkou", s2, 2), at("agadez", s2, 2)])
    assert names(route) == ["agadez", "dirkou"]


def test_places_not_in_the_gazetteer_and_plain_tuples() -> None:
    mentions = [
        (None, "Camp Bir", None, None, None, 1, "Ils nous ont conduits de Camp Bir jusqu'à Sebha."),
        ("sebha", "Sebha", 27.04, 14.43, None, 1, "Ils nous ont conduits de Camp Bir jusqu'à Sebha."),
    ]
    route = build_route(mentions)
    assert [(s.place_id, s.name) for s in route] == [(None, "Camp Bir"), ("sebha", "Sebha")]


def test_bad_input() -> None:
    assert build_route([]) == []
    one = build_route([at("agadez", "", None, "not a date")])
    assert names(one) == ["agadez"] and one[0].evidence == [] and one[0].first_seen is None


def test_given_offsets_are_used() -> None:
    text = "de Dirkou à Agadez"  # offsets tell which mention is which, even for the same name twice
    mentions = [
        PlaceMention("agadez", "Agadez", 1, 1, None, 1, text, 12),
        PlaceMention("dirkou", "Dirkou", 2, 2, None, 1, text, 3),
    ]
    assert names(build_route(mentions)) == ["dirkou", "agadez"]


@given(st.permutations(["niamey", "agadez", "dirkou", "seguedine", "madama", "sebha", "tripoli"]))
def test_dated_stops_come_out_in_date_order_whatever_the_input_order(order: list[str]) -> None:
    days = {
        p: date(2025, 1, 1 + n)
        for n, p in enumerate(["niamey", "agadez", "dirkou", "seguedine", "madama", "sebha", "tripoli"])
    }
    mentions = [at(p, f"Nous étions à {COORDS[p][0]}.", n, days[p]) for n, p in enumerate(order)]
    route = build_route(mentions)
    assert names(route) == sorted(days, key=days.get)
    assert all(a.place_id != b.place_id for a, b in pairwise(route))
