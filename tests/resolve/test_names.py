"""Name matching that knows the field: variants, order, particles, titles; brothers stay apart."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from filiere.data import DATA_DIR, load_yaml
from filiere.extract.language import fold_text
from filiere.resolve.name_parts import normalise_name
from filiere.resolve.names import SAME_PERSON, blocking_keys, name_similarity


def _yaml(path: str) -> dict:
    return load_yaml((DATA_DIR / path).read_text(encoding="utf-8"))


GROUPS = _yaml("names/given_variants.yaml")["groups"]
SURNAME_GROUPS = _yaml("names/surnames.yaml")["groups"]
SURNAMES = sorted({g["names"][0] for g in SURNAME_GROUPS})
# Titles that are not also given names (Yaya, Cheikh are kept as names, on purpose).
_GIVEN_WORDS = {fold_text(n) for g in GROUPS for n in g["names"]} | {
    fold_text(n) for n in _yaml("persons/given_names.yaml")["names"]
}
TITLES = sorted(
    w
    for entry in _yaml("persons/titles.yaml").values()
    for w in entry["words"]
    if fold_text(w) not in _GIVEN_WORDS
)


# --- normalisation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "given", "surnames", "display"),
    [
        ("KEITA Moussa", ("moussa",), ("keita",), "Moussa Keita"),
        ("Moussa KEITA", ("moussa",), ("keita",), "Moussa Keita"),
        ("Keïta Moussa", ("moussa",), ("keita",), "Moussa Keïta"),  # surname known from the lists
        ("KEITA, Moussa", ("moussa",), ("keita",), "Moussa Keita"),
        ("TRAORE Fatoumata Binta", ("fatoumata", "binta"), ("traore",), "Fatoumata Binta Traore"),
        ("M. KEITA Moussa", ("moussa",), ("keita",), "Moussa Keita"),
        ("Mme TRAORE Aminata", ("aminata",), ("traore",), "Aminata Traore"),
        ("Mr Emeka Okafor", ("emeka",), ("okafor",), "Emeka Okafor"),
        ("Mrs. Blessing Osagie", ("blessing",), ("osagie",), "Blessing Osagie"),
        ("Alhaji Musa Bello", ("musa",), ("bello",), "Musa Bello"),
        ("El Hadj Oumarou Garba", ("oumarou",), ("garba",), "Oumarou Garba"),
        ("le sergent Moussa KEITA", ("moussa",), ("keita",), "Moussa Keita"),
        ("Madam Grace Omoregie", ("grace",), ("omoregie",), "Grace Omoregie"),
        ("Aunty Fatou", ("fatou",), (), "Fatou"),
        ("Oga Kingsley", ("kingsley",), (), "Kingsley"),
        ("le nommé DIALLO Ibrahima", ("ibrahima",), ("diallo",), "Ibrahima Diallo"),
        ("Mohamed Ag Alhassane", ("mohamed",), ("ag alhassane",), "Mohamed Ag Alhassane"),
        ("AG ALHASSANE Mohamed", ("mohamed",), ("ag alhassane",), "Mohamed Ag Alhassane"),
        ("Sidi Ould-Ahmed", ("sidi",), ("ould ahmed",), "Sidi Ould Ahmed"),
        ("Zeinabou Mint Sidi", ("zeinabou",), ("mint sidi",), "Zeinabou Mint Sidi"),
        ("N'DIAYE Awa", ("awa",), ("ndiaye",), "Awa N'Diaye"),
        ("KEITA Moussa dit Le Vieux", ("moussa",), ("keita",), "Moussa Keita"),
        ("KEITA Moussa (chauffeur)", ("moussa",), ("keita",), "Moussa Keita"),
        ("Yaya Touré", ("yaya",), ("toure",), "Yaya Touré"),
        ("KEITA Moussa, 34 ans, chauffeur", ("moussa",), ("keita",), "Moussa Keita"),
        ("Moussa KEITA, chauffeur", ("moussa",), ("keita",), "Moussa Keita"),
        ("KEITA Moussa fils d'Ibrahim", ("moussa",), ("keita",), "Moussa Keita"),
        ("Aminata TRAORE née le 3 mars 1990 à Gao", ("aminata",), ("traore",), "Aminata Traore"),
        ("Musa Bello, born in Kano", ("musa",), ("bello",), "Musa Bello"),
        ("L'adjudant Moussa KEITA", ("moussa",), ("keita",), "Moussa Keita"),
        ("KEITA", (), ("keita",), "Keita"),
        ("Doulaye", ("doulaye",), (), "Doulaye"),
    ],
)
def test_normalise(raw: str, given: tuple, surnames: tuple, display: str) -> None:
    key = normalise_name(raw)
    assert (key.given, key.surnames, key.display) == (given, surnames, display)


def test_order_is_reported() -> None:
    assert normalise_name("KEITA Moussa").order == "surname-first"
    assert normalise_name("Moussa Keita").order == "given-first"
    assert normalise_name("Issa Moussa").order == "unsure"  # two given names: a Nigerien patronym or not


def test_married_and_maiden_names_are_other_surnames() -> None:
    key = normalise_name("Mme KEITA née TRAORE Aminata")
    assert (key.given, key.surnames, key.other_surnames) == (("aminata",), ("keita",), ("traore",))
    assert normalise_name("Aminata TRAORE épouse KEITA").other_surnames == ("keita",)


def test_qualifiers_are_kept_apart_from_the_name() -> None:
    assert normalise_name("Petit Abdou").qualifier == "petit"
    assert normalise_name("Moussa KEITA fils").qualifier == "fils"
    assert normalise_name("Moussa KEITA fils").surnames == ("keita",)


@pytest.mark.parametrize("raw", ["Oga", "Madam", "Le Vieux", "le sergent", "Aunty", "Chef", "", "  ", "123"])
def test_titles_and_nicknames_alone_hold_no_name(raw: str) -> None:
    assert normalise_name(raw).given == () and normalise_name(raw).surnames == ()


# --- similarity: the field's cases ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "words"),
    [
        ("KEITA Moussa", "Moussa Keita", "same given name (Moussa) and same surname (Keita)"),
        ("Moussa KEITA", "Musa Keïta", "variants Moussa/Musa"),
        (
            "Abdoulaye DIALLO",
            "Doulaye Diallo",
            "same given name (variants Abdoulaye/Doulaye) and same surname",
        ),
        ("Mohamed Ag Alhassane", "Mouhamed AG ALHASSANE", "variants Mohamed/Mouhamed"),
        ("Fatouma Maïga", "Fatou MAIGA", "variants Fatouma/Fatou"),
        ("Fatoumata Diallo", "Fati Jallow", "variants Diallo/Jallow"),
        ("Ibrahim Sawadogo", "Brahima SAWADOGO", "variants Ibrahim/Brahima"),
        ("Oumar Sidibé", "Umaru Sidibe", "variants Oumar/Umaru"),
        ("Aboubacar Camara", "Bakary Kamara", "variants Aboubacar/Bakary"),
        ("Souleymane Koné", "Sulemana Kone", "variants Souleymane/Sulemana"),
        ("Seydou Ouédraogo", "Seidu Ouedraogo", "variants Seydou/Seidu"),
        ("Mahamane Garba", "Mahamanne GARBA", "spelt Mahamane/Mahamanne"),
        ("Ousmane Diarra", "Ousmanne Diarra", "spelt Ousmane/Ousmanne"),
        ("Abdoul Karim Sawadogo", "Abdoulkarim SAWADOGO", "Abdoul Karim/Abdoulkarim"),
        ("M. KEITA Moussa", "Alhaji Musa Keita", "variants Moussa/Musa"),
        ("Aminata TRAORE épouse KEITA", "KEITA Aminata", "same surname (Keita)"),
        ("Kwesi Mensah", "Kouassi MENSAH", "variants Kwesi/Kouassi"),
        ("Mohamed El Moctar", "Mohamed Elmoctar", "El Moctar/Elmoctar"),
        ("Blessing Osagie", "Blessing Osaghie", "spelt Osagie/Osaghie"),
    ],
)
def test_same_person(a: str, b: str, words: str) -> None:
    match = name_similarity(a, b)
    assert match.score >= SAME_PERSON, match
    assert words in match.reason
    assert blocking_keys(a) & blocking_keys(b)


@pytest.mark.parametrize(
    ("a", "b", "words"),
    [
        ("Moussa KEITA", "Adama KEITA", "relatives or namesakes"),  # brothers
        ("Moussa KEITA", "Moussa TRAORE", "namesakes"),
        ("Amadou Keita", "Mamadou Keita", "Amadou/Mamadou"),  # one letter, two names
        ("Mamadou Diallo", "Mohamed Diallo", "Mamadou/Mohamed"),  # same origin, different names
        ("Adama Coulibaly", "Adamou Coulibaly", "Adama/Adamou"),
        ("Hassane Maïga", "Alhassane Maïga", "Hassane/Alhassane"),
        ("Ali Konaté", "Ali Konaré", "Konate/Konare"),
        ("Ali Koné", "Ali Kane", "Kone/Kane"),
        ("Youssouf Cissé", "Issoufou Cissé", "Youssouf/Issoufou"),
        ("Le Vieux", "Moussa Keita", "no name to compare"),  # nicknames are linked by evidence
        ("Oga", "Kingsley Okafor", "no name to compare"),
        ("Abdou Garba", "Abdoulaye Garba", "Abdou/Abdoulaye"),  # Abdou is short for any Abd- name
        (
            "Fatouma Ag Alhassane",
            "Fatouma Walet Alhassane",
            "Ag Alhassane/Walet Alhassane",
        ),  # son / daughter of
    ],
)
def test_different_people(a: str, b: str, words: str) -> None:
    match = name_similarity(a, b)
    assert match.score < 0.6, match
    assert words in match.reason


@pytest.mark.parametrize(
    ("a", "b", "high", "words"),
    [
        ("KEITA", "Moussa KEITA", 0.6, "one record gives no given name"),
        ("Moussa", "Moussa KEITA", SAME_PERSON, "one record gives no surname"),
        ("Doulaye", "Abdoulaye Keita", SAME_PERSON, "variants Doulaye/Abdoulaye"),
        ("A. KEITA", "Adama Keita", SAME_PERSON, "only an initial"),
        (
            "Issa Moussa",
            "ISSA Moussa",
            SAME_PERSON,
            "other order",
        ),  # Issa son of Moussa, or Moussa son of Issa
        ("Petit Abdou", "Abdou", 0.6, "Petit tells two people of the same name apart"),
        ("Moussa KEITA fils", "Moussa KEITA", 0.6, "Fils tells"),
        ("Moussa", "KEITA", 0.1, "only a given name, the other only a surname"),
    ],
)
def test_partial_matches_stay_below_the_threshold(a: str, b: str, high: float, words: str) -> None:
    match = name_similarity(a, b)
    assert 0 <= match.score < high, match
    assert words in match.reason


def test_a_long_text_is_cut_not_slow() -> None:
    text = " ".join(["Moussa Keita Ibrahim Traore"] * 2000)
    assert name_similarity(text, text + " Garba").score == 1.0  # both cut at MAX_WORDS words


def test_partial_scores_are_ordered() -> None:
    full = name_similarity("Moussa KEITA", "KEITA Moussa").score
    extra = name_similarity("Moussa Ibrahim KEITA", "Moussa Keita").score
    particle = name_similarity("Mohamed Ag Alhassane", "Mohamed Alhassane").score
    given_only = name_similarity("Moussa", "Moussa KEITA").score
    surname_only = name_similarity("KEITA", "Moussa KEITA").score
    brothers = name_similarity("Moussa KEITA", "Adama KEITA").score
    assert full == 1.0 > extra >= SAME_PERSON and particle >= SAME_PERSON
    assert SAME_PERSON > given_only > surname_only > brothers


# --- data ----------------------------------------------------------------------------------------------


def test_variant_data() -> None:
    assert len(GROUPS) >= 40
    assert _yaml("names/given_variants.yaml")["source"] and _yaml("names/surnames.yaml")["source"]
    seen: dict[str, str] = {}
    for group in GROUPS + SURNAME_GROUPS:
        assert group["id"] == fold_text(group["id"]) and len(group["names"]) >= 1
        for name in {fold_text(n).replace("'", "") for n in group["names"]}:
            assert seen.setdefault(name, group["id"]) == group["id"], f"{name} is in two groups"
    mohamed = next(g for g in GROUPS if g["id"] == "mohamed")["names"]
    assert "Mamadou" not in mohamed and "Mahamadou" not in mohamed  # documented: separate names
    assert "Abdou" not in next(g for g in GROUPS if g["id"] == "abdoulaye")["names"]


# --- properties ----------------------------------------------------------------------------------------

_given_names = st.sampled_from(sorted({n for g in GROUPS for n in g["names"]}))
_surnames = st.sampled_from(SURNAMES)


def _slip(draw: st.DrawFn, word: str) -> str:
    """A clerk's slip: a letter doubled, dropped or changed, now and then."""
    if len(word) < 5 or draw(st.integers(0, 2)):
        return word
    at = draw(st.integers(1, len(word) - 1))
    return draw(
        st.sampled_from(
            [word[:at] + word[at - 1 :], word[:at] + word[at + 1 :], word[:at] + "e" + word[at + 1 :]]
        )
    )


