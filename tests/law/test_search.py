"""The legal library on SQLite and PostgreSQL: import, BM25 ranking, facets, snippets, folding, export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from filiere.law.records import LAW_DIR, load_file
from filiere.law.search import facets, search_law
from filiere.law.store import all_records, import_file
from filiere.store.tables import audit_log
from filiere.workspace import Workspace

DATA = Path(__file__).parent / "data"
SEED = (LAW_DIR / "legislation" / "ne-law-2015-36.yaml").is_file()
needs_seed = pytest.mark.skipif(not SEED, reason="the shipped legal library is not there yet")


def _ids(results: list[dict]) -> list[str]:
    return [r["id"] for r in results]


def test_search_ranks_the_best_title_first_and_highlights(cli) -> None:
    cli("law", "import", DATA / "records.json")
    results = cli("law", "search", "trafic illicite de migrants", "--country", "XA", "--json").json()
    assert _ids(results)[0] == "xa-law-2020-1"
    assert set(results[0]) >= {"id", "kind", "country", "title", "score", "snippet"}
    assert results[0]["score"] > 0
    assert "**trafic**" in results[0]["snippet"].lower() or "**smuggling**" in results[0]["snippet"]


def test_accents_case_and_endings_are_folded(workspace: Workspace) -> None:
    import_file(workspace, DATA / "records.json")
    assert _ids(search_law(workspace, "ETRES HUMAINS"))[:1] == ["xa-law-2018-7"]
    assert _ids(search_law(workspace, "êtres humain", country="XA")) == ["xa-law-2018-7"]
    assert "xa-law-2020-1" in _ids(search_law(workspace, "smuggled migrant", country="XA"))
    snippet = search_law(workspace, "EXPLOITATION", country="XA")[0]["snippet"]
    assert "**exploitation**" in snippet


def test_english_query_finds_a_french_text_by_its_translated_fields(workspace: Workspace) -> None:
    import_file(workspace, DATA / "records.json")
    found = search_law(workspace, "smuggling drivers", country="XB")
    assert _ids(found) == ["xb-case-2021-4"]
    assert found[0]["title"].startswith("Ministère public")  # the French title: the only one it has


def test_filters_and_facets(workspace: Workspace) -> None:
    import_file(workspace, DATA / "records.json")
    import_file(workspace, DATA / "records.csv")
    assert _ids(search_law(workspace, "migrants", kind="case")) == ["xb-case-2021-4"]
    assert _ids(search_law(workspace, "", crime="extradition", country="XC")) == ["xc-treaty-2017-1"]
    assert _ids(search_law(workspace, "", country="XA", year=2018)) == ["xa-law-2018-7"]
    counts = facets(workspace, "", country="XA")
    assert counts["kind"] == {"legislation": 2}
    assert counts["crime"] == {"som": 1, "tip": 1}
    assert counts["year"] == {"2020": 1, "2018": 1}
    assert facets(workspace, "migrants", country="XB")["crime"] == {"som": 1, "corruption": 1}


def test_import_is_idempotent_and_audited(cli, workspace: Workspace) -> None:
    first = cli("law", "import", DATA / "records.json", "--json").json()
    assert sorted(first["added"]) == ["xa-law-2018-7", "xa-law-2020-1", "xb-case-2021-4"]

    def audited() -> int:
        with workspace.engine.connect() as conn:
            query = select(func.count()).select_from(audit_log).where(audit_log.c.action == "law.import")
            return conn.execute(query).scalar_one()

    assert audited() == 3
    again = cli("law", "import", DATA / "records.json", "--json").json()
    assert again["added"] == [] and again["updated"] == [] and len(again["unchanged"]) == 3
    assert audited() == 3
    csv_result = cli("law", "import", DATA / "records.csv", "--json").json()
    assert sorted(csv_result["added"]) == ["xc-law-2019-3", "xc-treaty-2017-1"]
    shown = cli("law", "show", "xc-treaty-2017-1", "--json").json()
    assert shown["crime_types"] == ["mla", "extradition"] and shown["origin"] == "user"
    assert shown["title"]["en"] == "Mutual legal assistance agreement"


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("missing-source.json", "missing-source.json:3: source:"),
        ("broken.json", "broken.json:2"),
        ("bad-crime.csv", "bad-crime.csv:3: crime_types:"),
    ],
)
def test_bad_files_are_refused_naming_file_line_and_field(cli, name: str, where: str) -> None:
    result = cli("law", "import", DATA / name, check=False)
    assert result.exit_code == 1
    assert where in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr
    assert cli("law", "search", "loi", "--country", "XA", "--json").json() == []  # nothing half-imported


def test_unknown_record_is_a_user_error(cli) -> None:
    result = cli("law", "show", "xx-nothing", check=False)
    assert result.exit_code == 1 and "xx-nothing" in result.stderr


def test_export_round_trip(cli, tmp_path: Path) -> None:
    cli("law", "import", DATA / "records.json")
    cli("law", "import", DATA / "records.csv")
    out = tmp_path / "export.json"
    cli("law", "export", "--user", "--out", out)
    exported = json.loads(out.read_text(encoding="utf-8"))
    original = load_file(DATA / "records.json") + load_file(DATA / "records.csv")
    assert sorted(exported, key=lambda r: r["id"]) == sorted(original, key=lambda r: r["id"])
    again = cli("law", "import", out, "--json").json()
    assert len(again["unchanged"]) == 5 and again["added"] == again["updated"] == []


@needs_seed
def test_seed_niger_smuggling_law_ranks_first_and_shows_repealed(cli) -> None:
    results = cli("law", "search", "trafic illicite de migrants", "--country", "NE", "--json").json()
    assert results[0]["id"] == "ne-law-2015-36"
    assert results[0]["status"] == "repealed"
    table = cli("law", "search", "trafic illicite de migrants", "--country", "NE").stdout
    assert "REPEALED" in table


@needs_seed
def test_seed_english_query_finds_french_laws(workspace: Workspace) -> None:
    found = search_law(workspace, "smuggling", limit=50)
    french = {r["id"] for r in all_records(workspace) if r.get("language") == "fr"}
    assert "ne-law-2015-36" in _ids(found)
    assert french & set(_ids(found))


@needs_seed
def test_an_import_may_not_replace_a_shipped_record(cli, tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text(
        json.dumps(
            {
                "id": "ne-law-2015-36",
                "kind": "legislation",
                "country": "NE",
                "title": {"fr": "Ma version"},
                "source": "test",
            }
        ),
        encoding="utf-8",
    )
    result = cli("law", "import", path, check=False)
    assert result.exit_code == 1 and "ne-law-2015-36" in result.stderr
