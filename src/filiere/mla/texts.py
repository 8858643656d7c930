"""The words of a request in its own language, and the request laid out as blocks for the renderers.

The fixed wording (headings, standard sentences, what each measure asks) is data in
data/mla/wording.yaml, in French and English; it is not gettext, since a request is written in the
requested State's language, not the interface's. `layout` turns a Request into a list of blocks (title,
numbered headings and paragraphs, field tables, the evidence annex) that the DOCX and PDF renderers draw
the same way, so both documents carry the same sections and numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from babel import Locale
from babel.dates import format_date

from filiere.data import DATA_DIR, load_yaml
from filiere.mla.request import SECTIONS, Authority, Person, Request
from filiere.report.labels import role_name

WORDING_FILE = DATA_DIR / "mla" / "wording.yaml"
_DATE_LOCALES = {"fr": "fr", "en": "en_GB"}  # "6 May 2025", as UN and West African documents write it


@cache
def wording() -> dict[str, Any]:
    return load_yaml(WORDING_FILE.read_text(encoding="utf-8"))


def word(path: str, lang: str, **values: Any) -> Any:
    """The wording at a dotted path ("text.urgent") in `lang`, formatted with `values` when text."""
    node: Any = wording()
    for part in path.split("."):
        node = node[part]
    text = node[lang]
    return text.format(**values) if values and isinstance(text, str) else text


def heading(section: str, lang: str) -> str:
    return word(f"sections.{section}", lang)


def measure_word(kind: str, part: str, lang: str, **values: Any) -> str:
    return word(f"measures.{kind}.{part}", lang, **values)


def country_name(iso2: str, lang: str) -> str:
    """The State's name in the request's language (CLDR, through Babel)."""
    return Locale(lang).territories.get((iso2 or "").upper(), iso2 or "")


def long_date(value: str | dt.date | None, lang: str) -> str:
    """ "6 mai 2025" / "6 May 2025"; the text itself when it is not an ISO date."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return format_date(value, format="long", locale=_DATE_LOCALES.get(lang, lang))


def cite(ids: list[int], lang: str) -> str:
    """ " (pièce n° 3)" / " (items 3, 5)", or nothing without evidence."""
    ids = sorted(set(ids))
    if not ids:
        return ""
    key = "text.cite_one" if len(ids) == 1 else "text.cite_many"
    return word(key, lang, ids=", ".join(str(i) for i in ids))


def join_words(items: list[str], lang: str) -> str:
    """ "a, b et c" / "a, b and c"."""
    items = [i for i in items if i]
    if len(items) < 2:
        return "".join(items)
    last = " et " if lang == "fr" else " and "
    return ", ".join(items[:-1]) + last + items[-1]


def offence_list(labels: list[str], lang: str) -> str:
    """Offences after "du chef de" / "des faits de": "traite des personnes, de trafic illicite de migrants
    et de corruption"; in English "trafficking in persons, smuggling of migrants and corruption"."""
    labels = [label for label in labels if label]
    if lang == "fr":
        labels = labels[:1] + [f"de {label}" for label in labels[1:]]
    return join_words(labels, lang)


def list_separator(lang: str) -> str:
    return " ; " if lang == "fr" else "; "


# --- layout ---------------------------------------------------------------------------------------------


@dataclass
class Block:
    """One piece of the document. kind: banner | title | meta | intro | heading | subheading | para |
    item | fields | table | signature. `number` is the printed number ("3", "3.2")."""

    kind: str
    text: str = ""
    number: str = ""
    key: str = ""
    rows: list[list[str]] = field(default_factory=list)
    header: list[str] = field(default_factory=list)


class _Numbering:
    def __init__(self) -> None:
        self.section = 0
        self.para = 0

    def heading(self) -> str:
        self.section += 1
        self.para = 0
        return str(self.section)

    def next(self) -> str:
        self.para += 1
        return f"{self.section}.{self.para}"


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]


def _authority_rows(authority: Authority, lang: str, channel: str = "") -> list[list[str]]:
    rows = []
    for key in ("name", "function", "ministry", "address", "phone", "email"):
        value = getattr(authority, key)
        if value:
            rows.append([word(f"fields.{key}", lang), value])
    if channel:
        rows.append([word("fields.channel", lang), channel])
    return rows


