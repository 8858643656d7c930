"""Stream an operator's answer to a subscriber request (CSV) into SubscriberRow records.

Same approach as the CDR parser: the CSV form is sniffed, columns are recognised from a vocabulary of
header spellings (French and English), then the file is streamed; a bad row becomes a RowError. Split
columns are joined: Nom + Prénom(s) -> "Nom Prénoms" (surname first, case as written), Type pièce +
Numéro pièce -> "CNI 123456", Adresse + Quartier + Ville -> "Adresse, Quartier, Ville".
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filiere.errors import EvidenceError
from filiere.i18n import _
from filiere.ingest.cdr_dates import parse_timestamp
from filiere.ingest.csvsniff import (
    CsvLayout,
    header_names,
    match_columns,
    open_records,
    sniff_csv,
    vocabulary_table,
)
from filiere.ingest.records import RowError, SubscriberRow

# Header spellings, compared after csvsniff.normalise_name (case, accents, spaces/underscores folded).
SUBSCRIBER_VOCABULARY: dict[str, tuple[str, ...]] = vocabulary_table(
    {
        "number": (
            "Numéro|MSISDN|Number|Phone number|Numéro d'appel|Numéro de téléphone|Téléphone|Tel|"
            "Numéro abonné|Ligne|Subscriber number|Mobile number"
        ),
        "name": "Nom et prénoms|Nom et prénom|Nom complet|Abonné|Subscriber|Name|Full name|Subscriber name",
        "surname": "Nom|Nom de famille|Surname|Last name|Family name",
        "given": "Prénom|Prénoms|First name|Given name|Given names|Forename",
        "id_document": (
            "Pièce d'identité|CNI|ID document|Identity document|Passport|Passeport|Pièce|Document"
        ),
        "id_type": "Type pièce|Type de pièce|Type pièce d'identité|ID type|Document type",
        "id_number": "N° pièce|Numéro pièce|Numéro de pièce|N° de pièce|ID number|Document number",
        "activated_on": (
            "Date d'activation|Activation date|Date de souscription|Date activation|Subscription date|"
            "Date d'abonnement"
        ),
        "operator": "Opérateur|Operator|Network|Réseau",
        "address": "Adresse|Address|Domicile|Residence",
        "district": "Quartier|District|Neighbourhood|Secteur",
        "city": "Ville|City|Localité|Commune|Town",
    }
)
SUBSCRIBER_KEYWORDS: dict[str, tuple[str, ...]] = vocabulary_table(
    {
        "id_number": "pièce|passeport|passport|cni",
        "activated_on": "activation|souscription|subscription",
        "number": "msisdn|numéro|number|téléphone|phone",
        "given": "prénom|prénoms",
        "name": "nom|name|abonné",
        "address": "adresse|address",
    }
)


@dataclass(frozen=True)
class SubscriberLayout:
    """A subscriber list's layout: CSV form and field -> column."""

    csv: CsvLayout
    columns: dict[str, int]

    @property
    def path(self) -> Path:
        return self.csv.path

    @property
    def encoding(self) -> str:
        return self.csv.encoding

    def describe(self) -> dict[str, Any]:
        """What was recognised, for the ingest report (JSON-serialisable)."""
        return {**self.csv.describe(), "fields": {f: self.csv.names[i] for f, i in self.columns.items()}}


def subscriber_columns(names: Sequence[str]) -> dict[str, int]:
    """Field -> column index for a subscriber list header; a lone "Nom" column is the full name."""
    found = match_columns(names, SUBSCRIBER_VOCABULARY, SUBSCRIBER_KEYWORDS)
    if "surname" in found and "given" not in found and "name" not in found:
        found["name"] = found.pop("surname")
    return found


def subscriber_score(layout_or_names: CsvLayout | SubscriberLayout | Sequence[str]) -> float:
    """How much a header looks like a subscriber list, 0 to 1 (for choosing the kind of a file)."""
    names = header_names(layout_or_names)
    found = subscriber_columns(names)
    if "number" not in found:
        return 0.0
    who = 1.0 if found.keys() & {"name", "surname"} else 0.0
    papers = 1.0 if found.keys() & {"id_document", "id_number"} else 0.0
    extras = len(found.keys() & {"activated_on", "operator", "address", "district", "city"})
    return round(0.4 + 0.35 * who + 0.1 * papers + 0.15 * min(1.0, extras / 2), 3)


def subscriber_layout(path: str | Path, layout: CsvLayout | None = None) -> SubscriberLayout:
    """Recognise a subscriber list or raise EvidenceError naming it, the columns found and the fix."""
    layout = layout or sniff_csv(path, SUBSCRIBER_VOCABULARY)
    columns = subscriber_columns(layout.names)
    listed = ", ".join(n for n in layout.names if n) or "-"
    if "number" not in columns:
        raise EvidenceError(
            layout.path,
            _(
                "no phone number column: found columns {columns}; name it Numéro or MSISDN, "
                "or use --kind document"
            ).format(columns=listed),
            layout.header_line,
        )
    if not columns.keys() & {"name", "surname", "given", "id_document", "id_number"}:
        raise EvidenceError(
            layout.path,
            _(
                "no subscriber name or identity document column: found columns {columns}; name them "
                "Nom et prénoms and Pièce d'identité, or use --kind document"
            ).format(columns=listed),
            layout.header_line,
        )
    return SubscriberLayout(layout, columns)


def iter_subscribers(layout: SubscriberLayout) -> Iterator[SubscriberRow | RowError]:
    """Stream the file: one SubscriberRow per data row (line = physical 1-based line) or a RowError."""
    with open_records(layout.csv) as reader:
        yield from _rows(layout, reader)


def _rows(layout: SubscriberLayout, reader: Any) -> Iterator[SubscriberRow | RowError]:
    cols = layout.columns
    width = layout.csv.width

    def cell(row: list[str], field: str) -> str:
        i = cols.get(field)
        return row[i].strip() if i is not None else ""

    def joined(row: list[str], fields: Sequence[str], sep: str) -> str | None:
        return sep.join(v for v in (cell(row, f) for f in fields) if v) or None

    last = reader.line_num
    while True:
        try:
            for row in reader:
                line, last = last + 1, reader.line_num
                if not any(c.strip() for c in row):
                    continue
                if len(row) < width or any(c.strip() for c in row[width:]):
                    yield RowError(
                        line,
                        _("expected {expected} fields, found {found}; check the delimiter and quotes").format(
                            expected=width, found=len(row)
                        ),
                    )
                    continue
                number = cell(row, "number")
                if not number:
                    yield RowError(line, _("no phone number on this row"))
                    continue
                activated = cell(row, "activated_on")
                stamp = parse_timestamp(activated) if activated else None
                yield SubscriberRow(
                    line=line,
                    number_raw=number,
                    name=joined(row, ("name",), " ") or joined(row, ("surname", "given"), " "),
                    id_document=joined(row, ("id_document",), " ")
                    or joined(row, ("id_type", "id_number"), " "),
                    activated_on=stamp[:10] if stamp else activated or None,
                    operator=cell(row, "operator") or None,
                    address=joined(row, ("address", "district", "city"), ", "),
                )
            return
        except csv.Error as exc:
            last = reader.line_num
            yield RowError(last, _("unreadable CSV row ({error}); check the quotes").format(error=exc))
