"""What ingest stored reads back as valid FollowTheMoney entities."""

from __future__ import annotations

import hashlib
import json

from followthemoney import model


def test_sample_case_gives_valid_ftm_entities(cli, sample_case_dir) -> None:
    cli("case", "create", "demo", "--country", "NE")
    cli("ingest", "--case", "demo", str(sample_case_dir))
    by_schema: dict[str, list] = {}
    for item in cli("evidence", "list", "--case", "demo", "--json").json():
        lines = cli("evidence", "entities", str(item["id"]), "--case", "demo").stdout.splitlines()
        for line in lines:
            proxy = model.get_proxy(json.loads(line))  # raises on an unknown schema or property
            assert proxy.id
            by_schema.setdefault(proxy.schema.name, []).append(proxy)
    assert len(by_schema["Document"]) == 14
    originals = {p.name: p.read_bytes() for p in sample_case_dir.rglob("*") if p.is_file()}
    for doc in by_schema["Document"]:  # FtM's contentHash is the SHA-1; the SHA-256 is in the notes
        data = originals[doc.first("fileName")]
        assert doc.get("contentHash") == [hashlib.sha1(data, usedforsecurity=False).hexdigest()]
        assert hashlib.sha256(data).hexdigest() in doc.first("notes")
    assert len(by_schema["Call"]) == 60 + 30 + 5
    call = next(c for c in by_schema["Call"] if "+22793076419" in c.get("callerNumber"))
    assert call.get("proof") and call.get("date")[0].startswith("2025-04")
    subscribers = [p for p in by_schema["Person"] if "subscriber" in p.get("description")[0]]
    assert len(subscribers) == 8
    assert all(p.get("phone")[0].startswith("+") for p in subscribers)
    heard = [p for p in by_schema["Person"] if "person heard" in p.get("description")[0]]
    assert len(heard) == 3
    assert any(p.get("birthDate") for p in heard)
