"""`filiere ingest --kind ftm`: FollowTheMoney lines become people, calls, payments and links; a bad line is
an issue naming it, never a crash, and the other lines are stored. Fictional people and numbers."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from filiere.cases import get_case
from filiere.network.build import build_network
from filiere.store.tables import calls, imported_people, links, payments
from filiere.workspace import Workspace

AWA = {
    "id": "p-awa",
    "schema": "Person",
    "properties": {
        "name": ["Awa TRAORÉ"],
        "alias": ["Tantie"],
        "phone": ["+22796663012", "+22790112233"],
        "notes": ["Subscriber of the line (not necessarily its user): +22790112233"],
    },
}
MOUSSA = {
    "id": "p-moussa",
    "schema": "Person",
    "properties": {"name": ["Moussa KANTÉ"], "phone": ["+22791234567"]},
}
AWA_AGAIN = {
    "id": "p-awa-2",
    "schema": "Person",
    "properties": {"name": ["Awa Traoré"], "phone": ["+22799887766"]},
}
IBRAHIM = {
    "id": "p-ibrahim",
    "schema": "Person",
    "properties": {"name": ["Ibrahim SALEY"], "alias": ["Le Vieux"], "phone": ["12"]},
}
CALL = {
    "id": "c-1",
    "schema": "Call",
    "properties": {
        "callerNumber": ["+22796663012"],
        "receiverNumber": ["+22791234567"],
        "date": ["2025-03-04T21:04:33"],
        "duration": ["95"],
        "description": ["voice"],
    },
}
SMS = {
    "id": "c-2",
    "schema": "Call",
    "properties": {"caller": ["p-moussa"], "receiverNumber": ["+22796663012"], "description": ["sms"]},
}
PAYMENT = {
    "id": "pay-1",
    "schema": "Payment",
    "properties": {
        "payer": ["p-awa"],
        "beneficiary": ["p-moussa"],
        "amount": ["150000"],
        "currency": ["XOF"],
        "date": ["2025-03-05"],
        "description": ["Orange Money"],
        "purpose": ["Frais de passage jusqu'à Agadez"],
    },
}
PAYMENT_ELSEWHERE = {
    "id": "pay-2",
    "schema": "Payment",
    "properties": {
        "payer": ["p-moussa"],
        "beneficiary": ["p-nobody"],
        "amount": ["20000"],
        "currency": ["XOF"],
    },
}
DOCUMENT = {
    "id": "d-1",
    "schema": "Document",
    "properties": {"fileName": ["pv.txt"], "contentHash": ["3791d7781ce9f895d29171901038d8e026b362dd"]},
}
ORDERS = {
    "id": "l-1",
    "schema": "UnknownLink",
    "properties": {
        "subject": ["p-ibrahim"],
        "object": ["p-moussa"],
        "role": ["gives_orders"],
        "description": ["weight 2"],
    },
}


def _lines() -> list[str]:
    return [
        json.dumps(AWA, ensure_ascii=False),  # 1
        json.dumps(MOUSSA, ensure_ascii=False),  # 2
        '{"id": "x", "schema": "Person", "properties": {"name": ["Broken"',  # 3: cut off
        json.dumps({"id": "y", "schema": "Spaceship", "properties": {}}),  # 4: no such schema
        json.dumps(AWA_AGAIN, ensure_ascii=False),  # 5
        json.dumps(IBRAHIM, ensure_ascii=False),  # 6: "12" is no phone number
        json.dumps(CALL),  # 7
        json.dumps(SMS),  # 8
        json.dumps(PAYMENT, ensure_ascii=False),  # 9
        json.dumps(DOCUMENT),  # 10
        json.dumps(ORDERS),  # 11
        "",  # 12
        "[1, 2]",  # 13: not an object
        json.dumps(PAYMENT_ELSEWHERE),  # 14: beneficiary not in the file
    ]


def _write(path: Path) -> Path:
    path.write_text("\n".join(_lines()) + "\n", encoding="utf-8")
    return path


def test_bad_lines_are_named_and_the_rest_is_stored(cli, workspace: Workspace, tmp_path: Path) -> None:
    cli("case", "create", "imp", "--country", "NE")
    result = cli(
        "ingest", "--case", "imp", "--kind", "ftm", str(_write(tmp_path / "other-tool.json")), "--json"
    )
    report = result.json()
    assert report["added"] == 1 and report["records"] == 4 + 2 + 2 + 1
    issue_lines = sorted({e["line"] for e in report["errors"]})
    assert issue_lines == [3, 4, 6, 13, 14], report["errors"]
    by_line = {e["line"]: e["message"] for e in report["errors"]}
    assert "not a JSON line" in by_line[3] and "Spaceship" in by_line[4] and "'12'" in by_line[6]
    assert "p-nobody" in by_line[14]

    shown = cli("evidence", "show", "1", "--case", "imp", "--json").json()
    assert shown["kind"] == "ftm" and shown["issue_count"] == 5
    assert (
        shown["details"]["documents"] == 1 and shown["details"]["document_list"][0]["file_name"] == "pv.txt"
    )
    assert shown["details"]["entities"] == {
        "Call": 2,
        "Document": 1,
        "Payment": 2,
        "Person": 4,
        "UnknownLink": 1,
    }

    case = get_case(workspace, "imp")
    with workspace.engine.connect() as conn:
        people = {r.ftm_id: r for r in conn.execute(select(imported_people))}
        stored_calls = {r.line: r for r in conn.execute(select(calls))}
        stored_payments = {r.line: r for r in conn.execute(select(payments))}
        stored_links = conn.execute(select(links)).all()
    assert people["p-awa"].aliases == ["Tantie"] and people["p-awa"].line == 1
    assert {(p["e164"], p["link"]) for p in people["p-awa"].phones} == {
        ("+22796663012", "user"),
        ("+22790112233", "subscriber"),
    }
    assert people["p-ibrahim"].phones == []
    assert stored_calls[7].caller_e164 == "+22796663012" and stored_calls[7].duration_s == 95
    assert (
        stored_calls[7].started_at.isoformat() == "2025-03-04T21:04:33"
        and stored_calls[7].call_type == "voice"
    )
    assert (
        stored_calls[8].call_type == "sms" and stored_calls[8].caller_e164 == "+22791234567"
    )  # from the ref
    paid = stored_payments[9]
    assert (paid.payer_name, paid.payer_phone, paid.payee_name) == (
        "Awa TRAORÉ",
        "+22796663012",
        "Moussa KANTÉ",
    )
    assert (paid.amount, paid.currency, paid.paid_at, paid.channel) == (
        150000.0,
        "XOF",
        "2025-03-05",
        "Orange Money",
    )
    assert stored_payments[14].payee_name is None and stored_payments[14].payer_name == "Moussa KANTÉ"
    assert [(r.source, r.target, r.type, r.weight) for r in stored_links] == [
        ("Ibrahim SALEY", "Moussa KANTÉ", "gives_orders", 2.0)
    ]

    cli("resolve", "--case", "imp")
    listed = cli("entity", "list", "--case", "imp", "--json").json()
    names = sorted(p["name"] for p in listed)
    assert names == ["Awa TRAORÉ", "Ibrahim SALEY", "Moussa KANTÉ"], (
        listed
    )  # the two Awa lines are one person
    with workspace.engine.connect() as conn:
        network = build_network(conn, case.id)
    node = {p["name"]: n for n, p in network.people.items()}
    awa = network.people[node["Awa TRAORÉ"]]
    assert awa["phones"] == ["+22796663012", "+22799887766"] and awa["subscriber_of"] == ["+22790112233"]
    assert "Tantie" in awa["aliases"]
    pair = tuple(sorted((node["Awa TRAORÉ"], node["Moussa KANTÉ"])))
    assert (*pair, "payment") in network.edges and (*pair, "call") in network.edges
    assert (node["Ibrahim SALEY"], node["Moussa KANTÉ"], "link:gives_orders") in network.edges

    timeline = cli("analyze", "--case", "imp", "--json").json()["timeline"]
    paid_items = [t for t in timeline if t["kind"] == "payment"]
    assert paid_items[0] == {
        "time": "2025-03-05",
        "kind": "payment",
        "summary": "Payment of 150\u202f000 XOF from Awa TRAORÉ to Moussa KANTÉ via Orange Money",
        "evidence": 1,
    }
    assert len(paid_items) == 2


def test_ftm_lines_are_recognised_without_kind_and_ingested_once(cli, tmp_path: Path) -> None:
    cli("case", "create", "auto", "--country", "NE")
    path = _write(tmp_path / "aleph-export.jsonl")
    first = cli("ingest", "--case", "auto", str(path), "--json").json()
    assert first["added"] == 1
    assert cli("evidence", "list", "--case", "auto", "--json").json()[0]["kind"] == "ftm"
    again = cli("ingest", "--case", "auto", "--kind", "ftm", str(path), "--json").json()
    assert again["added"] == 0 and again["duplicates"] == 1

    plain = tmp_path / "settings.json"
    plain.write_text('{"name": "not an entity", "schema": "Nope"}\n', encoding="utf-8")
    cli("ingest", "--case", "auto", str(plain), "--json", check=False)
    kinds = {
        e["original_name"]: e["kind"] for e in cli("evidence", "list", "--case", "auto", "--json").json()
    }
    assert kinds.get("settings.json") != "ftm"


def test_a_file_of_broken_lines_stores_nothing_and_names_each(cli, tmp_path: Path) -> None:
    cli("case", "create", "broken", "--country", "NE")
    path = tmp_path / "broken.ftm.json"
    path.write_text('{"id": "a", "schema": "Person"\nnot json\n', encoding="utf-8")
    report = cli("ingest", "--case", "broken", "--kind", "ftm", str(path), "--json").json()
    assert report["records"] == 0 and sorted(e["line"] for e in report["errors"]) == [1, 2]


def test_a_number_ftm_cannot_place_travels_as_written(cli, workspace: Workspace, tmp_path: Path) -> None:
    from filiere.export.ftm import dump
    from filiere.export.ftm_entities import call_entity, entity, person_entity

    doc = entity("Document", "x", "evidence", "d")
    garba = {"entity": 1, "name": "Garba ISSA", "aliases": [], "phones": ["3040"], "subscriber_of": []}
    person = person_entity("x", garba, {}, "transporter", [doc.id])
    row = {
        "evidence_id": 1,
        "line": 2,
        "caller_e164": None,
        "caller_raw": "3040",
        "callee_e164": "+22796663012",
    }
    row |= {"callee_raw": "96 66 30 12", "started_at": None, "duration_s": 12, "call_type": "voice"}
    call = call_entity("x", row, doc.id, person.id, None)
    assert "phone" not in person.properties and "callerNumber" not in call.properties
    path = tmp_path / "short-codes.ftm.json"
    path.write_text("".join(dump(e) + "\n" for e in (doc, person, call)), encoding="utf-8")
    cli("case", "create", "short", "--country", "NE")
    report = cli("ingest", "--case", "short", str(path), "--json").json()
    assert report["records"] == 2 and report["errors"] == []
    with workspace.engine.connect() as conn:
        (stored,) = conn.execute(select(imported_people.c.phones)).all()
        (stored_call,) = conn.execute(
            select(calls.c.caller_raw, calls.c.callee_e164, calls.c.duration_s)
        ).all()
    assert [p["raw"] for p in stored.phones] == ["3040"]
    assert tuple(stored_call) == ("3040", "+22796663012", 12)
