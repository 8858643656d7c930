"""The persons in the request: the facts name whoever's records are sought, and no one else's identity goes
in — no victim or migrant the measures do not concern, in the text, the persons or the annex."""

from __future__ import annotations

import re

from filiere.i18n import _
from filiere.mla.checks.findings import CONCERNING, ERROR, WARNING, Finding
from filiere.mla.request import RECORDS, Request, name_tokens, token_digest

_NUMBER = re.compile(r"\+?\d[\d .-]{5,}\d")


def _words(text: str) -> set[str]:
    return set(name_tokens(text))


def _names_in(text: str, names: list[str]) -> bool:
    """Whether one of `names` appears in `text`: all its words (of three letters or more), in any order."""
    words = _words(text)
    for name in names:
        wanted = _words(name)
        if wanted and wanted <= words:
            return True
    return False


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def _number_in(text: str, number: str) -> bool:
    """An E.164 number in text written as +22376315842, 00223 76 31 58 42 or 76 31 58 42."""
    digits = _digits(number)
    for found in _NUMBER.findall(text or ""):
        written = _digits(found)
        if written == digits or (written.endswith(digits[-8:]) and len(written) >= 8):
            return True
    return False


def facts_mention(request: Request) -> list[Finding]:
    """The facts must say who the person whose records are sought is (a request for the records of
    someone the facts never mention is sent back)."""
    out = []
    for i, measure in enumerate(request.measures, 1):
        if measure.kind not in RECORDS:
            continue
        person = request.person(measure.person)
        names = [person.name, *person.aliases] if person else []
        if _names_in(request.facts, names) or (measure.number and _number_in(request.facts, measure.number)):
            continue
        who = person.name if person else (measure.number or measure.target)
        out.append(
            Finding(
                ERROR,
                "FACTS_PERSON",
                _("The summary of the facts does not mention {who}, whose records measure {n} seeks.").format(
                    who=who, n=i
                ),
                _("Say in the facts who {who} is, which number they use and what they did.").format(who=who),
                "facts",
            )
        )
    return out


def personal_data(request: Request) -> list[Finding]:
    """Only the identity data the measures need: a victim named in a request that does not concern them,
    a person listed whom no measure concerns."""
    out = []
    targets: dict[int, set[str]] = {}
    for measure in request.measures:
        if measure.person is not None:
            targets.setdefault(measure.person, set()).add(measure.kind)
    for i, person in enumerate(request.persons):
        kinds = targets.get(person.id, set()) if person.id is not None else set()
        if person.capacity == "victim" and not kinds & CONCERNING:
            out.append(
                Finding(
                    ERROR,
                    "PERSONAL_DATA",
                    _(
                        "{name}, a victim, is identified though no measure asks to hear, serve or identify "
                        "them."
                    ).format(name=person.name),
                    _("Remove persons[{i}] from the request: the measures sought do not need it.").format(
                        i=i
                    ),
                    f"persons[{i}]",
                )
            )
        elif not kinds:
            out.append(
                Finding(
                    WARNING,
                    "EXTRA_PERSON",
                    _("{name} is identified though no measure concerns them.").format(name=person.name),
                    _("Remove persons[{i}] unless the requested State needs it.").format(i=i),
                    f"persons[{i}]",
                )
            )
    out += _protected_names(request)
    return out


def _protected_names(request: Request) -> list[Finding]:
    def digests(words: set[str]) -> dict[str, str]:
        return {token_digest(w): w for w in words}

    places = [("facts", request.facts), ("proceedings", request.proceedings)]
    places += [(f"measures[{i}]", m.description + " " + m.link) for i, m in enumerate(request.measures)]
    places += [(f"persons[{i}]", " ".join([p.name, *p.aliases])) for i, p in enumerate(request.persons)]
    places += [(f"offences[{i}]", " ".join(o.names)) for i, o in enumerate(request.offences)]
    out = []
    for where, text in places:
        seen = digests(_words(text))
        for protected in request.protected:
            if protected.tokens and set(protected.tokens) <= set(seen):
                shown = " ".join(sorted(seen[t] for t in protected.tokens))
                out.append(
                    Finding(
                        ERROR,
                        "PERSONAL_DATA",
                        _("{where} names a victim or migrant the request does not concern ({words}).").format(
                            where=where, words=shown
                        ),
                        _("Remove the name from {where}; refer to them without identifying them.").format(
                            where=where
                        ),
                        where,
                    )
                )
                break
    for i, item in enumerate(request.evidence):
        seen = digests(_words(item.name.replace("_", " ")))
        if any(set(p.tokens) & set(seen) for p in request.protected):
            out.append(
                Finding(
                    ERROR,
                    "PERSONAL_DATA",
                    _("The annex lists evidence #{id} under a file name that names a victim.").format(
                        id=item.id
                    ),
                    _("Replace evidence[{i}].name with the kind of record only.").format(i=i),
                    f"evidence[{i}]",
                )
            )
    return out