def person_rows(person: Person, lang: str) -> list[list[str]]:
    unknown = word("document.unknown", lang)
    birth = ", ".join(x for x in (long_date(person.birth_date, lang), person.birth_place) if x)
    rows = [
        [word("fields.name", lang), person.name],
        [word("fields.aliases", lang), ", ".join(person.aliases)],
        [word("fields.capacity", lang), word(f"capacities.{person.capacity}", lang)],
        [
            word("fields.role", lang),
            role_name(person.role, lang) if person.role not in ("", "unknown") else "",
        ],
        [word("fields.numbers", lang), ", ".join(person.phones)],
        [word("fields.nationality", lang), person.nationality or unknown],
        [word("fields.birth", lang), birth or unknown],
        [word("fields.address", lang), person.address or unknown],
        [word("fields.documents", lang), ", ".join(person.documents)],
    ]
    return [row for row in rows if row[1]]


def channel_label(channel: str, lang: str) -> str:
    return word(f"channels.{channel}", lang) if channel in wording()["channels"] else channel


def layout(request: Request) -> list[Block]:
    """The request as blocks, in the order and with the numbers both renderers print."""
    lang = request.language
    requested = country_name(request.requested_state, lang)
    requesting = country_name(request.requesting_state, lang)
    blocks: list[Block] = []
    if request.training:
        blocks.append(Block("banner", word("document.training_banner", lang)))
    banners = []
    if request.confidential:
        banners.append(word("document.confidential_banner", lang))
    if request.urgent:
        banners.append(word("document.urgent_banner", lang))
    if banners:
        blocks.append(Block("banner", " — ".join(banners)))
    blocks.append(Block("title", word("document.title", lang)))
    blocks.append(Block("meta", word("document.from_to", lang, requesting=requesting, requested=requested)))
    if request.reference:
        blocks.append(Block("meta", word("document.reference", lang, reference=request.reference)))
    blocks.append(Block("intro", word("document.intro", lang, requested=requested)))
    n = _Numbering()
    for section in SECTIONS:
        blocks.append(Block("heading", heading(section, lang), n.heading(), key=section))
        blocks.extend(_SECTION[section](request, lang, n))
    place = request.place or word("document.blank", lang)
    blocks.append(
        Block(
            "signature",
            word("document.signature", lang, place=place, date=long_date(request.created_on, lang)),
            rows=[[word("document.signature_line", lang)], [request.requesting_authority.name]],
        )
    )
    blocks.append(Block("heading", heading("annex", lang), key="annex"))
    blocks.append(Block("para", word("text.annex_intro", lang)))
    if request.evidence:
        header = [word(f"fields.{k}", lang) for k in ("evidence_no", "file", "kind", "sha256")]
        rows = [[str(e.id), e.name, evidence_kind(e.kind, lang), e.sha256] for e in request.evidence]
        blocks.append(Block("table", header=header, rows=rows, key="annex"))
    else:
        blocks.append(Block("para", word("text.annex_empty", lang)))
    return blocks


def evidence_kind(kind: str, lang: str) -> str:
    return word(f"evidence_kinds.{kind}", lang) if kind in wording()["evidence_kinds"] else kind


def _paras(texts: list[str], n: _Numbering) -> list[Block]:
    return [Block("para", t, n.next()) for t in texts if t]


def _requesting(request: Request, lang: str, n: _Numbering) -> list[Block]:
    return [Block("fields", rows=_authority_rows(request.requesting_authority, lang))]


def _requested(request: Request, lang: str, n: _Numbering) -> list[Block]:
    channel = channel_label(request.channel, lang) if request.channel else ""
    return [Block("fields", rows=_authority_rows(request.requested_authority, lang, channel))]


