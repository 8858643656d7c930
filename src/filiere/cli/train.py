"""`filiere generate` and `filiere train new|score|selfcheck`: generated cases, exercises and scoring."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from filiere.cli.context import OPTIONS
from filiere.cli.output import console, emit, err_console
from filiere.errors import FiliereError
from filiere.i18n import _, current_language

app = typer.Typer(help=_("Training exercises with a known answer, and scoring."), no_args_is_help=True)

SEED = typer.Option("--seed", help=_("Seed: the same seed gives byte-identical files."))
JSON = typer.Option("--json", help=_("Print JSON for machines."))
LANG_HELP = _("Language of the evidence: fr, en or mixed.")


@contextmanager
def _steps(quiet: bool):
    """A spinner naming the current stage on stderr (nothing in --json mode)."""
    if quiet:
        yield lambda _label: None
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task("", total=None)
        yield lambda label: progress.update(task, description=label)


def generate(
    out_dir: Annotated[
        Path, typer.Argument(help=_("Folder to write the case to (evidence/ and truth.json)."))
    ],
    seed: Annotated[int, SEED] = 1,
    size: Annotated[str, typer.Option("--size", help=_("small, medium or large."))] = "medium",
    cdr_rows: Annotated[
        int | None,
        typer.Option("--cdr-rows", min=0, help=_("Rows of call detail records in all (streamed).")),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help=LANG_HELP)] = "fr",
    force: Annotated[
        bool, typer.Option("--force", help=_("Replace a generated case already in OUT_DIR."))
    ] = False,
    as_json: Annotated[bool, JSON] = False,
) -> None:
    """Generate a fictional case with a known answer (every file says it is generated)."""
    from filiere.train.generate import generate_case

    with _steps(as_json) as step:
        truth = generate_case(out_dir, seed, size, lang, cdr_rows, force, step)
    summary = {
        "out": str(out_dir),
        "seed": seed,
        "size": size,
        "language": lang,
        "files": len(truth["files"]),
        "members": len(truth["members"]),
        "travellers": len(truth["victims"]) + len(truth["migrants"]),
        "cdr_rows": sum(f.get("records", 0) for f in truth["files"] if f["kind"] == "cdr"),
        "case_country": truth["case_country"],
        "truth": str(out_dir / "truth.json"),
    }
    emit(summary, as_json, _render_generated)


def _render_generated(s: dict) -> None:
    console.print(
        _(
            "Generated case (seed {seed}, {size}, {language}): {files} files, {members} members, "
            "{travellers} travellers, {rows} CDR rows"
        ).format(
            seed=s["seed"],
            size=s["size"],
            language=s["language"],
            files=s["files"],
            members=s["members"],
            travellers=s["travellers"],
            rows=s["cdr_rows"],
        )
    )
    console.print(_("Evidence: {path}/evidence — answer: {truth}").format(path=s["out"], truth=s["truth"]))
    console.print(
        _(
            "Next: filiere case create exercise --country {country}; "
            "filiere ingest --case exercise {path}/evidence"
        ).format(country=s["case_country"], path=s["out"])
    )


@app.command(
    "new", help=_("Write an exercise pack: evidence, trainer key, blank answer sheets (JSON, HTML, DOCX).")
)
def new(
    out_dir: Annotated[Path, typer.Argument(help=_("Folder for the exercise pack."))],
    seed: Annotated[int, SEED] = 1,
    level: Annotated[int, typer.Option("--level", help=_("1 (small case), 2 (medium) or 3 (large)."))] = 1,
    lang: Annotated[str, typer.Option("--lang", help=LANG_HELP)] = "fr",
    force: Annotated[
        bool, typer.Option("--force", help=_("Replace an exercise pack already in OUT_DIR."))
    ] = False,
    as_json: Annotated[bool, JSON] = False,
) -> None:
    """Write an exercise pack: evidence, trainer key, blank answer sheets (JSON, HTML, DOCX)."""
    from filiere.train.exercise import new_exercise

    with _steps(as_json) as step:
        pack = new_exercise(out_dir, seed, level, lang, force, step)
    emit(pack, as_json, _render_pack)


def _render_pack(p: dict) -> None:
    console.print(_("Exercise pack (level {level}, seed {seed}) in {pack}").format(**p))
    console.print(
        _("  give the trainees: evidence/ ({n} files) and the answer sheets").format(n=p["evidence"])
    )
    console.print(_("  keep for the trainer: {key}").format(key=p["key"]))
    console.print(_("  score an answer: filiere train score ANSWERS.json --key {key}").format(key=p["key"]))


@app.command(
    "score",
    help=_("Score a trainee's answers against the key, with feedback citing the evidence they missed."),
)
def score(
    answers: Annotated[Path, typer.Argument(help=_("The trainee's filled answer sheet (JSON)."))],
    key: Annotated[Path, typer.Option("--key", help=_("The trainer key (key.json or truth.json)."))],
    as_json: Annotated[bool, JSON] = False,
) -> None:
    """Score a trainee's answers against the key, with feedback citing the evidence they missed."""
    from filiere.train.answers import load_answers
    from filiere.train.score import score_answers

    key_data = _load_key(key)
    emit(score_answers(load_answers(answers), key_data), as_json, _render_score)


