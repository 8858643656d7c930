"""A request for mutual legal assistance as data: what UNTOC Art. 18(15) asks a request to contain.

The request is drafted from a case (`mla.draft`), saved as JSON next to the document, edited by the officer
if needed and checked again (`mla.check`) before it is rendered and sent. Its texts (facts, links,
statements) are already in the request's language, which is the requested State's, not the interface's.
`from_dict` reads a saved request back and names the file and field of anything it cannot use.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import MISSING, asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from filiere.errors import FiliereError
from filiere.extract.language import fold_text
from filiere.i18n import _

FORMAT = 1
LANGUAGES = ("fr", "en")

# The parts of a request, in the order the document gives them (UNTOC Art. 18(15)(a)-(f) and the usual
# additions of central authorities: legal basis, urgency, confidentiality, time limits, contacts).
SECTIONS = (
    "requesting_authority",  # 18(15)(a)
    "requested_authority",  # 18(13): the central authority
    "legal_basis",
    "urgency_confidentiality",  # 18(20) confidentiality
    "proceedings",  # 18(15)(b)
    "facts",  # 18(15)(c)
    "offences",
    "measures",  # 18(15)(d)
    "link",  # 18(15)(f): the purpose of each measure
    "persons",  # 18(15)(e)
    "procedures",  # 18(15)(d), 18(17)
    "time_limits",
    "contacts",
)

MEASURE_KINDS = (
    "subscriber",  # subscriber data of a number
    "traffic",  # traffic data (call records) of a number
    "bank",  # bank records of a person or account
    "mobile_money",  # mobile-money account holder and transactions
    "witness",  # hearing of a witness
    "suspect",  # hearing of a suspect
    "search",  # search and seizure at a place
    "seizure",  # seizure of objects (phones, vehicles, documents)
    "service",  # service of judicial documents
    "freeze",  # freezing of proceeds
    "identify",  # identification and location of a person
)
# Coercive measures need the facts to be an offence in the requested State too (dual criminality) almost
# everywhere; records held by banks and operators do in some States and not in others.
COERCIVE = frozenset({"search", "seizure", "freeze"})
COERCIVE_IN_SOME_STATES = frozenset({"traffic", "bank", "mobile_money"})
RECORDS = frozenset({"subscriber", "traffic", "bank", "mobile_money"})  # records of a person are sought
NUMBER_MEASURES = frozenset({"subscriber", "traffic"})  # the target must be a phone number
CAPACITIES = ("suspect", "witness", "victim", "other")


def name_tokens(name: str) -> list[str]:
    """The folded words of a name (three letters or more), as protected names are stored and found."""
    return [w for w in re.findall(r"[^\W\d_]+", fold_text(name or "")) if len(w) >= 3]


def token_digest(token: str) -> str:
    """A protected name's word as kept in the request file: a SHA-256 prefix, not the word."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()[:16]


class RequestFileError(FiliereError):
    """A saved request that cannot be read; names the file and the field."""

    def __init__(self, path: str | Path, message: str, field_name: str | None = None):
        self.path, self.field = str(path), field_name
        where = f"{path}: {field_name}" if field_name else str(path)
        super().__init__(f"{where}: {message}")


@dataclass
class Authority:
    """An authority or a contact person: whatever is known; empty strings where it is not."""

    name: str = ""
    function: str = ""
    ministry: str = ""
    address: str = ""
    country: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class LegalBasis:
    id: str
    instrument: str
    kind: str = ""
    status: str = "applies"  # applies | uncertain
    note: str = ""


@dataclass
class Provision:
    """One national provision as the legal library summarises it (record id and article)."""

    record: str
    title: str = ""
    number: str = ""
    article: str = ""
    heading: str = ""
    text: str = ""
    status: str = ""


@dataclass
class Offence:
    code: str  # TIP | SOM | CORRUPTION | ORGANISED_GROUP | DOCUMENT_FRAUD
    label: str = ""
    persons: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    qualified: bool = True
    provisions: list[Provision] = field(default_factory=list)
    evidence: list[int] = field(default_factory=list)


@dataclass
class Person:
    """A person concerned by a measure: identity data only as far as the measure needs it."""

    name: str
    id: int | None = None
    capacity: str = "other"  # suspect | witness | victim | other
    role: str = ""  # role in the network (report.labels.ROLES key)
    aliases: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    nationality: str = ""
    birth_date: str = ""
    birth_place: str = ""
    address: str = ""
    documents: list[str] = field(default_factory=list)
    evidence: list[int] = field(default_factory=list)


@dataclass
class Measure:
    kind: str
    target: str  # what the officer asked for: a number, an entity id, a name, a place
    person: int | None = None  # the entity the measure concerns, when there is one
    number: str = ""  # E.164, for measures on a number
    period_from: str = ""
    period_to: str = ""
    description: str = ""  # what is asked, in the request's language
    link: str = ""  # why: the link with the offences (18(15)(f))
    procedure: str = ""
    evidence: list[int] = field(default_factory=list)

    @property
    def coercive(self) -> bool:
        return self.kind in COERCIVE

    @property
    def coercive_in_some_states(self) -> bool:
        return self.kind in COERCIVE_IN_SOME_STATES


