"""Users: argon2id hashing, the password policy, the first admin turning login on, and `filiere user …`."""

from __future__ import annotations

import tomllib
import unicodedata

import pytest
from sqlalchemy import select

from filiere.cases import create_case
from filiere.errors import FiliereError
from filiere.security import passwords
from filiere.security.access import authenticate
from filiere.security.errors import AuthError, WeakPassword
from filiere.security.mode import auth_enabled
from filiere.security.users import add_user, list_users, set_disabled, set_password, set_role
from filiere.store import audit
from filiere.store.tables import api_tokens, users
from filiere.workspace import Workspace
from tests.security.conftest import REAL_HASHER

ADMIN_PW = "Tamarind-route-2041"
OTHER_PW = "Harmattan wind 7 days"


def test_hashes_are_argon2id_with_the_real_cost_and_verify(monkeypatch) -> None:
    monkeypatch.setattr(passwords, "HASHER", REAL_HASHER)
    stored = passwords.hash_password(ADMIN_PW)
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert passwords.verify_password(stored, ADMIN_PW)  # one verification: a third of a second or more
    assert not passwords.needs_rehash(stored)


def test_verify_never_raises_and_rehash_follows_the_parameters(cheap_hasher) -> None:
    stored = passwords.hash_password(ADMIN_PW)
    assert stored.startswith("$argon2id$")
    assert passwords.verify_password(stored, ADMIN_PW)
    assert not passwords.verify_password(stored, ADMIN_PW + "x")
    assert stored != passwords.hash_password(ADMIN_PW)  # a fresh salt each time
    assert not passwords.verify_password("not a hash", ADMIN_PW)
    assert not passwords.verify_password(stored, "x" * 2000)
    assert passwords.needs_rehash("not a hash")
    assert passwords.needs_rehash(REAL_HASHER.hash(ADMIN_PW))
    assert not passwords.needs_rehash(stored)


def test_composed_and_decomposed_accents_are_the_same_password() -> None:
    composed = "Café-du-fleuve-2041"
    stored = passwords.hash_password(composed)
    assert passwords.verify_password(stored, unicodedata.normalize("NFD", composed))


@pytest.mark.parametrize(
    ("password", "username", "fragment"),
    [
        ("Short-1", "", "too short"),
        ("a.diallo-2025-x", "a.diallo", "user name"),
        ("A.DIALLO", "a.diallo", "too short"),
        ("onlylowercaseletters", "", "one kind"),
        ("123456789012345", "", "one kind"),
        ("aaaaaa111111", "", "too few different"),
        ("Password1234", "", "attackers try"),
        ("x" * 1020 + "12345", "", "too long"),
    ],
)
def test_policy_names_the_rule_broken(password: str, username: str, fragment: str) -> None:
    problems = passwords.password_problems(password, username)
    assert any(fragment in p for p in problems), problems
    with pytest.raises(WeakPassword) as err:
        passwords.check_password(password, username)
    assert fragment in str(err.value)


@pytest.mark.parametrize("password", [ADMIN_PW, OTHER_PW, "mot de passe du fleuve 9", "ÉLÉPHANT-rose-marche"])
def test_policy_accepts_good_passwords(password: str) -> None:
    assert passwords.password_problems(password, "a.diallo") == []


def test_first_user_must_be_admin_and_turns_login_on(workspace: Workspace) -> None:
    assert not auth_enabled(workspace)
    with pytest.raises(FiliereError, match="first user"):
        add_user(workspace, "a.diallo", ADMIN_PW, "investigator")
    assert not auth_enabled(workspace)
    user = add_user(workspace, "  A.Diallo ", ADMIN_PW, "admin", "Awa Diallo")
    assert (user.username, user.role, user.display_name) == ("a.diallo", "admin", "Awa Diallo")
    settings = tomllib.loads((workspace.root / "settings.toml").read_text(encoding="utf-8"))
    assert settings["auth"]["enabled"] == "true"
    assert settings["workspace"]["format"] == "1"  # the other settings are kept
    assert auth_enabled(workspace)
    (workspace.root / "settings.toml").write_text('[workspace]\nformat = "1"\n', encoding="utf-8")
    assert auth_enabled(Workspace.open(workspace.root, workspace.url))  # users in the database decide


def test_invalid_names_roles_and_duplicates_are_refused(workspace: Workspace) -> None:
    add_user(workspace, "a.diallo", ADMIN_PW, "admin")
    for bad in ("x", "Awa Diallo", "a/b", "é.t", "a" * 65):
        with pytest.raises(FiliereError, match="Invalid user name"):
            add_user(workspace, bad, OTHER_PW, "analyst")
    with pytest.raises(FiliereError, match="Unknown role"):
        add_user(workspace, "m.kone", OTHER_PW, "superuser")
    with pytest.raises(FiliereError, match="already exists"):
        add_user(workspace, "A.DIALLO", OTHER_PW, "analyst")
    with pytest.raises(WeakPassword):
        add_user(workspace, "m.kone", "m.kone-password", "analyst")
    assert [u.username for u in list_users(workspace)] == ["a.diallo"]


def test_the_last_enabled_admin_stays(workspace: Workspace) -> None:
    add_user(workspace, "a.diallo", ADMIN_PW, "admin")
    with pytest.raises(FiliereError, match="last enabled admin"):
        set_disabled(workspace, "a.diallo", True)
    with pytest.raises(FiliereError, match="last enabled admin"):
        set_role(workspace, "a.diallo", "investigator")
    add_user(workspace, "m.kone", OTHER_PW, "admin")
    assert set_role(workspace, "a.diallo", "investigator").role == "investigator"
    with pytest.raises(FiliereError, match="last enabled admin"):
        set_disabled(workspace, "m.kone", True)


