"""A contact typed as one line, "name, function, +telephone, email", read into an `Authority`: the command
line (`--contact`) and the web form take contacts the same way, so they share this reader."""

from __future__ import annotations

from filiere.mla.request import Authority

MIN_PHONE_DIGITS = 6


def _is_phone(part: str) -> bool:
    return part.startswith("+") and sum(c.isdigit() for c in part) >= MIN_PHONE_DIGITS


def parse_contact(text: str) -> Authority:
    """The comma-separated parts: the first that holds "@" is the email, the first "+…" with enough digits
    the telephone; of the others, the first is the name and the rest (joined again) the function."""
    contact = Authority()
    rest: list[str] = []
    for part in (p.strip() for p in (text or "").split(",")):
        if not part:
            continue
        if "@" in part and not contact.email:
            contact.email = part
        elif _is_phone(part) and not contact.phone:
            contact.phone = part
        else:
            rest.append(part)
    contact.name = rest[0] if rest else ""
    contact.function = ", ".join(rest[1:])
    return contact
