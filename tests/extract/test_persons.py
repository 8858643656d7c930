"""People named the way calls and police records name them (all names fictional)."""

from __future__ import annotations

import pytest

from filiere.extract.mention import Context
from filiere.extract.persons import display_name, find_persons, is_generic_speaker

CTX = Context(region="NE")


def _found(
    text: str, speakers: tuple[tuple[str, int, int], ...] = ()
) -> list[tuple[str, str, str, str | None]]:
    out = []
    for m in find_persons(text, CTX, speakers):
        assert text[m.start : m.end] == m.text
        assert m.type == "person"
        out.append((m.text, m.value["name"], m.value["kind"], m.value["title"]))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # forms of address used as names
        ("Alors, le Vieux ? Tu es où ?", ("le Vieux", "Le Vieux", "nickname", None)),
        ("alors le vieux, ça va ?", ("le vieux", "Le Vieux", "nickname", None)),
        ("Baba a appelé hier soir.", ("Baba", "Baba", "nickname", None)),
        ("Tonton, envoie l'argent.", ("Tonton", "Tonton", "nickname", None)),
        ("Oui chef, on arrive.", ("chef", "Chef", "title", "Chef")),
        ("Hadja a déjà payé.", ("Hadja", "Hadja", "title", "Hadja")),
        ("le sergent a pris 50 000 au poste.", ("le sergent", "Le sergent", "title", "Sergent")),
        ("Le commandant est au poste de Dirkou.", ("Le commandant", "Le commandant", "title", "Commandant")),
        ("Petit Abdou conduit le pick-up.", ("Petit Abdou", "Petit Abdou", "nickname", None)),
        ("Grand Moussa est à l'autogare.", ("Grand Moussa", "Grand Moussa", "nickname", None)),
        # honorifics and titles before a name
        ("Aunty Fatou said the girls arrived.", ("Aunty Fatou", "Fatou", "name", "Aunty")),
        ("Madam Joy wants her money.", ("Madam Joy", "Joy", "name", "Madam")),
        ("Oga Ben, the colis dey for Agadez.", ("Oga Ben", "Ben", "name", "Oga")),
        ("Alhaji Musa paid the driver.", ("Alhaji Musa", "Musa", "name", "Alhaji")),
        ("El Hadj Issa a la voiture.", ("El Hadj Issa", "Issa", "name", "El Hadj")),
        ("le sergent Abdou a pris l'argent", ("sergent Abdou", "Abdou", "name", "Sergent")),
        ("M. KEITA a été entendu ce jour.", ("M. KEITA", "Keita", "name", "M.")),
        ("Mme Traoré est partie à Gao.", ("Mme Traoré", "Traoré", "name", "Mme")),
        ("Mr Okafor called the boys.", ("Mr Okafor", "Okafor", "name", "Mr")),
        ("Mrs Adeyemi owns the house.", ("Mrs Adeyemi", "Adeyemi", "name", "Mrs")),
        ("Dr Sow a signé le certificat.", ("Dr Sow", "Sow", "name", "Dr")),
        ("Maître Diallo défend le prévenu.", ("Maître Diallo", "Diallo", "name", "Maître")),
        # introductions
        ("Allô, c'est Doulaye.", ("Doulaye", "Doulaye", "name", None)),
        ("Je suis Ibrahim, le frère du chauffeur.", ("Ibrahim", "Ibrahim", "name", None)),
        ("My name is Blessing.", ("Blessing", "Blessing", "name", None)),
        ("Il s'appelle Koffi, il est à Niamey.", ("Koffi", "Koffi", "name", None)),
        ("I know a guy called Emeka in Kano.", ("Emeka", "Emeka", "name", None)),
        ("Le nommé BOUBACAR a été interpellé.", ("BOUBACAR", "Boubacar", "name", None)),
        ("Son chef, alias Tiger, tient le ghetto.", ("Tiger", "Tiger", "nickname", None)),
        ("Le passeur, surnommé Petit Lion, conduit.", ("Petit Lion", "Petit Lion", "nickname", None)),
        # surname first in records
        ("KEITA Moussa, né le 3 mars 1990 à Gao", ("KEITA Moussa", "Moussa Keita", "name", None)),
        ("OUEDRAOGO Aminata, commerçante", ("OUEDRAOGO Aminata", "Aminata Ouedraogo", "name", None)),
        ("Entendu : N'DIAYE Awa, coiffeuse", ("N'DIAYE Awa", "Awa N'Diaye", "name", None)),
    ],
)
def test_person_forms(text: str, expected: tuple[str, str, str, str | None]) -> None:
    assert _found(text) == [expected]


def test_name_with_its_alias() -> None:
    assert _found("Moussa KEITA dit Le Vieux a organisé le voyage.") == [
        ("Moussa KEITA", "Moussa Keita", "name", None),
        ("Le Vieux", "Le Vieux", "nickname", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "le vieux camion est en panne à Arlit.",
        "Le chef de ghetto a dit d'attendre.",
        "Chef de poste absent.",
        "C'est Agadez, pas Arlit.",
        "Envoie par Orange Money ou Western Union.",
        "Dieu merci, ils sont arrivés.",
        "God will provide, by the grace of Allah.",
        "L'OPJ a rédigé le PV. CNI n° 123. Montant 150 000 FCFA.",
        "il m'a dit Moussa est parti",
        "Il dit Moussa est là.",
        "C'est Lundi qu'on part, en Mars.",
        "I called Ben yesterday.",
        "This is Lagos, my brother.",
        "I am Nigerian.",
        "Je suis Malien.",
        "Bonjour, Le convoi est parti.",
        "PROCES VERBAL D'AUDITION Le 13 avril 2025",
        "RAS Niamey",
        "C'est Bon.",
        "Le grand marché de Niamey.",
        "Grand Marché",
    ],
)
def test_false_positive_traps(text: str) -> None:
    assert _found(text) == []


def test_speakers() -> None:
    text = (
        "MOUSSA : allô\nHomme 1 : oui\nM. KEITA : écoute\nKEITA Moussa : ok\nQ : votre nom ?\n"
        "Voix féminine : ?"
    )
    labels = ["MOUSSA", "Homme 1", "M. KEITA", "KEITA Moussa", "Q", "Voix féminine"]
    speakers = tuple((label, text.index(label), text.index(label) + len(label)) for label in labels)
    assert _found(text, speakers) == [
        ("MOUSSA", "Moussa", "speaker", None),
        ("M. KEITA", "Keita", "speaker", "M."),
        ("KEITA Moussa", "Moussa Keita", "speaker", None),
    ]


@pytest.mark.parametrize(
    "label",
    ["A", "B", "Homme 1", "Interlocuteur", "Interlocuteur B", "Caller", "Voix féminine", "Inconnu", "Q", "R",
     "Speaker 2", "Femme non identifiée", "Unknown male"],
)  # fmt: skip
def test_generic_speakers(label: str) -> None:
    assert is_generic_speaker(label)


@pytest.mark.parametrize("label", ["MOUSSA", "Aunty Fatou", "Le Vieux", "KEITA Moussa", "Ibrahim 2"])
def test_named_speakers(label: str) -> None:
    assert not is_generic_speaker(label)


def test_display_name() -> None:
    assert display_name("N'DIAYE  Awa") == "N'Diaye Awa"
    assert display_name("OULD-SIDI Mohamed") == "Ould-Sidi Mohamed"
    assert display_name("McCarthy") == "McCarthy"


def test_empty_and_long_text() -> None:
    assert find_persons("", CTX) == []
    text = "Oui chef, c'est Doulaye. " * 2000
    assert len(find_persons(text, CTX)) == 4000