def _load_key(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise FiliereError(_("{path}: no such key file").format(path=path)) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FiliereError(_("{path}: not a JSON key file ({error})").format(path=path, error=exc)) from exc


def _render_score(s: dict) -> None:
    table = Table(title=_("Score: {score:.0%}").format(score=s["score"]))
    table.add_column(_("Part"))
    table.add_column(_("Score"), justify="right")
    labels = {
        "members": _("members found"),
        "roles": _("roles"),
        "key_player": _("key player"),
        "route": _("route"),
        "offences": _("offences"),
    }
    for part, label in labels.items():
        value = s[part]
        shown = (_("right") if value else _("wrong")) if isinstance(value, bool) else f"{value:.0%}"
        table.add_row(label, shown)
    console.print(table)
    field = "message_fr" if current_language() == "fr" else "message_en"
    for item in s["items"]:
        if item.get("ok"):
            continue
        files = ", ".join(item.get("evidence", [])[:4])
        read = _("read: {files}").format(files=files) if files else ""
        console.print(f"[red]✗[/] {item[field]}" + (f" — {read}" if read else ""), highlight=False)


@app.command(
    "selfcheck", help=_("Generate a case, run the whole chain on it, and score Filière against the truth.")
)
def selfcheck_cmd(
    seed: Annotated[int, SEED] = 1,
    size: Annotated[str, typer.Option("--size", help=_("small, medium or large."))] = "small",
    lang: Annotated[str, typer.Option("--lang", help=LANG_HELP)] = "fr",
    keep: Annotated[
        Path | None, typer.Option("--keep", help=_("Keep the generated case and workspace in this folder."))
    ] = None,
    as_json: Annotated[bool, JSON] = False,
) -> None:
    """Generate a case, run the whole chain on it, and score Filière against the truth."""
    from filiere.train.selfcheck import selfcheck

    with _steps(as_json) as step:
        result = selfcheck(seed, size, lang, keep, OPTIONS.db, step)
    emit(result, as_json, _render_selfcheck)


def _render_selfcheck(r: dict) -> None:
    console.print(
        _(
            "Self-check seed {seed} ({size}, {language}): members resolved whole {m:.0%}, key player {k}, "
            "roles {r:.0%}, offences {o:.0%}, route {route:.0%}"
        ).format(
            seed=r["seed"],
            size=r["size"],
            language=r["language"],
            m=r["members_resolved"],
            k=_("right") if r["key_player"] else _("wrong"),
            r=r["roles"],
            o=r["offences"],
            route=r["route"],
        )
    )
    for d in r["details"]["members"]:
        if not d["whole"]:
            console.print(
                _("  {member} ({role}): entities {entities}, shared with {shared}").format(
                    member=d["member"], role=d["role"], entities=d["entities"], shared=d["shared_with"]
                )
            )
