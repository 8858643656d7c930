"""The per-country MLA requirements: every shipped record keeps to docs/mla-countries.md, and the queries
the request writer relies on (legal bases between two States on a date, accepted languages) give the
answers the law and the data support — including "uncertain" for Mali, Burkina Faso and Niger since they
left ECOWAS, and "unknown" (None) rather than a guessed "no".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from filiere.data import load_yaml
from filiere.mla.countries import (
    COUNTRIES_DIR,
    ECOWAS_EXIT,
    MlaDataError,
    accepts_language,
    all_countries,
    legal_bases_between,
    load_country,
    load_folder,
    validate_all,
    validate_folder,
)

ECOWAS = {"BJ", "BF", "CV", "CI", "GM", "GH", "GN", "GW", "LR", "ML", "NE", "NG", "SN", "SL", "TG"}
STATES = ECOWAS | {"MR", "DZ", "LY", "MA", "TN", "IT", "ES", "FR"}
AFTER_EXIT = dt.date(2025, 6, 1)
BEFORE_EXIT = dt.date(2024, 6, 1)


def _by_id(bases) -> dict[str, Any]:
    return {b.id: b for b in bases}


def _minimal(country: str = "NE", **changes: Any) -> dict[str, Any]:
    """A small valid record; `changes` replace top-level fields."""
    text = {"fr": "texte", "en": "text"}
    record = {
        "country": country,
        "name": {"fr": "Niger", "en": "Niger"},
        "central_authority": {"name": None, "ministry": None, "address": None, "email": None, "phone": None},
        "languages_accepted": ["fr"],
        "legal_bases": [
            {"id": "fr-ne-test", "title": text, "kind": "bilateral", "with": ["FR"], "status": "applies"},
            {"id": "reciprocity", "title": text, "kind": "reciprocity", "with": ["any"], "status": "applies"},
        ],
        "channels": [
            {"kind": "central_authority", "available": True},
            {"kind": "diplomatic", "available": True},
            {"kind": "interpol", "available": None},
        ],
        "requirements": {"dual_criminality_for_coercive": None, "translation_required": None},
        "source": "invented for a test",
        "verified": False,
    }
    for basis in record["legal_bases"]:
        basis.update(instrument=None, verified=False, note=text)
    record.update(changes)
    return record


def _write(folder: Path, record: dict[str, Any], name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"{record['country'].lower()}.yaml")
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_every_shipped_record_validates():
    assert validate_all() == []


def test_the_23_states_are_present_one_file_each():
    files = sorted(COUNTRIES_DIR.glob("*.yaml"))
    assert {p.stem.upper() for p in files} == STATES
    records = all_countries()
    assert [r.country for r in records] == sorted(STATES)
    for record in records:
        assert record.source and record.name.fr and record.name.en
        assert any(b.kind == "reciprocity" for b in record.legal_bases)
        assert record.channel("central_authority") is not None


def test_niger_to_mali_has_untoc_and_ecowas_only_as_uncertain():
    bases = _by_id(legal_bases_between("NE", "ML", on=AFTER_EXIT))
    assert bases["untoc"].status == "applies"
    assert bases["untoc"].instrument == "int-untoc-2000"
    assert bases["ecowas-mla"].status == "uncertain"
    assert bases["ecowas-mla"].instrument == "ecowas-conv-mla-1992"
    assert bases["aes-mla"].status == "uncertain"
    assert list(bases)[-1] == "reciprocity"


def test_mali_burkina_niger_record_ecowas_as_uncertain_and_unverified():
    for code in ("ML", "BF", "NE"):
        ecowas = load_country(code).basis("ecowas-mla")
        assert ecowas.status == "uncertain" and ecowas.verified is False
        assert ecowas.since == ECOWAS_EXIT


def test_niger_to_ghana_includes_untoc_and_ecowas_depends_on_the_date():
    after = _by_id(legal_bases_between("NE", "GH", on=AFTER_EXIT))
    assert after["untoc"].status == "applies"
    assert after["ecowas-mla"].status == "uncertain"
    assert "left ECOWAS" in after["ecowas-mla"].status_reason
    before = _by_id(legal_bases_between("NE", "GH", on=BEFORE_EXIT))
    assert before["ecowas-mla"].status == "applies"
    assert before["ecowas-mla"].status_reason is None
    # between two States that stayed in ECOWAS the Convention is listed as applying
    assert _by_id(legal_bases_between("SN", "GH", on=AFTER_EXIT))["ecowas-mla"].status == "applies"


def test_treaty_bases_come_first_and_reciprocity_last():
    kinds = [b.kind for b in legal_bases_between("FR", "MA")]
    assert kinds[0] == "bilateral" and kinds[-1] == "reciprocity"
    assert "fr-ma-2008" in _by_id(legal_bases_between("FR", "MA"))


def test_bases_that_do_not_bind_the_requesting_state_are_left_out():
    assert "eu-eio" in _by_id(legal_bases_between("ES", "IT"))
    from_niger = _by_id(legal_bases_between("NE", "IT"))
    assert "eu-eio" not in from_niger and "ecowas-mla" not in from_niger
    assert set(from_niger) == {"untoc", "reciprocity"}


def test_a_state_with_no_treaty_toward_the_requester_returns_only_reciprocity(tmp_path: Path):
    _write(tmp_path, _minimal())
    assert [b.id for b in legal_bases_between("FR", "NE", folder=tmp_path)] == ["fr-ne-test", "reciprocity"]
    only = legal_bases_between("GH", "NE", folder=tmp_path)
    assert [(b.kind, b.status) for b in only] == [("reciprocity", "applies")]


def test_a_requester_unknown_to_filiere_gets_untoc_as_uncertain_not_nothing():
    bases = _by_id(legal_bases_between("TD", "IT"))
    assert bases["untoc"].status == "uncertain"
    assert "TD" in bases["untoc"].status_reason


def test_languages():
    assert accepts_language("GH", "en") is True
    assert accepts_language("ML", "fr") is True
    assert accepts_language("GH", "fr") is False
    assert accepts_language("NE", "FR") is True  # case does not matter
    assert accepts_language("TD", "fr") is None  # no record: unknown
    assert load_country("CV").languages_accepted == ("pt",)


def test_no_language_recorded_means_unknown(tmp_path: Path):
    _write(tmp_path, _minimal(languages_accepted=[]))
    assert accepts_language("NE", "fr", folder=tmp_path) is None


def test_a_broken_record_names_the_file_and_the_field(tmp_path: Path):
    record = _minimal()
    record["legal_bases"][0]["status"] = "maybe"
    record["requirements"]["dual_criminality_for_coercive"] = "yes"
    del record["source"]
    path = _write(tmp_path, record)
    errors = validate_folder(tmp_path)
    assert any(e.startswith(f"{path}: legal_bases[0].status:") for e in errors), errors
    assert any(e.startswith(f"{path}: requirements.dual_criminality_for_coercive:") for e in errors), errors
    assert any(e.startswith(f"{path}: source:") for e in errors), errors
    with pytest.raises(MlaDataError) as caught:
        load_folder(tmp_path)
    assert str(path) in str(caught.value) and "legal_bases[0].status" in str(caught.value)


def test_a_copied_shipped_record_with_a_bad_instrument_or_name_fails(tmp_path: Path):
    raw = load_yaml((COUNTRIES_DIR / "gh.yaml").read_text(encoding="utf-8"))
    assert validate_folder(_write(tmp_path / "ok", raw).parent) == []
    bad = dict(raw, legal_bases=[dict(b) for b in raw["legal_bases"]])
    bad["legal_bases"][0]["instrument"] = "ecowas-conv-does-not-exist"
    path = _write(tmp_path / "bad", bad, name="gm.yaml")
    errors = validate_folder(path.parent)
    assert f"{path}: legal_bases[0].instrument:" in "\n".join(errors)
    assert any(e.startswith(f"{path}: country:") for e in errors)  # GH written to gm.yaml


def test_reciprocity_is_required_and_uncertain_bases_cannot_be_verified(tmp_path: Path):
    record = _minimal()
    record["legal_bases"] = [dict(record["legal_bases"][0], status="uncertain", verified=True)]
    path = _write(tmp_path, record)
    errors = "\n".join(validate_folder(tmp_path))
    assert f"{path}: legal_bases: must hold exactly one basis of kind reciprocity" in errors
    assert f"{path}: legal_bases[0].verified:" in errors


def test_questions_the_data_cannot_answer_raise_a_clear_error():
    with pytest.raises(MlaDataError, match="TD"):
        load_country("TD")
    with pytest.raises(MlaDataError, match="itself"):
        legal_bases_between("NE", "NE")
    with pytest.raises(MlaDataError, match="ISO 3166"):
        legal_bases_between("Niger", "ML")
