"""Language of short dialogue turns and of whole documents; scripts of the letters."""

from __future__ import annotations

import pytest

from filiere.extract.language import detect_language, detect_scripts, fold_text, language_profile


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Ok, on part demain.", "fr"),
        ("Allô, c'est Doulaye.", "fr"),
        ("Il est où le colis ?", "fr"),
        ("Oui, j'ai envoyé l'argent.", "fr"),
        ("Yes, tomorrow at the station.", "en"),
        ("Where is the money?", "en"),
        ("I dey come, abeg wait.", "en"),
        ("We go move tonight.", "en"),
        ("Le passeur a dit que the boat is ready, tu comprends ?", "mixed"),
        ("On se voit à Agadez, my brother, you know the place", "mixed"),
        ("Moussa ?", "unknown"),
        ("76 12 34 56", "unknown"),
        ("", "unknown"),
    ],
)
def test_short_turns(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_pidgin_turn_is_english_or_mixed() -> None:
    assert detect_language("Oga, the colis dey for Agadez") in ("en", "mixed")


def test_a_long_french_text_with_one_english_word_stays_french() -> None:
    text = "Le chauffeur a dit que le convoi part jeudi nuit, il faut que tout le monde soit prêt. " * 5
    assert detect_language(text + " Okay, thank you.") == "fr"


def test_profile_of_a_bilingual_call() -> None:
    turns = [
        "Allô, tu es où maintenant ?",
        "I am at the garage, the driver is not here.",
        "Bon, attends-le là-bas, il arrive ce soir.",
        "Ok.",
        "Okay, I will wait for him.",
    ]
    profile = language_profile("\n".join(turns), turns)
    assert profile.language == "mixed"
    assert profile.turns == ["fr", "en", "fr", "mixed", "en"]  # "Ok." takes the document's language
    assert profile.shares["fr"] >= 0.2 and profile.shares["en"] >= 0.2


def test_profile_of_a_french_call_with_an_english_word() -> None:
    turns = [
        "Allô, c'est moi.",
        "Oui, je t'écoute.",
        "Le colis est arrivé, thank you.",
        "D'accord, à demain.",
    ]
    profile = language_profile("\n".join(turns), turns)
    assert profile.language == "fr"
    assert profile.turns == ["fr", "fr", "fr", "fr"]


def test_profile_without_turns_counts_words() -> None:
    assert language_profile("Le convoi part demain soir pour Agadez avec les gens.").language == "fr"
    assert language_profile("").language == "unknown"


@pytest.mark.parametrize(
    ("text", "scripts"),
    [
        ("Bonjour", {"latin"}),
        ("سلام عليكم", {"arabic"}),
        ("ⴰⵣⵓⵍ", {"tifinagh"}),
        ("Moussa a dit سلام puis ⴰⵣⵓⵍ", {"latin", "arabic", "tifinagh"}),
        ("Привет", {"other"}),
        ("123 456", set()),
    ],
)
def test_scripts(text: str, scripts: set[str]) -> None:
    assert detect_scripts(text) == scripts


def test_fold_keeps_length_and_offsets() -> None:
    text = "Après-demain À L’AUTOGARE, Ségou — ÉTÉ ß İ"
    folded = fold_text(text)
    assert len(folded) == len(text)
    assert folded.startswith("apres-demain a l'autogare, segou")
