"""What a check reports: a finding with its severity, code, message and fix, and what the rules share."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from filiere.i18n import current_language
from filiere.mla.texts import country_name

ERROR, WARNING = "error", "warning"
CONCERNING = frozenset({"witness", "suspect", "service", "identify"})  # measures that need the identity


@dataclass
class Finding:
    """One problem of a request; `field` says where it lies in the request file, `fix` what to do."""

    severity: str  # error | warning
    code: str
    message: str
    fix: str
    field: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def state_name(iso2: str) -> str:
    """The State's name in the interface language (findings are read by the officer, not the State)."""
    return country_name(iso2, current_language())
