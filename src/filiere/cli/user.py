"""`filiere user add|list|disable|enable|passwd|role|grant|revoke|logout-everywhere|token …`.

Passwords are never command-line options (they would stay in the shell history and in `ps`): they are
typed at a hidden prompt, or read from the first line of standard input with --password-stdin.
"""

from __future__ import annotations

import getpass
import sys
from typing import Annotated

import typer
from rich.table import Table

from filiere.cli.context import OPTIONS
from filiere.cli.output import console, emit
from filiere.errors import FiliereError
from filiere.i18n import _
from filiere.security import access, members, users
from filiere.security.passwords import check_password

app = typer.Typer(
    help=_("Manage the users of a unit's server, their case rights and API tokens."), no_args_is_help=True
)
token_app = typer.Typer(help=_("API tokens for scripts: create, list, revoke."), no_args_is_help=True)
app.add_typer(token_app, name="token")

JsonFlag = Annotated[bool, typer.Option("--json", help=_("Print JSON for machines."))]
UserArg = Annotated[str, typer.Argument(help=_("User name, e.g. a.diallo."))]
StdinFlag = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help=_("Read the password from the first line of standard input (for scripts).")
    ),
]


def _read_password(from_stdin: bool, username: str) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise FiliereError(_("No password on standard input: --password-stdin reads its first line."))
        return password
    if not sys.stdin.isatty():
        raise FiliereError(
            _("No terminal to type the password in: give it on standard input with --password-stdin.")
        )
    password = getpass.getpass(_("New password for {name}: ").format(name=username))
    check_password(password, username)
    if getpass.getpass(_("The same password again: ")) != password:
        raise FiliereError(_("The two passwords differ; nothing was changed."))
    return password


