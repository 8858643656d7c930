"""The checker: each reason a central authority sends a request back is caught, with the fix.

Requests are built directly (tests/mla/test_request.py); the requested States' requirements are the shipped
records (data/mla/countries/), read as they are: Mali accepts French, Ghana English, Libya Arabic, and
Filière holds no record for Japan.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from filiere.cli import mla as mla_cmd
from filiere.cli import root
from filiere.mla.check import check_request
from filiere.mla.request import (
    LegalBasis,
    Measure,
    Person,
    Protected,
    name_tokens,
    save_request,
    token_digest,
)
from tests.mla.test_request import sample_request
from tests.support.cli import CliRunner


def codes(request, severity: str | None = None) -> list[str]:
    return [f.code for f in check_request(request) if severity is None or f.severity == severity]


def finding(request, code: str):
    return next(f for f in check_request(request) if f.code == code)


@pytest.fixture
def mla_cli(tmp_path: Path) -> CliRunner:
    """`filiere` with the `mla` group, whether or not root.py registers it yet."""
    if not any(group.name == "mla" for group in root.app.registered_groups):
        root.app.add_typer(mla_cmd.app, name="mla")
    return CliRunner(tmp_path / "ws", None)


def test_a_complete_request_has_no_error() -> None:
    assert codes(sample_request(), "error") == []
    assert "REQUIREMENTS_UNVERIFIED" in codes(sample_request(), "warning")  # Mali's record is unverified


def test_no_legal_basis_fails_with_a_clear_message() -> None:
    request = sample_request()
    request.legal_bases = []
    found = finding(request, "NO_LEGAL_BASIS")
    assert found.severity == "error" and found.field == "legal_bases"
    assert found.message == "The request gives no legal basis for asking Mali."
    assert "UNTOC Art. 18" in found.fix and "data/mla/countries/ml.yaml" in found.fix


def test_weak_legal_bases_are_warnings() -> None:
    request = sample_request()
    request.legal_bases = [LegalBasis("reciprocity", "Réciprocité", "reciprocity")]
    assert finding(request, "RECIPROCITY_ONLY").severity == "warning"
    request.legal_bases = [LegalBasis("ecowas-mla", "Convention A/P1/7/92", "regional", "uncertain", "AES")]
    found = finding(request, "LEGAL_BASIS_UNCERTAIN")
    assert found.severity == "warning" and "Convention A/P1/7/92" in found.message
    assert "error" not in {f.severity for f in check_request(request)}


def test_a_state_whose_languages_are_unknown_fails() -> None:
    request = sample_request(requested="JP")
    found = finding(request, "LANGUAGE_UNKNOWN")
    assert found.severity == "error"
    assert found.message == "Filière does not know which languages Japan accepts; the request is in French."
    assert "Art. 18(14)" in found.fix and "data/mla/countries/jp.yaml" in found.fix


def test_a_language_the_state_does_not_accept_fails() -> None:
    request = sample_request(requested="LY")
    found = finding(request, "LANGUAGE_NOT_ACCEPTED")
    assert found.message == "Libya accepts requests in Arabic, not in French (UNTOC Art. 18(14))."
    assert "translated into Arabic" in found.fix
    english_to_mali = sample_request("en", "ML")
    assert finding(english_to_mali, "LANGUAGE_NOT_ACCEPTED").fix == "Draft it again with --lang fr."
    assert "LANGUAGE_NOT_ACCEPTED" not in codes(sample_request("en", "GH"))


def test_coercive_measures_need_dual_criminality_noted() -> None:
    request = sample_request()
    request.dual_criminality = ""
    assert codes(request, "error") == []  # mobile money, and Mali's rule is unknown: a warning
    assert finding(request, "DUAL_CRIMINALITY").severity == "warning"
    request.measures.append(
        Measure("search", "domicile de Abdoulaye DIARRA à Bamako", description="x", link="y")
    )
    assert [
        f.field for f in check_request(request) if f.code == "DUAL_CRIMINALITY" and f.severity == "error"
    ] == ["measures[2]"]
    ghana = sample_request("en", "GH")  # Ghana requires dual criminality for coercive measures
    ghana.dual_criminality = ""
    assert finding(ghana, "DUAL_CRIMINALITY").severity == "error"
    ghana.dual_criminality = "The facts are also offences under the Human Trafficking Act 2005 (Act 694)."
    assert "DUAL_CRIMINALITY" not in codes(ghana)


def test_facts_must_mention_the_person_whose_records_are_sought() -> None:
    request = sample_request()
    request.facts = "Un réseau fait passer des migrants de Bamako à Agadez."
    found = [f for f in check_request(request) if f.code == "FACTS_PERSON"]
    assert [f.message for f in found] == [
        "The summary of the facts does not mention Abdoulaye DIARRA, whose records measure 1 seeks.",
        "The summary of the facts does not mention Abdoulaye DIARRA, whose records measure 2 seeks.",
    ]
    request.facts += " Le recruteur DIARRA Abdoulaye est joint au 76 31 58 42."
    assert "FACTS_PERSON" not in codes(request)


def test_personal_data_beyond_what_the_measure_needs() -> None:
    request = sample_request()
    victim = Person("Blessing OSAGIE", 2, "victim", "victim", phones=[])
    request.persons.append(victim)
    found = finding(request, "PERSONAL_DATA")
    assert found.severity == "error" and found.field == "persons[1]"
    assert found.message.startswith("Blessing OSAGIE, a victim, is identified")
    request.measures.append(Measure("witness", "Blessing OSAGIE", 2, description="audition", link="témoin"))
    assert "PERSONAL_DATA" not in codes(request)  # hearing her needs her identity


def test_a_protected_name_in_the_facts_or_annex_is_caught_without_being_stored() -> None:
    request = sample_request()
    request.protected = [Protected("victim", sorted(token_digest(t) for t in name_tokens("KONATÉ Seydou")))]
    assert "PERSONAL_DATA" not in codes(request)
    assert "konate" not in str(request.to_dict()).lower()
    request.facts += "\n\nSeydou Konate, mineur, a été recruté par lui."
    found = finding(request, "PERSONAL_DATA")
    assert found.field == "facts" and "konate seydou" in found.message
    request.facts = sample_request().facts
    request.evidence[0].name = "audition_KONATE_mineur_2025-05-22.txt"
    assert finding(request, "PERSONAL_DATA").field == "evidence[0]"


def test_missing_sections_are_listed_by_field() -> None:
    request = sample_request()
    request.requesting_authority.name = ""
    request.urgency = ""
    request.confidentiality = ""
    request.contacts = []
    request.measures[0].link = ""
    missing = [f.field for f in check_request(request) if f.code == "MISSING_SECTION"]
    assert missing == ["requesting_authority", "urgency", "confidentiality", "measures[0].link", "contacts"]
    assert all(f.fix for f in check_request(request))


def test_check_command_exits_1_with_the_errors(mla_cli: CliRunner, tmp_path: Path) -> None:
    request = sample_request(requested="LY")
    request.legal_bases = []
    path = save_request(request, tmp_path / "request.json")
    result = mla_cli("mla", "check", str(path), check=False)
    assert result.exit_code == 1
    assert "NO_LEGAL_BASIS" in result.stdout and "LANGUAGE_NOT_ACCEPTED" in result.stdout
    assert "Libya accepts requests in Arabic" in " ".join(result.stdout.split())
    as_json = mla_cli("mla", "check", str(path), "--json", check=False).json()
    assert as_json["ok"] is False
    assert {e["code"] for e in as_json["errors"]} == {"NO_LEGAL_BASIS", "LANGUAGE_NOT_ACCEPTED"}
    good = save_request(sample_request(), tmp_path / "good.json")
    assert mla_cli("mla", "check", str(good), "--json").json()["ok"] is True
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    failed = mla_cli("mla", "check", str(broken), check=False)
    assert failed.exit_code == 1 and "broken.json" in failed.stderr
