"""The request model: JSON round trip, and a saved request that cannot be read names its file and field.

`sample_request` (fictional people and numbers) is shared by the render and check tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from filiere.mla.request import (
    FORMAT,
    SECTIONS,
    Authority,
    EvidenceRef,
    LegalBasis,
    Measure,
    Offence,
    Person,
    Provision,
    Request,
    RequestFileError,
    from_dict,
    load_request,
    save_request,
)

RECRUITER = "Abdoulaye DIARRA"
NUMBER = "+22376315842"


def sample_request(language: str = "fr", requested: str = "ML") -> Request:
    """A complete request from Niger to Mali for the subscriber and mobile-money records of a recruiter."""
    return Request(
        case="exo-ml",
        requesting_state="NE",
        requested_state=requested,
        language=language,
        reference="EXO-2025-041/MLA/ML",
        case_title="Réseau Agadez (données fictives)",
        created_on="2025-06-10",
        requesting_authority=Authority(name="Juge d'instruction, Pôle judiciaire spécialisé (fictif)"),
        requested_authority=Authority(name="Direction des affaires judiciaires (fictive)"),
        channel="central_authority",
        legal_bases=[
            LegalBasis(
                "untoc", "Convention des Nations Unies contre la criminalité transnationale organisée"
            ),
            LegalBasis("reciprocity", "Réciprocité", "reciprocity"),
        ],
        urgency="La présente demande ne présente pas de caractère d'urgence particulier.",
        confidentiality="La présente demande est confidentielle (art. 18(20)).",
        proceedings="Enquête pénale du chef de trafic illicite de migrants.",
        facts=(
            "Un réseau fait passer des migrants de Bamako à Agadez.\n\n"
            f"{RECRUITER} (dit « Doulaye »), recruteur, utilise le numéro {NUMBER} (pièce n° 1).\n"
            "– Le 6 mai 2025 : appel à l'organisateur (pièce n° 1)."
        ),
        facts_date="2025-05-06",
        offences=[
            Offence(
                "SOM",
                "trafic illicite de migrants",
                persons=[17],
                names=[RECRUITER],
                provisions=[
                    Provision(
                        "int-untoc-som-protocol-2000",
                        number="A/RES/55/25, annexe III",
                        article="6(1)(a)",
                        heading="Trafic illicite de migrants",
                        text="Incrimine le trafic illicite de migrants.",
                        status="in_force",
                    )
                ],
                evidence=[1],
            )
        ],
        dual_criminality="Les faits sont également punissables au Mali (loi n° 2012-023, art. 4).",
        measures=[
            Measure(
                "subscriber",
                NUMBER,
                17,
                NUMBER,
                description="données d'abonné du numéro",
                link="Mesure 1 — identifier le titulaire.",
                evidence=[1],
            ),
            Measure(
                "mobile_money",
                NUMBER,
                17,
                NUMBER,
                "2025-05-01",
                "2025-06-03",
                description="historique mobile money",
                link="Mesure 2 — retracer les paiements.",
            ),
        ],
        persons=[Person(RECRUITER, 17, "suspect", "recruiter", ["Doulaye"], [NUMBER], evidence=[1])],
        procedures=["Certifier les données."],
        time_limit="2025-09-08",
        time_limits="Exécution souhaitée avant le 8 septembre 2025.",
        contacts=[Authority(name="Juge X (fictif)", phone="+227 20 00 00 00", email="juge@example.org")],
        evidence=[EvidenceRef(1, "PV-101_ecoute_2025-05-06.txt", "transcript", "ab" * 32)],
    )


def test_round_trip_through_json(tmp_path: Path) -> None:
    request = sample_request()
    path = save_request(request, tmp_path / "request.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT and data["language"] == "fr"
    assert data["measures"][1]["kind"] == "mobile_money"
    again = load_request(path)
    assert again == request
    assert again.person(17).name == RECRUITER and again.person(99) is None


def test_coercion_follows_the_kind_of_measure() -> None:
    assert Measure("search", "maison").coercive
    assert not Measure("subscriber", NUMBER).coercive
    assert Measure("mobile_money", NUMBER).coercive_in_some_states
    assert not Measure("witness", "X").coercive_in_some_states
    assert SECTIONS[0] == "requesting_authority" and "facts" in SECTIONS and len(SECTIONS) == 13


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda d: d.update(colour="red"), "colour", "unknown field"),
        (
            lambda d: d["measures"][0].update(kind="phone_tap"),
            "measures[0].kind",
            "unknown measure phone_tap",
        ),
        (
            lambda d: d["offences"][0]["provisions"][0].update(page=3),
            "offences[0].provisions[0].page",
            "unknown",
        ),
        (lambda d: d.update(language="ar"), "language", "fr or en"),
        (lambda d: d["persons"][0].update(capacity="informant"), "persons[0].capacity", "suspect, witness"),
        (lambda d: d.pop("requested_state"), "requested_state", "is required"),
        (lambda d: d["measures"][1].pop("target"), "measures[1].target", "is required"),
        (lambda d: d.update(measures={}), "measures", "expected a list"),
    ],
)
def test_a_broken_request_file_names_the_field(tmp_path: Path, change, field: str, words: str) -> None:
    data = sample_request().to_dict()
    change(data)
    path = tmp_path / "request.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(RequestFileError) as caught:
        load_request(path)
    assert caught.value.field == field
    assert str(path) in str(caught.value) and words in str(caught.value)


def test_not_json_says_where(tmp_path: Path) -> None:
    path = tmp_path / "request.json"
    path.write_text('{"case": "x",\n  oops}', encoding="utf-8")
    with pytest.raises(RequestFileError, match=r"line 2, column 3"):
        load_request(path)
    with pytest.raises(RequestFileError, match="cannot read"):
        load_request(tmp_path / "absent.json")
    with pytest.raises(RequestFileError, match="format 9"):
        from_dict({**sample_request().to_dict(), "format": 9}, path)