@app.command("add", help=_("Add a user (the first one must be an admin, and turns login on)."))
def add(
    username: UserArg,
    role: Annotated[
        str, typer.Option("--role", help=_("admin, investigator, prosecutor, analyst, trainer or trainee."))
    ],
    name: Annotated[str, typer.Option("--name", help=_("Full name shown in the web UI."))] = "",
    password_stdin: StdinFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """Add a user (the first one must be an admin, and turns login on)."""
    ws = OPTIONS.open()
    username = users.check_new_user(ws, username, role)
    first = users.count_users(ws) == 0
    user = users.add_user(ws, username, _read_password(password_stdin, username), role, name)

    def render(u):
        console.print(_("User [bold]{name}[/] added ({role}).").format(name=u["username"], role=u["role"]))
        if first:
            console.print(_("Login is now required in this workspace (web UI and API)."))

    emit(user.to_json(), as_json, render)


@app.command("list", help=_("List the users, their roles, state and case rights."))
def list_(as_json: JsonFlag = False) -> None:
    """List the users, their roles, state and case rights."""
    ws = OPTIONS.open()
    rights = members.all_memberships(ws)
    rows = [
        {**u.to_json(), "cases": [{"case": slug, "rights": r} for slug, r in rights.get(u.id, [])]}
        for u in users.list_users(ws)
    ]

    def render(items):
        table = Table(title=_("Users"))
        for column in (_("User"), _("Name"), _("Role"), _("State"), _("Cases")):
            table.add_column(column)
        for u in items:
            table.add_row(
                u["username"],
                u["display_name"],
                u["role"],
                _state(u),
                ", ".join(f"{c['case']} ({c['rights']})" for c in u["cases"]) or "—",
            )
        console.print(table)

    emit(rows, as_json, render)


def _state(u: dict) -> str:
    if u["disabled"]:
        return _("disabled")
    if u["locked"]:
        return _("locked until {time} UTC").format(time=u["locked_until"][:16])
    return _("active")


@app.command("disable", help=_("Disable a user: ends their sessions and tokens at once."))
def disable(username: UserArg) -> None:
    """Disable a user: ends their sessions and tokens at once."""
    user = users.set_disabled(OPTIONS.open(), username, True)
    console.print(_("User [bold]{name}[/] disabled.").format(name=user.username))


@app.command("enable", help=_("Enable a user again (also lifts a lockout after failed logins)."))
def enable(username: UserArg) -> None:
    """Enable a user again (also lifts a lockout after failed logins)."""
    user = users.set_disabled(OPTIONS.open(), username, False)
    console.print(_("User [bold]{name}[/] enabled.").format(name=user.username))


@app.command("passwd", help=_("Set a user's password: ends their sessions and tokens, lifts a lockout."))
def passwd(username: UserArg, password_stdin: StdinFlag = False) -> None:
    """Set a user's password: ends their sessions and tokens, lifts a lockout."""
    ws = OPTIONS.open()
    user = users.get_user(ws, username)
    users.set_password(ws, user.username, _read_password(password_stdin, user.username))
    console.print(_("Password of [bold]{name}[/] changed.").format(name=user.username))


@app.command("role", help=_("Change a user's role."))
def role(
    username: UserArg,
    new_role: Annotated[
        str, typer.Argument(help=_("admin, investigator, prosecutor, analyst, trainer or trainee."))
    ],
) -> None:
    """Change a user's role."""
    user = users.set_role(OPTIONS.open(), username, new_role)
    console.print(_("[bold]{name}[/] is now {role}.").format(name=user.username, role=user.role))


CaseOpt = Annotated[str, typer.Option("--case", "-c", help=_("Case name."))]


@app.command("grant", help=_("Give a user read or write rights on a case."))
def grant(
    username: UserArg,
    case: CaseOpt,
    rights: Annotated[str, typer.Option("--rights", help=_("read or write."))] = "read",
) -> None:
    """Give a user read or write rights on a case."""
    members.grant(OPTIONS.open(), username, case, rights)
    console.print(
        _("[bold]{name}[/] has {rights} rights on case {case}.").format(
            name=username.strip().lower(), rights=rights, case=case
        )
    )


@app.command("revoke", help=_("Take away a user's rights on a case."))
def revoke(username: UserArg, case: CaseOpt) -> None:
    """Take away a user's rights on a case."""
    members.revoke(OPTIONS.open(), username, case)
    console.print(_("[bold]{name}[/] no longer has rights on case {case}.").format(name=username, case=case))


@app.command("logout-everywhere", help=_("End every web session and API token of a user."))
def logout_everywhere(username: UserArg) -> None:
    """End every web session and API token of a user."""
    ws = OPTIONS.open()
    user = users.get_user(ws, username)
    access.logout_everywhere(ws, user)
    console.print(_("Every session and token of [bold]{name}[/] has ended.").format(name=user.username))


@token_app.command("create", help=_("Create an API token for a user; the secret is printed once, only now."))
def token_create(
    username: UserArg,
    name: Annotated[str, typer.Option("--name", help=_("What the token is for, e.g. nightly-export."))],
    expires_days: Annotated[
        int | None, typer.Option("--expires-days", help=_("Days until it expires (default: never)."))
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Create an API token for a user; the secret is printed once, only now."""
    ws = OPTIONS.open()
    user = users.get_user(ws, username)
    token_id, secret = access.create_token(ws, user, name, expires_days)
    data = {"id": token_id, "username": user.username, "name": name.strip(), "secret": secret}

    def render(d):
        console.print(
            _(
                "Token {id} for [bold]{name}[/]. Copy it now: it is not stored and cannot be shown again."
            ).format(id=d["id"], name=d["username"])
        )
        console.print(d["secret"], highlight=False, soft_wrap=True)

    emit(data, as_json, render)


@token_app.command("list", help=_("List API tokens (never their secrets)."))
def token_list(
    username: Annotated[str | None, typer.Option("--user", "-u", help=_("Only this user's tokens."))] = None,
    as_json: JsonFlag = False,
) -> None:
    """List API tokens (never their secrets)."""
    ws = OPTIONS.open()
    user = users.get_user(ws, username) if username else None
    rows = [t.to_json() for t in access.list_tokens(ws, user)]

    def render(items):
        table = Table(title=_("API tokens"))
        for column in ("#", _("User"), _("Name"), _("Starts with"), _("State"), _("Expires"), _("Last used")):
            table.add_column(column)
        for t in items:
            table.add_row(
                str(t["id"]),
                t["username"],
                t["name"],
                t["prefix"] + "…",
                t["state"],
                (t["expires_at"] or "—")[:16],
                (t["last_used_at"] or "—")[:16],
            )
        console.print(table)

    emit(rows, as_json, render)


@token_app.command("revoke", help=_("Revoke an API token by its number (see `filiere user token list`)."))
def token_revoke(token_id: Annotated[int, typer.Argument(help=_("Token number."))]) -> None:
    """Revoke an API token by its number (see `filiere user token list`)."""
    token = access.revoke_token(OPTIONS.open(), token_id)
    console.print(_("Token {id} ({name}) revoked.").format(id=token.id, name=token.name))
