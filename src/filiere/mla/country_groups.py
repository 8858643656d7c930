"""Which requesting States belong to the groups a legal basis may name, on a given date.

A record says a basis applies `with: [ecowas_members]`; whether the requesting State is a member depends on
the date (Mali, Burkina Faso and Niger left ECOWAS on 29 January 2025), so membership is computed here
rather than written into every file. A new group key (a new regional organisation) is added here.
"""

from __future__ import annotations

import datetime as dt

from filiere.i18n import _

GROUPS = ("any", "untoc_parties", "ecowas_members", "aes_members")
ECOWAS_EXIT = dt.date(2025, 1, 29)  # Mali, Burkina Faso and Niger leave ECOWAS (DOMAIN.md)
_ECOWAS_STAYING = frozenset({"BJ", "CV", "CI", "GM", "GH", "GN", "GW", "LR", "NG", "SN", "SL", "TG"})
_ECOWAS_LEFT = frozenset({"BF", "ML", "NE"})
_AES = frozenset({"BF", "ML", "NE"})  # Confederation of the Alliance of Sahel States, treaty of 6 July 2024
# The 23 States Filière serves, all believed to be UNTOC parties (not checked against the UN Treaty
# Collection State by State: the `untoc` bases carry verified: false). Others are "unknown", not "no".
SERVED = _ECOWAS_STAYING | _ECOWAS_LEFT | {"MR", "DZ", "LY", "MA", "TN", "IT", "ES", "FR"}


def group_status(group: str, iso2: str, on: dt.date) -> tuple[str | None, str | None]:
    """Whether State `iso2` belongs to `group` on a date: (applies|uncertain|None, reason when uncertain)."""
    if group == "any":
        return "applies", None
    if group == "untoc_parties":
        if iso2 in SERVED:
            return "applies", None
        return "uncertain", _("{code}'s participation in UNTOC is not recorded in Filière: check the UN "
                              "Treaty Collection").format(code=iso2)  # fmt: skip
    if group == "ecowas_members":
        if iso2 in _ECOWAS_STAYING or (iso2 in _ECOWAS_LEFT and on < ECOWAS_EXIT):
            return "applies", None
        if iso2 in _ECOWAS_LEFT:
            return "uncertain", _("{code} left ECOWAS on 29 January 2025: whether the ECOWAS conventions "
                                  "still bind it is uncertain").format(code=iso2)  # fmt: skip
        return None, None
    if group == "aes_members":
        return ("applies", None) if iso2 in _AES else (None, None)
    return ("applies", None) if group == iso2 else (None, None)
