"""FollowTheMoney export of a generated case: every line loads with `followthemoney` with no invalid value,
and `filiere ingest --kind ftm` into a new case, then `resolve` and a second export, gives back the same
names, phone numbers, calls, payments and links. Both backends; the case is built once per backend."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from followthemoney import model
from followthemoney.types import registry
from sqlalchemy import func, select

from filiere.cases import get_case
from filiere.export.ftm_entities import entity, put
from filiere.store.tables import calls, evidence
from filiere.workspace import Workspace
from tests.conftest import BACKENDS, new_database_url
from tests.support.cli import CliRunner

DIRECTED = {"gives_orders"}
CALL_FIELDS = ("callerNumber", "receiverNumber", "date", "duration", "description")
PAYMENT_FIELDS = ("amount", "currency", "date", "description", "purpose")


@dataclass
class RoundTrip:
    cli: CliRunner
    first: Path  # export of the generated case
    again: Path  # the same case exported a second time
    second: Path  # export of the case made by ingesting `first`
    analysis: dict


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ftm-gen") / "case"
    CliRunner(folder.parent / "ws", None)("generate", str(folder), "--seed", "3", "--size", "small")
    return folder / "evidence"


@pytest.fixture(scope="module", params=BACKENDS)
def trip(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, generated: Path
) -> Iterator[RoundTrip]:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("FILIERE_LANG", "en")
        env.setenv("FILIERE_USER", "test-officer")
        root = tmp_path_factory.mktemp("ftm-trip")
        cli = CliRunner(root / "ws", new_database_url(request.param, request))
        cli("case", "create", "origin", "--country", "SN")
        cli("ingest", "--case", "origin", str(generated))
        cli("resolve", "--case", "origin")
        first, again, second = root / "origin.ftm.json", root / "again.ftm.json", root / "moved.ftm.json"
        cli("export", "--case", "origin", "--format", "ftm", "-o", str(first))
        cli("export", "--case", "origin", "--format", "ftm", "-o", str(again))
        cli("case", "create", "moved", "--country", "SN")
        cli("ingest", "--case", "moved", "--kind", "ftm", str(first))
        cli("resolve", "--case", "moved")
        cli("export", "--case", "moved", "-o", str(second))  # format from the suffix
        analysis = cli("analyze", "--case", "origin", "--json").json()
        yield RoundTrip(cli, first, again, second, analysis)


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _facts(path: Path) -> dict[str, object]:
    """What must survive the round trip, with entity ids replaced by the names they point at."""
    entities = {e["id"]: e for e in _lines(path)}

    def values(e: dict, prop: str) -> list[str]:
        return e["properties"].get(prop, [])

    name = {i: values(e, "name")[0] for i, e in entities.items() if values(e, "name")}
    of = {
        s: [e for e in entities.values() if e["schema"] == s]
        for s in ("Person", "Call", "Payment", "UnknownLink")
    }

    def record(e: dict, fields: tuple[str, ...], parties: tuple[str, ...]) -> tuple:
        return (
            *(tuple(values(e, k)) for k in fields),
            *(tuple(name[i] for i in values(e, k)) for k in parties),
        )

    def pair(link: dict) -> tuple:
        a, b = name[values(link, "subject")[0]], name[values(link, "object")[0]]
        role = values(link, "role")[0]
        return (role, a, b) if role in DIRECTED else (role, *sorted((a, b)))

    return {
        "people": sorted(
            (name[p["id"]], sorted(values(p, "alias")), sorted(values(p, "phone"))) for p in of["Person"]
        ),
        "names": {n for p in of["Person"] for n in values(p, "name") + values(p, "alias")},
        "phones": {n for p in of["Person"] for n in values(p, "phone")},
        "calls": Counter(record(c, CALL_FIELDS, ("caller", "receiver")) for c in of["Call"]),
        "payments": Counter(record(p, PAYMENT_FIELDS, ("payer", "beneficiary")) for p in of["Payment"]),
        "links": Counter(pair(link) + tuple(values(link, "description")) for link in of["UnknownLink"]),
    }


def test_every_line_loads_with_followthemoney_with_no_invalid_value(trip: RoundTrip) -> None:
    for path in (trip.first, trip.second):
        ids = set()
        refs = []
        for data in _lines(path):
            proxy = model.get_proxy(data, cleaned=False)  # raises on an unknown schema
            assert proxy.id == data["id"] and proxy.id not in ids
            ids.add(proxy.id)
            for prop_name, raw in data["properties"].items():
                prop = proxy.schema.get(prop_name)
                assert prop is not None, (data["schema"], prop_name)
                for value in raw:
                    assert prop.type.validate(value), (data["schema"], prop_name, value)
                    assert prop.type.clean(value, proxy=proxy) is not None, (data["schema"], prop_name, value)
                assert sorted(proxy.get(prop)) == raw, (data["schema"], prop_name)  # nothing dropped
                if prop.type == registry.entity:
                    refs += raw
        assert set(refs) <= ids  # every reference points at an entity of the file


def test_the_export_holds_the_case(trip: RoundTrip) -> None:
    lines = _lines(trip.first)
    schemata = Counter(e["schema"] for e in lines)
    opened = Workspace.open(trip.cli.workspace, trip.cli.db_url)
    try:
        case = get_case(opened, "origin")
        with opened.engine.connect() as conn:
            originals = (
                conn.execute(select(evidence.c.sha256).where(evidence.c.case_id == case.id)).scalars().all()
            )
            call_rows = conn.execute(select(func.count()).where(calls.c.case_id == case.id)).scalar()
        blobs = {sha: opened.blobs.path_for(sha).read_bytes() for sha in originals}
    finally:
        opened.close()
    assert schemata["Document"] == len(originals) and schemata["Call"] == call_rows
    documents = [e["properties"] for e in lines if e["schema"] == "Document"]
    for doc in documents:
        sha256 = doc["notes"][0].removeprefix("SHA-256: ")
        assert doc["contentHash"] == [hashlib.sha1(blobs[sha256], usedforsecurity=False).hexdigest()]
    people = {e["properties"]["name"][0]: e["properties"] for e in lines if e["schema"] == "Person"}
    assert schemata["Person"] == len(trip.analysis["people"]) == len(people)
    for person in trip.analysis["people"]:
        exported = people[person["name"]]
        assert exported["description"] == [f"Role in the network (Filière analysis): {person['role']}"]
        assert f"Filière entity #{person['id']}" in exported["notes"][0]
        assert set(person["phones"]) <= set(exported.get("phone", []))
    assert schemata["Payment"] == sum(t["kind"] == "payment" for t in trip.analysis["timeline"])
    assert schemata["Address"] == len(trip.analysis["route"])
    assert any(
        "payer" in e["properties"] or "beneficiary" in e["properties"]
        for e in lines
        if e["schema"] == "Payment"
    )
    assert any("caller" in e["properties"] for e in lines if e["schema"] == "Call")


def test_the_same_case_gives_the_same_bytes(trip: RoundTrip) -> None:
    assert trip.first.read_bytes() == trip.again.read_bytes()


def test_a_case_moved_through_ftm_keeps_people_numbers_calls_payments_and_links(trip: RoundTrip) -> None:
    before, after = _facts(trip.first), _facts(trip.second)
    assert before["people"] and before["calls"] and before["payments"] and before["links"]
    for key in ("names", "phones", "people", "calls", "payments", "links"):
        assert before[key] == after[key], key
    moved = trip.cli("analyze", "--case", "moved", "--json").json()
    assert len(moved["people"]) == len(trip.analysis["people"])
    assert sum(t["kind"] == "payment" for t in moved["timeline"]) == sum(before["payments"].values())


def test_a_value_followthemoney_would_drop_fails_the_export_loudly() -> None:
    person = entity("Person", "case", "person", 1)
    with pytest.raises(ValueError, match="phone"):
        put(person, "phone", "76 45 90 12")  # national form: FtM cannot place it
    with pytest.raises(ValueError, match="contentHash"):
        put(entity("Document", "case", "doc", 1), "contentHash", "a" * 64)  # a SHA-256: FtM wants SHA-1
    put(person, "phone", "+22796663012")
    assert person.get("phone") == ["+22796663012"]
