"""The FtM export of the hand-written network case: identity documents written as sentences in a hearing
record (too long for FtM's identifier type) are kept in the notes and read back, never a crash."""

from __future__ import annotations

import json
from pathlib import Path

from followthemoney import model
from sqlalchemy import select

from filiere.cases import get_case
from filiere.store.tables import imported_people

CASE = Path(__file__).parents[2] / "examples" / "network-case"


def test_network_case_exports_and_reads_back_long_identity_documents(cli, workspace, tmp_path: Path) -> None:
    cli("case", "create", "nc", "--country", "NE")
    cli("ingest", "--case", "nc", str(CASE / "evidence"))
    cli("resolve", "--case", "nc")
    out = tmp_path / "nc.ftm.jsonl"
    result = cli("export", "--case", "nc", "--format", "ftm", "-o", str(out), check=False)
    assert result.exit_code == 0, result.output
    people = []
    for line in out.read_text(encoding="utf-8").splitlines():
        proxy = model.get_proxy(json.loads(line))
        for prop, values in proxy.properties.items():
            kind = proxy.schema.get(prop).type
            assert all(kind.validate(v) for v in values), (proxy.schema.name, prop, values)
        if proxy.schema.name == "Person":
            people.append(proxy)
    written = [n for p in people for n in p.get("notes") if "idNumber as written:" in n]
    assert written, "a long identity document is kept in the notes"

    cli("case", "create", "copy", "--country", "NE")
    cli("ingest", "--case", "copy", "--kind", "ftm", str(out))
    copy = get_case(workspace, "copy")
    with workspace.engine.connect() as conn:
        read_back = [
            d
            for row in conn.execute(
                select(imported_people.c.id_numbers).where(imported_people.c.case_id == copy.id)
            )
            for d in row.id_numbers
        ]
    for note in written:
        for line in note.splitlines():
            if line.startswith("idNumber as written: "):
                assert line.removeprefix("idNumber as written: ") in read_back
