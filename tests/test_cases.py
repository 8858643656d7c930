"""`filiere case create|list|show`."""

from __future__ import annotations


def test_create_list_show(cli) -> None:
    created = cli(
        "case", "create", "agadez-2025-041", "--title", "Réseau Agadez–Sebha", "--country", "ne", "--json"
    ).json()
    assert created["slug"] == "agadez-2025-041"
    assert created["country"] == "NE"
    assert [c["slug"] for c in cli("case", "list", "--json").json()] == ["agadez-2025-041"]
    shown = cli("case", "show", "agadez-2025-041", "--json").json()
    assert shown["title"] == "Réseau Agadez–Sebha"
    assert shown["counts"]["evidence"] == 0
    assert "agadez-2025-041" in cli("case", "list").stdout


def test_duplicate_case_is_a_clear_error(cli) -> None:
    cli("case", "create", "c1")
    result = cli("case", "create", "c1", check=False)
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert cli("case", "create", "c1", "--exist-ok", "--json").json()["slug"] == "c1"


def test_bad_slug_and_country_are_refused(cli) -> None:
    assert "Invalid case name" in cli("case", "create", "Bad Name", check=False).stderr
    result = cli("case", "create", "ok", "--country", "XX", check=False)
    assert result.exit_code == 1 and "Unknown country code" in result.stderr


def test_unknown_case_names_the_fix(cli) -> None:
    result = cli("case", "show", "nope", check=False)
    assert result.exit_code == 1
    assert "filiere case list" in result.stderr


def test_messages_in_french(cli) -> None:
    result = cli("--lang", "fr", "case", "show", "nope", check=False)
    assert "Aucune affaire" in result.stderr
