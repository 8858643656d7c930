"""The seed legal library under src/filiere/data/law/ keeps to the schema of docs/law.md.

Magistrates will qualify facts against these records, so a wrong date, an unknown status or a dangling
`repealed_by` is a legal error, not a cosmetic one: every file is checked here, field by field.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from filiere.data import DATA_DIR, load_yaml

LAW_DIR = DATA_DIR / "law"
KINDS = {"legislation", "case", "treaty"}
STATUSES = {"in_force", "repealed", "amended", "unknown"}
CRIME_TYPES = {"tip", "som", "document_fraud", "corruption", "organised_crime", "mla", "extradition"}
ELEMENTS = {
    # trafficking in persons (Trafficking Protocol Art. 3)
    "act", "means", "purpose", "minor_means_not_required", "consent_irrelevant",
    # smuggling of migrants (Smuggling Protocol Art. 3, 5, 6)
    "procuring_illegal_entry", "financial_benefit", "fraudulent_document", "enabling_illegal_stay",
    "migrant_not_liable",
    # organised crime and corruption (UNTOC Art. 2, 5, 8)
    "structured_group_of_three", "existing_for_a_period", "acting_in_concert", "serious_crime",
    "agreement_to_commit_serious_crime", "active_participation", "organising_or_directing",
    "public_official", "undue_advantage", "act_or_omission_in_official_duties",
    # content of a mutual legal assistance request (UNTOC Art. 18(15))
    "requesting_authority", "subject_and_nature_of_proceedings", "summary_of_facts", "assistance_sought",
    "procedure_to_follow", "identity_and_location_of_persons", "purpose_of_request",
}  # fmt: skip
AGGRAVATING = {
    "endangering_life_or_safety", "inhuman_or_degrading_treatment", "minor_victim", "organised_group",
    "public_official", "serious_injury", "death_of_migrant", "death_of_victim",
}  # fmt: skip
PENALTY_KEYS = {
    "prison_min_years", "prison_max_years", "life_imprisonment", "fine_min", "fine_max", "currency",
    "verified", "note",
}  # fmt: skip
ARTICLE_KEYS = {
    "number", "heading", "offence", "elements", "aggravating", "penalty", "summary", "verified", "note",
}  # fmt: skip
PARTY_KEYS = {"country", "signed", "ratified", "status", "verified", "note"}
PARTY_STATUSES = {"party", "signatory", "uncertain"}
CASE_FIELDS = {"court", "case_number", "parties_roles", "charges", "facts", "outcome"}
RECORD_KEYS = {
    "id", "kind", "country", "title", "number", "date", "date_precision", "language", "authentic_languages",
    "status", "in_force_from", "repealed_by", "repealed_on", "repeals", "crime_types", "summary", "articles",
    "parties", "note", "source", "verified",
    "court", "case_number", "parties_roles", "charges", "facts", "reasoning", "outcome", "sentences",
    "techniques", "issues",
}  # fmt: skip
REQUIRED = {"id", "kind", "country", "title", "date", "language", "status", "crime_types", "summary",
            "source", "verified"}  # fmt: skip
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COUNTRY_RE = re.compile(r"^(?:[A-Z]{2}|INT|ECOWAS)$")
LANG_RE = re.compile(r"^[a-z]{2}$")

FILES = sorted(LAW_DIR.glob("*/*.yaml"))


def _load(path: Path) -> dict[str, Any]:
    return load_yaml(path.read_text(encoding="utf-8"))


def _is_date(value: Any) -> bool:
    """YAML reads an unquoted ISO date as datetime.date; a datetime or a string is a mistake."""
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _check_text(value: Any, where: str, *, both: bool = False) -> list[str]:
    """A bilingual text: a mapping language -> non-empty string, with fr or en (both for summaries)."""
    if not isinstance(value, dict) or not value:
        return [f"{where}: expected a mapping {{fr: ..., en: ...}}"]
    errors = [f"{where}.{lang}: empty or not text" for lang, text in value.items()
              if not LANG_RE.match(str(lang)) or not isinstance(text, str) or not text.strip()]  # fmt: skip
    wanted = {"fr", "en"}
    if both and not wanted <= value.keys():
        errors.append(f"{where}: needs both fr and en")
    if not both and not wanted & value.keys():
        errors.append(f"{where}: needs fr or en")
    return errors


def _check_article(article: dict[str, Any], where: str) -> list[str]:
    errors = [f"{where}: unknown field {key!r}" for key in article if key not in ARTICLE_KEYS]
    if not isinstance(article.get("number"), str) or not article["number"]:
        errors.append(f"{where}.number: a quoted string is required")
    errors += _check_text(article.get("heading"), f"{where}.heading")
    errors += _check_text(article.get("summary"), f"{where}.summary", both=True)
    if "offence" in article and article["offence"] not in CRIME_TYPES:
        errors.append(f"{where}.offence: {article['offence']!r} not in {sorted(CRIME_TYPES)}")
    errors += [f"{where}.elements: unknown {e!r}" for e in article.get("elements", []) if e not in ELEMENTS]
    errors += [f"{where}.aggravating: unknown {a!r}" for a in article.get("aggravating", [])
               if a not in AGGRAVATING]  # fmt: skip
    if "verified" in article and not isinstance(article["verified"], bool):
        errors.append(f"{where}.verified: true or false")
    penalty = article.get("penalty")
    if penalty is not None:
        errors += [f"{where}.penalty: unknown key {k!r}" for k in penalty if k not in PENALTY_KEYS]
        if ("fine_min" in penalty or "fine_max" in penalty) and not re.match(
            r"^[A-Z]{3}$", str(penalty.get("currency", ""))
        ):
            errors.append(f"{where}.penalty: a fine needs an ISO 4217 currency")
        low, high = penalty.get("prison_min_years"), penalty.get("prison_max_years")
        if low is not None and high is not None and low > high:
            errors.append(f"{where}.penalty: prison_min_years > prison_max_years")
    return errors


def _check_party(party: dict[str, Any], where: str) -> list[str]:
    errors = [f"{where}: unknown field {key!r}" for key in party if key not in PARTY_KEYS]
    if not re.match(r"^[A-Z]{2}$", str(party.get("country", ""))):
        errors.append(f"{where}.country: ISO 3166 alpha-2 required")
    errors += [f"{where}.{key}: ISO date required" for key in ("signed", "ratified")
               if key in party and not _is_date(party[key])]  # fmt: skip
    if party.get("status", "party") not in PARTY_STATUSES:
        errors.append(f"{where}.status: not in {sorted(PARTY_STATUSES)}")
    if party.get("status") == "uncertain" and party.get("verified") is not False:
        errors.append(f"{where}: an uncertain party must be verified: false")
    if "verified" in party and not isinstance(party["verified"], bool):
        errors.append(f"{where}.verified: true or false")
    return errors


def check_record(record: Any, path: Path) -> list[str]:
    """Every schema error of one record, as 'file: field: problem' lines."""
    if not isinstance(record, dict):
        return [f"{path.name}: a record is a mapping"]
    errors = [f"missing {key}" for key in sorted(REQUIRED - record.keys())]
    errors += [f"unknown field {key}" for key in sorted(record.keys() - RECORD_KEYS)]
    if not ID_RE.match(str(record.get("id", ""))) or record.get("id") != path.stem:
        errors.append("id: lowercase words joined by '-', equal to the file name")
    if record.get("kind") not in KINDS or path.parent.name != record.get("kind"):
        errors.append(f"kind: one of {sorted(KINDS)}, equal to the folder name")
    if not COUNTRY_RE.match(str(record.get("country", ""))):
        errors.append("country: ISO 3166 alpha-2, INT or ECOWAS")
    errors += _check_text(record.get("title"), "title")
    errors += _check_text(record.get("summary"), "summary", both=True)
    if "note" in record:
        errors += _check_text(record["note"], "note", both=True)
    errors += [f"{key}: ISO date required" for key in ("date", "in_force_from", "repealed_on")
               if key in record and not _is_date(record[key])]  # fmt: skip
    precision = record.get("date_precision", "day")
    if precision not in {"day", "month", "year"}:
        errors.append("date_precision: day, month or year")
    elif precision != "day" and record.get("verified") is not False:
        errors.append("date_precision: an imprecise date needs verified: false")
    if not LANG_RE.match(str(record.get("language", ""))):
        errors.append("language: ISO 639-1 code")
    if record.get("status") not in STATUSES:
        errors.append(f"status: one of {sorted(STATUSES)}")
    if record.get("status") == "repealed" and not ("repealed_by" in record or "repealed_on" in record):
        errors.append("status repealed: give repealed_by and/or repealed_on")
    if ("repealed_by" in record or "repealed_on" in record) and record.get("status") != "repealed":
        errors.append("repealed_by/repealed_on: status must be repealed")
    crimes = record.get("crime_types")
    if not isinstance(crimes, list) or not crimes or not set(crimes) <= CRIME_TYPES:
        errors.append(f"crime_types: a non-empty list from {sorted(CRIME_TYPES)}")
    if not isinstance(record.get("source"), str) or not record["source"].strip():
        errors.append("source: required text")
    if not isinstance(record.get("verified"), bool):
        errors.append("verified: true or false")
    if record.get("kind") in {"legislation", "treaty"}:
        articles = record.get("articles")
        if not isinstance(articles, list):
            errors.append("articles: a list (may be empty) is required for legislation and treaties")
        else:
            for i, article in enumerate(articles):
                errors += _check_article(article, f"articles[{i}]")
    if record.get("kind") == "treaty":
        for i, party in enumerate(record.get("parties", [])):
            errors += _check_party(party, f"parties[{i}]")
    elif "parties" in record:
        errors.append("parties: treaties only")
    if record.get("kind") == "case":
        errors += [f"case: missing {key}" for key in sorted(CASE_FIELDS - record.keys())]
    return [f"{path.parent.name}/{path.name}: {e}" for e in errors]


def test_seed_library_is_present() -> None:
    kinds = {path.parent.name for path in FILES}
    assert {"legislation", "treaty"} <= kinds
    countries = {_load(path)["country"] for path in FILES}
    assert {"ML", "NE", "BF", "MA", "SN", "CI", "GH", "NG", "GM", "INT", "ECOWAS"} <= countries


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_record_follows_schema(path: Path) -> None:
    assert check_record(_load(path), path) == []


def test_ids_are_unique_and_links_resolve() -> None:
    records = [_load(path) for path in FILES]
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    known = set(ids)
    for record in records:
        for target in [record.get("repealed_by"), *record.get("repeals", [])]:
            assert target is None or target in known, f"{record['id']} links to unknown {target}"
        for target in record.get("repeals", []):
            repealed = next(r for r in records if r["id"] == target)
            assert repealed.get("repealed_by") == record["id"]


def test_niger_smuggling_law_is_repealed_and_findable() -> None:
    """The issue's search example: Law 2015-36, repealed by Ordinance 2023-16 with convictions erased."""
    law = _load(LAW_DIR / "legislation" / "ne-law-2015-36.yaml")
    assert law["status"] == "repealed"
    assert law["repealed_by"] == "ne-ord-2023-16"
    assert law["repealed_on"] == dt.date(2023, 11, 25)
    assert "trafic illicite de migrants" in law["title"]["fr"] + law["summary"]["fr"]
    assert "smuggling of migrants" in law["title"]["en"] + law["summary"]["en"]
    ordinance = _load(LAW_DIR / "legislation" / "ne-ord-2023-16.yaml")
    assert "effacés" in ordinance["summary"]["fr"] and "erased" in ordinance["summary"]["en"]


def test_aes_states_are_uncertain_under_ecowas_conventions() -> None:
    """Mali, Burkina Faso and Niger left ECOWAS on 29 Jan 2025: never recorded as plain parties."""
    for name in ("ecowas-conv-mla-1992", "ecowas-conv-extradition-1994"):
        treaty = _load(LAW_DIR / "treaty" / f"{name}.yaml")
        parties = {p["country"]: p for p in treaty["parties"]}
        for country in ("ML", "BF", "NE"):
            assert parties[country]["status"] == "uncertain"
            assert parties[country]["verified"] is False


def test_checker_catches_errors(tmp_path: Path) -> None:
    """The checker itself must fail on the mistakes it is meant to catch."""
    folder = tmp_path / "legislation"
    folder.mkdir()
    path = folder / "xx-bad.yaml"
    record = {"id": "xx-bad", "kind": "legislation", "country": "Niger", "title": {"de": "x"},
              "date": "2015", "language": "fr", "status": "abolished", "crime_types": ["drugs"],
              "summary": {"fr": "x"}, "source": "", "verified": "yes", "articles": []}  # fmt: skip
    errors = "\n".join(check_record(record, path))
    for field in ("country", "title", "date", "status", "crime_types", "summary", "source", "verified"):
        assert field in errors
