"""Errors of the security layer; each is a FiliereError so the CLI prints it without a traceback."""

from __future__ import annotations

from filiere.errors import FiliereError
from filiere.i18n import _


class AuthError(FiliereError):
    """A login or a token was refused. The message never says why, so it does not tell whether the user
    exists; `reason` (unknown, password, locked, disabled, token…) is for the audit log and tests only."""

    def __init__(self, reason: str, message: str | None = None):
        self.reason = reason
        super().__init__(message or generic_login_message())


def generic_login_message() -> str:
    return _("Wrong user name or password, or the account is locked for a while. Try again later.")


class AccessDenied(FiliereError):
    """The user may open the case but not do this in it (a prosecutor ingesting, a trainee writing…)."""


class WeakPassword(FiliereError):
    """A new password breaks the password policy; the message lists every rule it breaks."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(" ".join(problems))
