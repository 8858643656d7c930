"""The Typer application: global options and the command groups (one module per group)."""

from __future__ import annotations

from typing import Annotated

import typer

from filiere import __version__
from filiere.cli import analyze as analyze_cmd
from filiere.cli import audit as audit_cmd
from filiere.cli import backup as backup_cmd
from filiere.cli import case as case_cmd
from filiere.cli import entity as entity_cmd
from filiere.cli import evidence as evidence_cmd
from filiere.cli import export as export_cmd
from filiere.cli import extract as extract_cmd
from filiere.cli import ingest as ingest_cmd
from filiere.cli import law as law_cmd
from filiere.cli import mla as mla_cmd
from filiere.cli import mla_tracking  # noqa: F401  (adds list, status, receive… to `filiere mla`)
from filiere.cli import qualify as qualify_cmd
from filiere.cli import report as report_cmd
from filiere.cli import serve as serve_cmd
from filiere.cli import train as train_cmd
from filiere.cli import user as user_cmd
from filiere.cli.context import OPTIONS
from filiere.cli.output import console, fail
from filiere.errors import FiliereError
from filiere.i18n import _

app = typer.Typer(
    name="filiere",
    help=_("Filière — evidence in, a qualified, documented case out. Works offline."),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
app.add_typer(case_cmd.app, name="case")
app.add_typer(evidence_cmd.app, name="evidence")
app.add_typer(audit_cmd.app, name="audit")
app.add_typer(extract_cmd.eval_app, name="eval")
app.add_typer(entity_cmd.app, name="entity")
app.command(
    "resolve",
    help=_("Gather names, nicknames and numbers into one entity per person; every join is explained."),
)(entity_cmd.resolve)
app.command(
    "analyze",
    help=_("Analyse the case's network (run `filiere resolve` first): see docs/analyze.md for the JSON."),
)(analyze_cmd.analyze)
app.command(
    "ingest",
    help=_(
        "Ingest evidence files into a case: originals kept by SHA-256, records parsed, every step audited."
    ),
)(ingest_cmd.ingest)
app.command(
    "extract",
    help=_(
        "Find people, phones, places, money, dates, vehicles, documents and channels in the case's texts."
    ),
)(extract_cmd.extract)
app.command(
    "mentions", help=_("List the mentions found in a case, with their normalised values and where they are.")
)(extract_cmd.mentions)
app.command(
    "generate", help=_("Generate a fictional case with a known answer (every file says it is generated).")
)(train_cmd.generate)
app.command(
    "report",
    help=_(
        "Write the case report for the prosecutor (HTML, PDF or DOCX, French or English): summary, link "
        "chart, key players, route map, timeline, qualification, MLA requests, evidence index; audited."
    ),
)(report_cmd.report)
app.command(
    "export",
    help=_(
        "Export the case for Aleph (FtM), Gephi (GraphML, GEXF), i2 Analyst's Notebook (ANX) or a "
        "spreadsheet (CSV, XLSX); every export is audited."
    ),
)(export_cmd.export)
app.command("serve", help=_("Serve the web workbench in a browser (offline)."))(serve_cmd.serve)
app.add_typer(train_cmd.app, name="train")
app.add_typer(law_cmd.app, name="law")
app.add_typer(qualify_cmd.app, name="qualify")
app.add_typer(mla_cmd.app, name="mla")
app.add_typer(backup_cmd.app, name="backup")
app.add_typer(user_cmd.app, name="user")


@app.callback()
def global_options(
    workspace: Annotated[
        str | None,
        typer.Option(
            "--workspace",
            "-w",
            envvar="FILIERE_WORKSPACE",
            help=_("Workspace folder (default: ./filiere-workspace)."),
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="FILIERE_DB",
            help=_(
                "Database URL, e.g. postgresql+psycopg://user@host/filiere "
                "(default: SQLite in the workspace)."
            ),
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", help=_("Language of messages: fr or en (default: FILIERE_LANG or the system's).")
        ),
    ] = None,
) -> None:
    OPTIONS.workspace = workspace
    OPTIONS.db = db


@app.command("version", help=_("Print Filière's version."))
def version() -> None:
    """Print Filière's version."""
    console.print(f"filiere {__version__}")


def run(argv: list[str]) -> None:
    try:
        app(args=argv, prog_name="filiere", standalone_mode=True)
    except FiliereError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail(
            _(
                "Interrupted. Files completed so far are stored; the file in progress was rolled back. "
                "Run the same command again to finish."
            ),
            code=130,
        )
    finally:
        OPTIONS.close()