def _legal_basis(request: Request, lang: str, n: _Numbering) -> list[Block]:
    if not request.legal_bases:
        return []
    out = [Block("para", word("text.legal_basis_intro", lang), n.next())]
    requested = country_name(request.requested_state, lang)
    for basis in request.legal_bases:
        if basis.kind == "reciprocity":
            continue
        text = basis.instrument
        if basis.status == "uncertain":
            text += f" ({word('text.legal_basis_uncertain', lang, note=basis.note or '?')})"
        out.append(Block("item", text))
    if any(b.kind == "reciprocity" for b in request.legal_bases):
        out.append(Block("para", word("text.reciprocity", lang, requested=requested), n.next()))
    return out


def _urgency(request: Request, lang: str, n: _Numbering) -> list[Block]:
    return _paras(_paragraphs(request.urgency) + _paragraphs(request.confidentiality), n)


def _proceedings(request: Request, lang: str, n: _Numbering) -> list[Block]:
    return _paras(_paragraphs(request.proceedings), n)


def _facts(request: Request, lang: str, n: _Numbering) -> list[Block]:
    out = []
    for paragraph in _paragraphs(request.facts):
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        out.append(Block("para", lines[0], n.next()))
        out.extend(Block("item", line.lstrip("–-• ").strip()) for line in lines[1:])
    return out


def _offences(request: Request, lang: str, n: _Numbering) -> list[Block]:
    out = []
    for offence in request.offences:
        label = offence.label or word(f"offences.{offence.code}", lang)
        out.append(Block("para", label[:1].upper() + label[1:], n.next()))
        if offence.names:
            out.append(
                Block("item", word("text.offence_persons", lang, names=join_words(offence.names, lang)))
            )
        if not offence.qualified:
            out.append(Block("item", word("text.offence_pending", lang)))
        for provision in offence.provisions:
            out.append(Block("item", provision_text(provision, lang)))
    if any(o.provisions for o in request.offences):
        out.append(Block("para", word("text.provision_unverified", lang), n.next()))
    if request.dual_criminality:
        out.append(Block("subheading", word("text.dual_criminality_heading", lang)))
        out.extend(_paras(_paragraphs(request.dual_criminality), n))
    return out


def provision_text(provision, lang: str) -> str:
    article = word("text.provision_article", lang, article=provision.article) if provision.article else ""
    head = f" ({provision.heading})" if provision.heading else ""
    text = word(
        "text.provision",
        lang,
        number=provision.number or provision.title or provision.record,
        article=article,
        heading=head,
        text=provision.text or provision.title,
    )
    if provision.status == "repealed":
        text += word("text.provision_repealed", lang)
    return text


def _measures(request: Request, lang: str, n: _Numbering) -> list[Block]:
    out = []
    for i, measure in enumerate(request.measures, 1):
        label = measure_word(measure.kind, "label", lang)
        text = word("text.measure", lang, n=i, label=label, description=measure.description)
        out.append(Block("para", text, n.next()))
    return out


def _link(request: Request, lang: str, n: _Numbering) -> list[Block]:
    links = [m.link for m in request.measures if m.link]
    if not links:
        return []
    return [Block("para", word("text.link_intro", lang), n.next()), *_paras(links, n)]


def _persons(request: Request, lang: str, n: _Numbering) -> list[Block]:
    out = []
    for person in request.persons:
        out.append(Block("subheading", f"{n.next()} {person.name}"))
        out.append(Block("fields", rows=person_rows(person, lang)))
    return out


def _procedures(request: Request, lang: str, n: _Numbering) -> list[Block]:
    return _paras(request.procedures, n)


def _time_limits(request: Request, lang: str, n: _Numbering) -> list[Block]:
    return _paras(_paragraphs(request.time_limits), n)


def _contacts(request: Request, lang: str, n: _Numbering) -> list[Block]:
    if not request.contacts:
        return []
    out = [Block("para", word("text.contacts_intro", lang), n.next())]
    out.extend(Block("fields", rows=_authority_rows(c, lang)) for c in request.contacts)
    return out


_SECTION = {
    "requesting_authority": _requesting,
    "requested_authority": _requested,
    "legal_basis": _legal_basis,
    "urgency_confidentiality": _urgency,
    "proceedings": _proceedings,
    "facts": _facts,
    "offences": _offences,
    "measures": _measures,
    "link": _link,
    "persons": _persons,
    "procedures": _procedures,
    "time_limits": _time_limits,
    "contacts": _contacts,
}
