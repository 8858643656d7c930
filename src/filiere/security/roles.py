"""Roles and what each may do: the whole rule is `can()`, fed by the RULES table below.

A user reaches a case only through a membership (`filiere user grant`) that gives "read" or "write"
rights on it; an admin reaches every case as if with "write". The role then says which actions those
rights open (✓r: needs at least read rights on the case, ✓w: needs write rights, ✓: no case needed):

============  =====  =====  =======  ====  =====  ==============================================
role          read   write  qualify  mla   audit  outside cases
============  =====  =====  =======  ====  =====  ==============================================
admin         ✓r     ✓w     ✓w       ✓w    ✓r     manage_users, manage_members, create_case
investigator  ✓r     ✓w     ✓w       ✓w    ✓r     create_case
analyst       ✓r     ✓w     —        —     —      —
prosecutor    ✓r     —      ✓w       ✓w    ✓r     —
trainer       ✓r     ✓w     ✓w       ✓w    ✓r     create_case
trainee       ✓r     —      —        —     —      —
============  =====  =====  =======  ====  =====  ==============================================

Actions on a case: read (open it, its evidence, search, reports, exports), write (ingest, extract,
resolve, merge/split, any other change to its content), qualify (record decisions on the elements of an
offence), mla (draft, edit and track requests for mutual legal assistance), audit (read the case's audit
rows). Outside cases: manage_users (add, disable, passwords, roles, tokens of others), manage_members
(grant and revoke case rights), create_case.

Choices made here: a prosecutor directs the case and signs its legal acts, so with write rights they
may record qualification decisions and MLA requests, but never change the evidence or the analysis. An
analyst works on the evidence and the network but leaves the legal qualification and the requests abroad
to investigators and prosecutors. Trainers and trainees should only be granted training cases (the
database does not mark cases as training cases: the admin does when granting); a trainee is read-only
even if granted write (`effective_rights`).
"""

from __future__ import annotations

from typing import Any, Final

ROLES: Final = ("admin", "investigator", "prosecutor", "analyst", "trainer", "trainee")
CASE_ACTIONS: Final = ("read", "write", "qualify", "mla", "audit")
GLOBAL_ACTIONS: Final = ("manage_users", "manage_members", "create_case")
RIGHTS: Final = ("read", "write")

_NO_CASE = "-"  # the action needs no case rights

RULES: Final[dict[str, dict[str, str]]] = {
    "admin": {
        "read": "read",
        "write": "write",
        "qualify": "write",
        "mla": "write",
        "audit": "read",
        "manage_users": _NO_CASE,
        "manage_members": _NO_CASE,
        "create_case": _NO_CASE,
    },
    "investigator": {
        "read": "read",
        "write": "write",
        "qualify": "write",
        "mla": "write",
        "audit": "read",
        "create_case": _NO_CASE,
    },
    "analyst": {"read": "read", "write": "write"},
    "prosecutor": {"read": "read", "qualify": "write", "mla": "write", "audit": "read"},
    "trainer": {
        "read": "read",
        "write": "write",
        "qualify": "write",
        "mla": "write",
        "audit": "read",
        "create_case": _NO_CASE,
    },
    "trainee": {"read": "read"},
}


def effective_rights(role: str, membership: str | None) -> str | None:
    """The rights a role really has on a case, given its membership there (None: no membership)."""
    if role == "admin":
        return "write"
    if membership not in RIGHTS or role not in RULES:
        return None
    if role == "trainee":
        return "read"
    return membership


def can(user: Any, action: str, case_rights: str | None = None) -> bool:
    """May `user` (a User, or a role name) do `action`, holding `case_rights` on the case concerned?

    `case_rights` is what `access.case_rights` returns (None when the user cannot open the case).
    A disabled user may do nothing; an unknown role or action is refused.
    """
    if getattr(user, "disabled", False):
        return False
    role = getattr(user, "role", user)
    needed = RULES.get(role, {}).get(action)
    if needed is None:
        return False
    if needed == _NO_CASE:
        return True
    rights = effective_rights(role, case_rights)
    return rights == "write" or (rights == "read" and needed == "read")
