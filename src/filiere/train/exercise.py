"""`filiere train new`: an exercise pack — the evidence for trainees, the key for the trainer, blank answer
sheets (JSON to fill in a text editor or by a tool, printable HTML/DOCX forms in French and English).

Pack layout:
  OUTDIR/evidence/           the case files (give these to the trainees)
  OUTDIR/answer-sheet.json   blank answer sheet
  OUTDIR/answer-sheet.{fr,en}.{html,docx}
  OUTDIR/trainer/key.json    the answer (truth.json of the generated case); keep it from the trainees
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from filiere.errors import FiliereError
from filiere.i18n import _
from filiere.train.generate import generate_case

LEVEL_SIZES = {1: "small", 2: "medium", 3: "large"}


def new_exercise(
    out_dir: Path, seed: int, level: int, language: str, force: bool = False, step=None
) -> dict[str, Any]:
    from filiere.train.answers import blank_sheet, write_forms

    if level not in LEVEL_SIZES:
        raise FiliereError(_("unknown level {level}: use 1, 2 or 3").format(level=level))
    if out_dir.exists() and any(out_dir.iterdir()) and not force:
        raise FiliereError(
            _(
                "{path} is not empty: choose an empty folder, or add --force to replace an exercise pack"
            ).format(path=out_dir)
        )
    if force and out_dir.exists():
        if not (out_dir / "trainer" / "key.json").is_file():
            raise FiliereError(
                _(
                    "{path} does not hold an exercise pack (no trainer/key.json): refusing to replace it"
                ).format(path=out_dir)
            )
        shutil.rmtree(out_dir)
    work = out_dir / "trainer" / "generated"
    key = generate_case(work, seed, LEVEL_SIZES[level], language, step=step)
    key["level"] = level
    (work / "evidence").rename(out_dir / "evidence")
    (work / "truth.json").unlink()
    (work / "README.txt").unlink()
    work.rmdir()
    (out_dir / "trainer" / "key.json").write_text(
        json.dumps(key, ensure_ascii=False, indent=1) + "\n", encoding="utf-8", newline="\n"
    )
    sheet = blank_sheet(key)
    (out_dir / "answer-sheet.json").write_text(
        json.dumps(sheet, ensure_ascii=False, indent=1) + "\n", encoding="utf-8", newline="\n"
    )
    forms = write_forms(key, out_dir)
    (out_dir / "README.txt").write_text(_readme(key), encoding="utf-8", newline="\n")
    return {
        "pack": str(out_dir),
        "evidence": len(list((out_dir / "evidence").iterdir())),
        "key": str(out_dir / "trainer" / "key.json"),
        "answer_sheet": str(out_dir / "answer-sheet.json"),
        "forms": [str(f) for f in forms],
        "level": level,
        "seed": seed,
    }


def _readme(key: dict[str, Any]) -> str:
    """The pack's first page, in both languages: it is generated, what to give, what to keep."""
    from filiere.train.files import generated_banner
    from filiere.train.forms import trainee_instructions

    lines = [generated_banner("fr", key["seed"]), generated_banner("en", key["seed"]), ""]
    lines += [
        "evidence/                      pièces à remettre aux stagiaires / files for the trainees",
        "answer-sheet.{fr,en}.{html,docx}  fiches de réponse à imprimer / printable answer sheets",
        "answer-sheet.json              fiche de réponse à remplir / answer sheet to fill in",
        "trainer/key.json               corrigé : ne pas remettre / the key: keep it from the trainees",
        "",
        f"filiere train score answer-sheet.json --key trainer/key.json   (niveau / level {key['level']})",
        "",
    ]
    for language in ("fr", "en"):
        lines += [f"- {line}" for line in trainee_instructions(key, language)] + [""]
    return "\n".join(lines)
