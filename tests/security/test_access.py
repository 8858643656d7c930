"""Login with lockout, per-case access that does not leak existence, API tokens and web sessions."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from filiere.cases import create_case, get_case
from filiere.errors import CaseNotFound
from filiere.security import access, passwords
from filiere.security.errors import AccessDenied, AuthError
from filiere.security.members import grant, revoke
from filiere.security.mode import auth_enabled
from filiere.security.roles import ROLES, can
from filiere.security.sessions import create_session, expire_sessions, lookup_session, revoke_session
from filiere.security.users import add_user, find_user, set_disabled, set_password
from filiere.store import audit
from filiere.store.tables import api_tokens, web_sessions
from filiere.workspace import Workspace

PW = "Tamarind-route-2041"
T0 = datetime(2025, 3, 14, 9, 0, 0)


@pytest.fixture
def team(workspace: Workspace) -> Workspace:
    """An admin, an investigator member of one case of two, and the cases."""
    add_user(workspace, "a.diallo", PW, "admin")
    add_user(workspace, "i.sow", PW, "investigator")
    create_case(workspace, "agadez-2025-041")
    create_case(workspace, "zinder-2025-002")
    grant(workspace, "i.sow", "agadez-2025-041", "write")
    return workspace


def _user(ws: Workspace, name: str):
    return find_user(ws, name)


def _refusal(ws: Workspace, name: str, password: str, at: datetime) -> AuthError:
    with pytest.raises(AuthError) as err:
        access.authenticate(ws, name, password, now=at)
    return err.value


def test_login_succeeds_and_refusals_look_the_same(team: Workspace, cheap_hasher) -> None:
    assert access.authenticate(team, "I.Sow ", PW, now=T0).username == "i.sow"
    wrong = _refusal(team, "i.sow", PW + "!", T0)
    before = cheap_hasher.verifications
    unknown = _refusal(team, "nobody", PW, T0)
    assert cheap_hasher.verifications == before + 1  # an unknown name still costs one verification
    malformed = _refusal(team, "Not A Name", PW, T0)
    assert str(wrong) == str(unknown) == str(malformed)
    assert (wrong.reason, unknown.reason) == ("password", "unknown")
    assert "nobody" not in str(unknown)


def test_lockout_doubles_up_to_an_hour(team: Workspace) -> None:
    for i in range(4):
        assert _refusal(team, "i.sow", "wrong-guess", T0 + timedelta(seconds=i)).reason == "password"
    assert _user(team, "i.sow").locked_until is None
    assert access.authenticate(team, "i.sow", PW, now=T0 + timedelta(seconds=5)).failed_logins == 0
    for i in range(5):
        _refusal(team, "i.sow", "wrong-guess", T0 + timedelta(seconds=10 + i))
    locked = T0 + timedelta(seconds=14)
    assert _user(team, "i.sow").locked_until == locked + timedelta(minutes=1)
    assert _user(team, "i.sow").is_locked(locked + timedelta(seconds=59))
    assert not _user(team, "i.sow").is_locked(locked + timedelta(seconds=60))
    assert (
        _refusal(team, "i.sow", PW, locked + timedelta(seconds=59)).reason == "locked"
    )  # right password too
    at = locked + timedelta(minutes=1)
    for minutes in (2, 4, 8):
        _refusal(team, "i.sow", "wrong-guess", at)
        assert _user(team, "i.sow").locked_until == at + timedelta(minutes=minutes)
        at += timedelta(minutes=minutes)
    assert access.lock_duration(12) == timedelta(hours=1)
    assert access.lock_duration(500) == timedelta(hours=1)
    user = access.authenticate(team, "i.sow", PW, now=at)
    assert (user.failed_logins, user.locked_until) == (0, None)
    rows = [r for r in audit.iter_rows(team.engine) if r["action"].startswith("auth.")]
    assert {r["action"] for r in rows} == {"auth.login", "auth.login_failed"}
    assert all(r["actor"] == "i.sow" for r in rows)
    assert PW not in repr(rows) and "wrong-guess" not in repr(rows)


def test_disabled_users_cannot_log_in_and_enabling_lifts_a_lock(team: Workspace) -> None:
    set_disabled(team, "i.sow", True)
    refused = _refusal(team, "i.sow", PW, T0)
    assert refused.reason == "disabled" and str(refused) == str(_refusal(team, "ghost", PW, T0))
    set_disabled(team, "i.sow", False)
    for i in range(5):
        _refusal(team, "i.sow", "wrong-guess", T0 + timedelta(seconds=i))
    set_disabled(team, "i.sow", False)
    assert access.authenticate(team, "i.sow", PW, now=T0 + timedelta(seconds=6)).username == "i.sow"


def test_a_login_with_old_hash_parameters_stores_a_new_hash(team: Workspace, monkeypatch) -> None:
    from tests.security.conftest import CountingHasher

    monkeypatch.setattr(passwords, "HASHER", CountingHasher(time_cost=2))
    access.authenticate(team, "i.sow", PW)
    with team.engine.connect() as conn:
        from filiere.store.tables import users

        stored = conn.execute(select(users.c.password_hash).where(users.c.username == "i.sow")).scalar_one()
    assert ",t=2," in stored and access.authenticate(team, "i.sow", PW)


def test_tokens_store_only_a_hash_and_die_when_they_should(team: Workspace) -> None:
    sow = _user(team, "i.sow")
    token_id, secret = access.create_token(team, sow, "nightly-export", expires_days=30, now=T0)
    with team.engine.connect() as conn:
        row = conn.execute(select(api_tokens).where(api_tokens.c.id == token_id)).one()
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in repr(tuple(row)) and row.prefix == secret[:8]
    assert access.user_for_token(team, secret, now=T0 + timedelta(days=1)).username == "i.sow"
    assert access.list_tokens(team, sow)[0].last_used_at == T0 + timedelta(days=1)
    with pytest.raises(AuthError):
        access.user_for_token(team, secret, now=T0 + timedelta(days=30))  # expired
    for bad in ("", "fil_" + "A" * 43, secret[:-1], "Bearer " + secret, "x" * 5000):
        with pytest.raises(AuthError):
            access.user_for_token(team, bad, now=T0)

    token_id, secret = access.create_token(team, sow, "scripts")
    assert access.user_for_token(team, secret).id == sow.id
    access.revoke_token(team, token_id)
    with pytest.raises(AuthError):
        access.user_for_token(team, secret)

    for end in (
        lambda: access.logout_everywhere(team, _user(team, "i.sow")),
        lambda: set_password(team, "i.sow", "Another-river-crossing-5"),
        lambda: set_disabled(team, "i.sow", True),
    ):
        set_disabled(team, "i.sow", False)
        _, secret = access.create_token(team, _user(team, "i.sow"), "scripts")
        assert access.user_for_token(team, secret).username == "i.sow"
        end()
        with pytest.raises(AuthError):
            access.user_for_token(team, secret)
    states = ["expired", "revoked", "disabled", "disabled", "disabled"]
    assert [t.state for t in access.list_tokens(team)] == states
    set_disabled(team, "i.sow", False)
    assert [t.state for t in access.list_tokens(team)] == ["expired", "revoked", "ended", "ended", "ended"]


def test_sessions_end_on_expiry_idleness_logout_and_epoch(team: Workspace) -> None:
    sow = _user(team, "i.sow")
    secret, session = create_session(team, sow, ip="10.0.0.7", user_agent="Firefox " + "x" * 500, now=T0)
    assert session.id == hashlib.sha256(secret.encode()).hexdigest() and len(session.user_agent) == 200
    found = lookup_session(team, secret, now=T0 + timedelta(minutes=30))
    assert found and found[0].username == "i.sow" and found[1].csrf_secret == session.csrf_secret
    assert lookup_session(team, secret, now=T0 + timedelta(minutes=89)) is not None  # touched at 30 min
    assert lookup_session(team, secret, now=T0 + timedelta(hours=3)) is None  # idle for more than 1 h
    assert lookup_session(team, secret, now=T0 + timedelta(hours=12), idle=timedelta(days=1)) is None
    assert lookup_session(team, "forged", now=T0) is None

    secret, _ = create_session(team, sow)
    assert revoke_session(team, secret) and lookup_session(team, secret) is None
    assert not revoke_session(team, secret)

    secret, _ = create_session(team, sow)
    kept, _ = create_session(team, _user(team, "a.diallo"))
    set_password(team, "i.sow", "Another-river-crossing-5")
    assert lookup_session(team, secret) is None
    assert expire_sessions(team) == 2  # the one of 2025 and the old-epoch one; the admin's stays
    with team.engine.connect() as conn:
        assert conn.execute(select(web_sessions.c.user_id)).scalars().all() == [_user(team, "a.diallo").id]
    access.logout_everywhere(team, _user(team, "a.diallo"))
    assert lookup_session(team, kept) is None


def test_a_case_one_may_not_open_looks_like_no_case(team: Workspace) -> None:
    sow, admin = _user(team, "i.sow"), _user(team, "a.diallo")
    with pytest.raises(CaseNotFound) as missing:
        access.require_case(team, sow, "does-not-exist")
    with pytest.raises(CaseNotFound) as hidden:
        access.require_case(team, sow, "zinder-2025-002")
    assert str(hidden.value) == str(missing.value).replace("does-not-exist", "zinder-2025-002")
    with pytest.raises(CaseNotFound) as real:
        get_case(team, "zinder-2025-002x")
    assert str(real.value).replace("zinder-2025-002x", "zinder-2025-002") == str(hidden.value)
    assert access.require_case(team, sow, "agadez-2025-041", write=True).slug == "agadez-2025-041"
    assert access.require_case(team, admin, "zinder-2025-002", write=True).slug == "zinder-2025-002"
    assert [c.slug for c in access.visible_cases(team, sow)] == ["agadez-2025-041"]
    assert [c.slug for c in access.visible_cases(team, admin)] == ["agadez-2025-041", "zinder-2025-002"]

    revoke(team, "i.sow", "agadez-2025-041")
    assert access.visible_cases(team, sow) == []
    with pytest.raises(CaseNotFound):
        access.require_case(team, sow, "agadez-2025-041")
    set_disabled(team, "a.diallo", False)
    add_user(team, "x.admin", PW, "admin")
    assert access.visible_cases(team, set_disabled(team, "a.diallo", True)) == []


def test_roles_limit_what_members_may_do(team: Workspace) -> None:
    add_user(team, "p.keita", PW, "prosecutor")
    add_user(team, "f.traore", PW, "trainee")
    add_user(team, "n.ba", PW, "analyst")
    grant(team, "p.keita", "agadez-2025-041", "write")
    grant(team, "f.traore", "agadez-2025-041", "read")
    grant(team, "n.ba", "agadez-2025-041", "read")
    slug = "agadez-2025-041"
    prosecutor, trainee, analyst = _user(team, "p.keita"), _user(team, "f.traore"), _user(team, "n.ba")
    assert access.require_case(team, prosecutor, slug, action="qualify").slug == slug
    assert access.require_case(team, prosecutor, slug, action="mla").slug == slug
    with pytest.raises(AccessDenied):
        access.require_case(team, prosecutor, slug, write=True)
    with pytest.raises(AccessDenied):
        access.require_case(team, analyst, slug, write=True)  # read membership only
    assert access.case_rights(team, trainee, get_case(team, slug)) == "read"
    with pytest.raises(AccessDenied):
        access.require_case(team, trainee, slug, action="qualify")
    assert access.case_rights(team, analyst, get_case(team, "zinder-2025-002").id) is None

    assert can("admin", "manage_users") and can("admin", "write", None)
    assert not any(can(role, "manage_users") for role in ROLES if role != "admin")
    assert can("trainee", "read", "write") and not can("trainee", "write", "write")
    assert can("analyst", "write", "write") and not can("analyst", "qualify", "write")
    assert not can("investigator", "read", None) and not can("investigator", "fly", "write")
    assert not can(set_disabled(team, "n.ba", True), "read", "write")
    assert not can("superuser", "read", "write")


def test_laptop_mode_needs_no_user_until_users_exist(workspace: Workspace) -> None:
    create_case(workspace, "agadez-2025-041")
    assert not auth_enabled(workspace)
    assert [c.slug for c in access.visible_cases(workspace, None)] == ["agadez-2025-041"]
    assert access.require_case(workspace, None, "agadez-2025-041", write=True).slug == "agadez-2025-041"
    workspace.settings["auth"] = {"enabled": "true"}
    assert auth_enabled(workspace)
    with pytest.raises(AuthError):
        access.visible_cases(workspace, None)
    workspace.settings.pop("auth")
    add_user(workspace, "a.diallo", PW, "admin")
    with pytest.raises(AuthError):
        access.require_case(workspace, None, "agadez-2025-041")
