"""The gazetteer data is complete and well-formed, and matching honours spellings, case and accents."""

from __future__ import annotations

import string

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from filiere.extract.gazetteer import KINDS, ROUTES, build, gazetteer, lookup, match_places, place
from filiere.extract.textnorm import canonical, fold, folded

DOMAIN_PLACES = [
    "Niamey", "Agadez", "Arlit", "Dirkou", "Séguédine", "Madama", "Toummo", "Al Qatrun", "Sebha", "Tripoli",
    "Zuwara", "Sabratha", "Lampedusa", "Sicily", "Assamaka", "In Guezzam", "Tamanrasset", "Gao", "Kidal",
    "Bordj Badji Mokhtar", "Bamako", "Ségou", "Mopti", "Timbuktu", "Kayes", "Nouadhibou", "Dakar",
    "Saint-Louis", "Canary Islands", "Oujda", "Nador", "Tangier", "Ceuta", "Melilla", "Ouagadougou",
    "Abidjan", "Accra", "Lagos", "Benin City", "Kano", "Banjul", "Conakry", "Khartoum",
]  # fmt: skip


def _ids(text: str) -> list[str]:
    return [p.id for _, _, p, _ in match_places(text)]


def test_at_least_120_places_with_valid_fields() -> None:
    places = gazetteer().places
    assert len(places) >= 120
    for p in places.values():
        assert p.kind in KINDS, p.id
        assert set(p.routes) <= set(ROUTES), p.id
        assert isinstance(p.country, str) and len(p.country) == 2 and p.country.isupper(), p.id
        assert -10 <= p.lat <= 65 and -30 <= p.lon <= 110, p.id  # Atlantic to Russia: catches swapped lat/lon
        assert p.id == p.id.lower() and " " not in p.id


def test_every_file_names_its_source_and_every_spelling_is_text() -> None:
    from importlib import resources

    for path in (resources.files("filiere") / "data" / "gazetteer").iterdir():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["source"].strip(), path.name
        for record in data["places"]:
            for key in ("variants", "capitalised", "ambiguous"):
                assert all(isinstance(s, str) for s in record.get(key, ())), (path.name, record["id"])


@pytest.mark.parametrize("name", DOMAIN_PLACES)
def test_every_domain_route_place_is_known(name: str) -> None:
    assert lookup(name) is not None, name


@pytest.mark.parametrize(
    ("spelling", "place_id"),
    [
        ("Agadès", "agadez"), ("AGADEZ", "agadez"), ("Sabha", "sebha"), ("Sebhā", "sebha"),
        ("Tamanghasset", "tamanrasset"), ("Tombouctou", "timbuktu"), ("In-Guezzam", "in-guezzam"),
        ("Ain Guezzam", "in-guezzam"), ("Gatroun", "al-qatrun"), ("El Gatrone", "al-qatrun"),
        ("Îles Canaries", "canary-islands"), ("Sicile", "sicily"), ("Tanger", "tangier"),
        ("Fada N’Gourma", "fada-ngourma"), ("Fada Ngourma", "fada-ngourma"),
        ("bordj-badji-mokhtar", "bordj-badji-mokhtar"),
    ],
)  # fmt: skip
def test_variants_fold_to_one_place(spelling: str, place_id: str) -> None:
    assert _ids(f"Ils sont passés par {spelling} hier.") == [place_id]


def test_spans_point_at_the_original_characters() -> None:
    text = "Départ d’Agadès vers SÉGUÉDINE, puis Al-Qatrun et Sebha."
    hits = match_places(text)
    assert [text[s:e] for s, e, _, _ in hits] == ["Agadès", "SÉGUÉDINE", "Al-Qatrun", "Sebha"]


def test_decomposed_accents_keep_exact_spans() -> None:
    text = "Arrive\u0301 a\u0300 Se\u0301gou ce soir"
    [(s, e, p, _)] = match_places(text)
    assert p.id == "segou" and text[s:e] == "Se\u0301gou"


def test_longest_spelling_wins() -> None:
    assert _ids("Il vit à Benin City, pas au Bénin; en Guinée-Bissau, pas en Guinée.") == [
        "benin-city", "benin", "guinea-bissau", "guinea",
    ]  # fmt: skip


def test_ordinary_words_need_a_capital() -> None:
    assert _ids("On est restés à Tam puis Brak et Ghat.") == ["tamanrasset", "brak", "ghat"]
    assert _ids("the tam was red, a brak ghat; la madama du ghetto") == []
    assert _ids("we stayed in Salah's ghetto") == []
    assert _ids("BBM ou bbm") == ["bordj-badji-mokhtar"]


def test_ambiguous_names_have_lower_confidence() -> None:
    [(_, _, p, conf)] = match_places("Il est rentré au Mali.")
    assert p.id == "mali" and conf < 0.8
    assert match_places("le mali") == []


def test_word_boundaries() -> None:
    assert _ids("Gaoual, Kanoté, Accrabond, Niamey2 et Niger.") == ["niger"]
    assert _ids("Nigeria et Niger") == ["nigeria", "niger"]


def test_place_record_and_value() -> None:
    agadez = place("agadez")
    assert agadez is not None and agadez.country == "NE" and abs(agadez.lat - 16.97) < 0.1
    assert set(agadez.value()) == {"id", "name", "kind", "country", "lat", "lon"}


def test_malformed_data_is_refused() -> None:
    good = "source: test\ncountry: NE\nplaces:\n  - {id: a, name: Aa, kind: town, lat: 1, lon: 2}\n"
    assert "a" in build({"x.yaml": good}).places
    with pytest.raises(ValueError, match="lacks"):
        build({"x.yaml": "source: t\nplaces:\n  - {id: a, name: Aa, kind: town, lat: 1}\n"})
    with pytest.raises(ValueError, match="unknown kind"):
        build({"x.yaml": good.replace("town", "village")})
    with pytest.raises(ValueError, match="names"):
        build({"x.yaml": good, "y.yaml": good.replace("id: a,", "id: b,")})


# --- folding ---------------------------------------------------------------------------------------

TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(string.ascii_letters + " -'’–\u00a0\u202fÉéèàçÀÎïôœÆßİıØ\u0301\u0300\u0308ā"),
        st.characters(),
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.data())
def test_every_folded_span_maps_back_to_an_original_span_with_the_same_fold(text: str, data) -> None:
    out, offsets = fold(text)
    assert len(offsets) == len(out) + 1 and offsets[-1] == len(text)
    a = data.draw(st.integers(0, len(out)))
    b = data.draw(st.integers(a, len(out)))
    start, end = offsets[a], offsets[b]
    assert fold(text[start:end])[0] == out[a:b]
    assert folded(text).span(a, b) == (start, end)


def test_fold_examples() -> None:
    assert fold("Agadès")[0] == "agades"
    assert fold("N’Gourma – Séguédine")[0] == "n'gourma - seguedine"
    out, offsets = fold("Se\u0301gou")
    assert out == "segou" and offsets == [0, 1, 3, 4, 5, 6]
    assert canonical("Bordj  Badji-Mokhtar") == "bordj badji mokhtar"