def test_password_change_and_disable_bump_the_epoch(workspace: Workspace) -> None:
    first = add_user(workspace, "a.diallo", ADMIN_PW, "admin")
    add_user(workspace, "m.kone", OTHER_PW, "analyst")
    changed = set_password(workspace, "a.diallo", "New-river-crossing-88")
    assert changed.session_epoch == first.session_epoch + 1
    assert changed.password_changed_at >= first.password_changed_at
    with pytest.raises(AuthError):
        authenticate(workspace, "a.diallo", ADMIN_PW)
    assert authenticate(workspace, "a.diallo", "New-river-crossing-88").id == first.id
    assert set_disabled(workspace, "m.kone", True).session_epoch == 1
    assert set_disabled(workspace, "m.kone", False).disabled is False


def test_cli_flows_and_their_audit_rows_hold_no_secret(cli, workspace: Workspace) -> None:
    create_case(workspace, "agadez-2025-041")
    stdin = ["--password-stdin"]
    refused = cli("user", "add", "m.kone", "--role", "analyst", *stdin, input=OTHER_PW + "\n", check=False)
    assert "first user" in refused.stderr
    out = cli("user", "add", "A.Diallo", "--role", "admin", "--name", "Awa Diallo", *stdin, input=ADMIN_PW)
    assert "Login is now required" in out.stdout
    no_tty = cli("user", "add", "m.kone", "--role", "analyst", check=False)
    assert no_tty.exit_code == 1 and "--password-stdin" in no_tty.stderr
    cli("user", "add", "m.kone", "--role", "analyst", "--password-stdin", input=OTHER_PW + "\n")
    weak = cli("user", "passwd", "m.kone", "--password-stdin", input="short\n", check=False)
    assert weak.exit_code == 1 and "too short" in weak.stderr
    cli("user", "passwd", "m.kone", "--password-stdin", input="Desert-lorry-convoy-3\r\n")
    assert authenticate(workspace, "m.kone", "Desert-lorry-convoy-3").username == "m.kone"
    cli("user", "grant", "m.kone", "--case", "agadez-2025-041", "--rights", "write")
    cli("user", "role", "m.kone", "prosecutor")
    listed = {u["username"]: u for u in cli("user", "list", "--json").json()}
    assert (listed["m.kone"]["role"], listed["m.kone"]["locked"]) == ("prosecutor", False)
    again = cli("user", "add", "M.Kone", "--role", "analyst", check=False)  # refused before any prompt
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert listed["m.kone"]["cases"] == [{"case": "agadez-2025-041", "rights": "write"}]
    assert listed["a.diallo"]["display_name"] == "Awa Diallo"
    assert "password_hash" not in listed["a.diallo"]
    assert "m.kone" in cli("user", "list").stdout

    made = cli(
        "user", "token", "create", "m.kone", "--name", "nightly-export", "--expires-days", "30", "--json"
    )
    secret = made.json()["secret"]
    assert secret.startswith("fil_") and len(secret) == 4 + 43
    human = cli("user", "token", "create", "a.diallo", "--name", "backup")
    assert "fil_" in human.stdout and "cannot be shown again" in human.stdout
    tokens = cli("user", "token", "list", "--user", "m.kone", "--json").json()
    assert [(t["name"], t["prefix"], t["state"]) for t in tokens] == [
        ("nightly-export", secret[:8], "active")
    ]
    assert secret not in cli("user", "token", "list").stdout
    cli("user", "token", "revoke", str(tokens[0]["id"]))
    assert cli("user", "token", "list", "--json").json()[0]["state"] == "revoked"

    cli("user", "revoke", "m.kone", "--case", "agadez-2025-041")
    again = cli("user", "revoke", "m.kone", "--case", "agadez-2025-041", check=False)
    assert again.exit_code == 1 and "no rights" in again.stderr
    cli("user", "disable", "m.kone")
    assert "disabled" in cli("user", "list").stdout
    cli("user", "enable", "m.kone")
    cli("user", "logout-everywhere", "m.kone")
    assert cli("user", "token", "list", "--json").json()[1]["state"] == "active"  # a.diallo's
    assert cli("user", "passwd", "nobody", "--password-stdin", input=OTHER_PW, check=False).exit_code == 1

    rows = list(audit.iter_rows(workspace.engine))
    actions = [r["action"] for r in rows]
    expected = "user.add user.passwd case.grant user.role token.create token.revoke case.revoke user.disable"
    for action in [*expected.split(), "user.enable", "user.logout_everywhere", "auth.login"]:
        assert action in actions, action
    with workspace.engine.connect() as conn:
        hashes = list(conn.execute(select(users.c.password_hash)).scalars())
        hashes += conn.execute(select(api_tokens.c.token_hash)).scalars()
    text = repr(rows)
    for secret_text in (ADMIN_PW, OTHER_PW, "Desert-lorry-convoy-3", secret, *hashes):
        assert secret_text not in text
    assert "$argon2" not in text


def test_audit_show_filters_user_management_by_case(cli, workspace: Workspace) -> None:
    create_case(workspace, "tahoua-2025-007")
    cli("user", "add", "a.diallo", "--role", "admin", "--password-stdin", input=ADMIN_PW + "\n")
    cli("user", "add", "f.traore", "--role", "trainee", "--password-stdin", input=OTHER_PW + "\n")
    refused = cli("user", "grant", "f.traore", "--case", "tahoua-2025-007", "--rights", "write", check=False)
    assert refused.exit_code == 1 and "trainee" in refused.stderr
    cli("user", "grant", "f.traore", "--case", "tahoua-2025-007")
    rows = cli("audit", "show", "--case", "tahoua-2025-007", "--json").json()
    assert [r["action"] for r in rows] == ["case.create", "case.grant"]