@dataclass
class EvidenceRef:
    """An original cited in the annex, identified by its SHA-256 (the name is withheld if it names a
    protected person)."""

    id: int
    name: str
    kind: str = ""
    sha256: str = ""


@dataclass
class Protected:
    """Someone whose identity the request must not disclose (a victim, a migrant): kept only as SHA-256
    digests of the folded words of the name, so the checker can find the name without the file holding it."""

    reason: str
    tokens: list[str] = field(default_factory=list)


@dataclass
class Request:
    case: str
    requesting_state: str
    requested_state: str
    language: str
    reference: str = ""
    number: int | None = None  # its number among the case's requests once stored (`filiere mla list`)
    case_title: str = ""
    created_on: str = ""
    training: bool = False
    requesting_authority: Authority = field(default_factory=Authority)
    requested_authority: Authority = field(default_factory=Authority)
    channel: str = ""
    legal_bases: list[LegalBasis] = field(default_factory=list)
    urgent: bool = False
    urgency: str = ""
    confidential: bool = True
    confidentiality: str = ""
    proceedings: str = ""
    facts: str = ""
    facts_date: str = ""
    offences: list[Offence] = field(default_factory=list)
    dual_criminality: str = ""
    measures: list[Measure] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    procedures: list[str] = field(default_factory=list)
    time_limit: str = ""
    time_limits: str = ""
    contacts: list[Authority] = field(default_factory=list)
    place: str = ""
    evidence: list[EvidenceRef] = field(default_factory=list)
    protected: list[Protected] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # drafting notes for the officer, never rendered

    def person(self, entity_id: int | None) -> Person | None:
        return next((p for p in self.persons if entity_id is not None and p.id == entity_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, **asdict(self)}

    def digest(self) -> str:
        """SHA-256 of the canonical JSON: names the exact version that was sent."""
        canonical = json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_NESTED: dict[str, type] = {
    "requesting_authority": Authority,
    "requested_authority": Authority,
}
_LISTS: dict[str, type] = {
    "legal_bases": LegalBasis,
    "offences": Offence,
    "measures": Measure,
    "persons": Person,
    "contacts": Authority,
    "evidence": EvidenceRef,
    "protected": Protected,
}
_INNER_LISTS: dict[tuple[type, str], type] = {(Offence, "provisions"): Provision}


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _build(cls: type, data: Any, path: str | Path, where: str) -> Any:
    if not isinstance(data, dict):
        raise RequestFileError(path, _("expected an object"), where or None)
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - known - {"format"})
    if unknown:
        raise RequestFileError(path, _("unknown field; see docs/mla.md"), _join(where, unknown[0]))
    required = [f.name for f in fields(cls) if f.default is MISSING and f.default_factory is MISSING]
    for name in required:
        if name not in data:
            raise RequestFileError(path, _("is required"), _join(where, name))
    values = {}
    for key, value in data.items():
        if key == "format":
            continue
        if (cls, key) in _INNER_LISTS:
            if not isinstance(value, list):
                raise RequestFileError(path, _("expected a list"), _join(where, key))
            value = [
                _build(_INNER_LISTS[cls, key], v, path, f"{_join(where, key)}[{i}]")
                for i, v in enumerate(value)
            ]
        values[key] = value
    return cls(**values)


def from_dict(data: Any, path: str | Path = "<request>") -> Request:
    """A Request from its JSON form; unknown fields, wrong shapes and unknown measures are named."""
    if not isinstance(data, dict):
        raise RequestFileError(path, _("a request is a JSON object; this file holds something else"))
    if data.get("format", FORMAT) != FORMAT:
        raise RequestFileError(
            path,
            _("format {found} is not supported (expected {expected})").format(
                found=data.get("format"), expected=FORMAT
            ),
            "format",
        )
    values = dict(data)
    for key, cls in _NESTED.items():
        if key in values:
            values[key] = _build(cls, values[key], path, key)
    for key, cls in _LISTS.items():
        if key in values:
            if not isinstance(values[key], list):
                raise RequestFileError(path, _("expected a list"), key)
            values[key] = [_build(cls, v, path, f"{key}[{i}]") for i, v in enumerate(values[key])]
    request = _build(Request, values, path, "")
    if request.language not in LANGUAGES:
        raise RequestFileError(
            path, _("language must be fr or en (the languages Filière writes requests in)"), "language"
        )
    for i, measure in enumerate(request.measures):
        if measure.kind not in MEASURE_KINDS:
            raise RequestFileError(
                path,
                _("unknown measure {kind}; use one of: {kinds}").format(
                    kind=measure.kind, kinds=", ".join(MEASURE_KINDS)
                ),
                f"measures[{i}].kind",
            )
    for i, person in enumerate(request.persons):
        if person.capacity not in CAPACITIES:
            raise RequestFileError(
                path,
                _("capacity must be one of: {choices}").format(choices=", ".join(CAPACITIES)),
                f"persons[{i}].capacity",
            )
    return request


def save_request(request: Request, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(json.dumps(request.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def load_request(path: str | Path) -> Request:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RequestFileError(path, _("cannot read the file: {error}").format(error=exc.strerror)) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RequestFileError(
            path,
            _("not valid JSON (line {line}, column {column}): {error}").format(
                line=exc.lineno, column=exc.colno, error=exc.msg
            ),
        ) from exc
    return from_dict(data, path)
