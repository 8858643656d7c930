"""`filiere generate OUTDIR`: a whole generated case — evidence/ in the real formats, truth.json beside it.

OUTDIR/evidence/ holds what an investigator would receive; OUTDIR/truth.json the answer (outside evidence/
so that ingesting the folder never ingests the answer); OUTDIR/README.txt says the data is generated.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from filiere.errors import FiliereError
from filiere.i18n import _
from filiere.train.draw import draw_scenario
from filiere.train.files import FileRecord, generated_banner
from filiere.train.scenario import Scenario
from filiere.train.truth import build_truth

Step = Callable[[str], None]


def generate_case(
    out_dir: Path,
    seed: int,
    size: str = "medium",
    language: str = "fr",
    cdr_rows: int | None = None,
    force: bool = False,
    step: Step | None = None,
) -> dict[str, Any]:
    """Write the case and return its truth. `step(label)` is called before each stage (progress)."""
    from filiere.train.cdr import noise_numbers, render_cdr
    from filiere.train.hearings import render_hearings
    from filiere.train.statements import render_statements
    from filiere.train.subscribers import render_subscribers
    from filiere.train.transcripts import render_transcripts

    step = step or (lambda _label: None)
    evidence = _prepare(out_dir, force)
    step(_("Drawing the network"))
    scenario = draw_scenario(seed, size, language)
    records: list[FileRecord] = []
    stages: list[tuple[str, Callable[[], list[FileRecord]]]] = [
        (_("Intercept transcripts"), lambda: render_transcripts(scenario, evidence)),
        (_("Hearing records"), lambda: render_hearings(scenario, evidence)),
        (_("Money statements"), lambda: render_statements(scenario, evidence)),
        (_("Subscriber lists"), lambda: render_subscribers(scenario, evidence)),
        (_("Call detail records"), lambda: render_cdr(scenario, evidence, cdr_rows)),
    ]
    for label, render in stages:
        step(label)
        records += render()
    truth = build_truth(scenario, records, noise_numbers(scenario, cdr_rows))
    (out_dir / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8", newline="\n"
    )
    (out_dir / "README.txt").write_text(_readme(scenario), encoding="utf-8", newline="\n")
    return truth


def _prepare(out_dir: Path, force: bool) -> Path:
    evidence = out_dir / "evidence"
    if out_dir.exists() and any(out_dir.iterdir()):
        if not force:
            raise FiliereError(
                _(
                    "{path} is not empty: choose an empty folder, or add --force to replace a generated case"
                ).format(path=out_dir)
            )
        if (out_dir / "truth.json").is_file():
            shutil.rmtree(evidence, ignore_errors=True)
        else:
            raise FiliereError(
                _("{path} does not hold a generated case (no truth.json): refusing to replace it").format(
                    path=out_dir
                )
            )
    evidence.mkdir(parents=True, exist_ok=True)
    return evidence


def _readme(scenario: Scenario) -> str:
    lines = [
        generated_banner("fr", scenario.seed),
        generated_banner("en", scenario.seed),
        "",
        f"seed={scenario.seed} size={scenario.size} language={scenario.language}",
        f"route={scenario.route['id']}",
        "evidence/   les pièces / the evidence (ingest this folder)",
        "truth.json  la réponse / the answer key (do not give it to trainees)",
        "",
        f"filiere case create exercise --country {scenario.case_country}",
        "filiere ingest --case exercise evidence",
    ]
    return "\n".join(lines) + "\n"