@st.composite
def _names(draw: st.DrawFn) -> str:
    given = " ".join(_slip(draw, n) for n in draw(st.lists(_given_names, min_size=0, max_size=2)))
    surname = _slip(draw, draw(_surnames))
    if draw(st.integers(0, 5)) == 0:
        surname = f"{draw(st.sampled_from(['Ag', 'Ould', 'Dan']))} {surname}"
    style = draw(st.sampled_from(["given-first", "caps-first", "caps-last", "surname-only"]))
    if style == "caps-first" and given:
        return f"{surname.upper()} {given}"
    if style == "caps-last" and given:
        return f"{given} {surname.upper()}"
    return surname if style == "surname-only" or not given else f"{given} {surname}"


_any_name = st.one_of(_names(), st.text(max_size=30))


@settings(max_examples=300)
@given(_any_name, _any_name)
def test_symmetric_and_bounded(a: str, b: str) -> None:
    ab, ba = name_similarity(a, b), name_similarity(b, a)
    assert ab.score == ba.score
    assert 0.0 <= ab.score <= 1.0 and ab.reason


@given(_any_name)
def test_a_name_matches_itself(name: str) -> None:
    assert name_similarity(name, name).score == 1.0


@given(_names(), _names(), st.sampled_from(TITLES))
def test_a_title_changes_nothing(a: str, b: str, title: str) -> None:
    assert name_similarity(f"{title} {a}", b).score == name_similarity(a, b).score
    assert blocking_keys(f"{title} {a}") == blocking_keys(a)


