"""Password hashing (argon2id) and the password policy.

Hashes are PHC strings (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) that carry their own parameters, so the
cost can be raised later: `needs_rehash` tells the login code to store a fresh hash after a successful
login. Passwords are NFC-normalised first, so that "é" typed as one character or as "e" + accent is the
same password on every keyboard.

The policy is deliberately short (length matters most, NIST SP 800-63B): at least 12 characters, at most
1024, not built on the user name, more than one kind of character and not one of a few passwords every
attacker tries first.
"""

from __future__ import annotations

import secrets
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from filiere.i18n import _
from filiere.security.errors import WeakPassword

MIN_LENGTH = 12
MAX_LENGTH = 1024  # hashing a megabyte on every login attempt would be a denial of service

# argon2-cffi's defaults follow RFC 9106's second recommended option (64 MiB, 3 passes, 4 lanes): about a
# third of a second on a small server. Tests swap in a cheap hasher (tests/security/conftest.py).
HASHER = PasswordHasher()

# A few of the passwords tried first (French and English keyboards); the length rule catches most others.
_COMMON = frozenset(
    {
        "password1234",
        "motdepasse123",
        "motdepasse1234",
        "azertyuiop123",
        "azerty123456",
        "qwerty123456",
        "qwertyuiop123",
        "123456789abc",
        "abc123456789",
        "administrateur1",
        "administrator1",
        "bienvenue1234",
        "welcome12345",
    }
)

_dummy: dict[str, str] = {}


def _normalise(password: str) -> str:
    return unicodedata.normalize("NFC", password)


def hash_password(password: str) -> str:
    """The argon2id PHC string of `password` (a fresh random salt each time)."""
    return HASHER.hash(_normalise(password))


def verify_password(password_hash: str, password: str) -> bool:
    """True when `password` matches; False for a wrong password or a damaged hash (never raises)."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return HASHER.verify(password_hash, _normalise(password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than HASHER's (store a new one after login)."""
    try:
        return HASHER.check_needs_rehash(password_hash)
    except (InvalidHashError, ValueError):
        return True


def dummy_verify(password: str) -> None:
    """Spend the time of a real verification, for a user name that does not exist."""
    key = f"{HASHER.time_cost}:{HASHER.memory_cost}:{HASHER.parallelism}"
    if key not in _dummy:
        _dummy[key] = HASHER.hash(secrets.token_urlsafe(16))
    verify_password(_dummy[key], password)


def password_problems(password: str, username: str = "") -> list[str]:
    """Every rule of the policy that `password` breaks, as sentences for the user (empty when it is fine)."""
    password = _normalise(password)
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(
            _(
                "The password is too short: use at least {n} characters "
                "(a phrase of several words is easiest)."
            ).format(n=MIN_LENGTH)
        )
    if len(password) > MAX_LENGTH:
        problems.append(_("The password is too long: use at most {n} characters.").format(n=MAX_LENGTH))
    folded = password.casefold()
    name = username.casefold()
    if name and (folded == name or (len(name) >= 3 and name in folded)):
        problems.append(_("The password must not contain the user name."))
    kinds = {
        "lower" if c.islower() else "upper" if c.isupper() else "digit" if c.isdigit() else "other"
        for c in password
    }
    if len(kinds) < 2:
        problems.append(
            _("The password uses only one kind of character: mix letters with digits, capitals or symbols.")
        )
    if len(set(folded)) < 5 and len(password) >= MIN_LENGTH:
        problems.append(_("The password repeats too few different characters."))
    if folded in _COMMON:
        problems.append(_("This password is among the first ones attackers try: choose another."))
    return problems


def check_password(password: str, username: str = "") -> None:
    """Raise WeakPassword listing every rule `password` breaks."""
    problems = password_problems(password, username)
    if problems:
        raise WeakPassword(problems)