_distinct_groups = st.lists(st.sampled_from(GROUPS), min_size=2, max_size=2, unique_by=lambda g: g["id"])


@given(_distinct_groups, _surnames, st.booleans())
def test_brothers_stay_apart(groups: list, surname: str, caps: bool) -> None:
    a, b = (g["names"][0] for g in groups)
    other = f"{surname.upper()} {b}" if caps else f"{b} {surname}"
    assert name_similarity(f"{a} {surname}", other).score < 0.6


@given(
    _given_names,
    st.lists(st.sampled_from(SURNAME_GROUPS), min_size=2, max_size=2, unique_by=lambda g: g["id"]),
)
def test_namesakes_stay_apart(given_name: str, groups: list) -> None:
    a, b = (g["names"][0] for g in groups)
    assert name_similarity(f"{given_name} {a}", f"{b.upper()} {given_name}").score < 0.6


@given(st.sampled_from(GROUPS).flatmap(lambda g: st.tuples(*(st.sampled_from(g["names"]),) * 2)), _surnames)
def test_variants_match(pair: tuple[str, str], surname: str) -> None:
    a, b = pair
    match = name_similarity(f"{a} {surname}", f"{surname.upper()} {b}")
    assert match.score >= SAME_PERSON, match


@settings(max_examples=300)
@given(_names(), _names())
def test_blocking_keys_cover_every_likely_pair(a: str, b: str) -> None:
    if name_similarity(a, b).score >= SAME_PERSON:
        assert blocking_keys(a) & blocking_keys(b)
