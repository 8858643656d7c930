"""Stream an operator's call detail records (CSV) into CallRow records, one per row, at scale.

`cdr_layout` finds the columns (caller/callee, or the target-centric target/other/direction layout) and the
date format, checked on the first rows; `iter_cdr` then streams the file: ten million rows never sit in
memory. Numbers stay raw (the pipeline normalises them). A bad row becomes a RowError naming its line and
reading goes on.

Speed matters (10M rows in well under a minute with the database insert), so the row loop caches what it
has read (types, directions, durations) and reads timestamps by slicing (see cdr_dates).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filiere.errors import EvidenceError
from filiere.i18n import _
from filiere.ingest.cdr_dates import (
    CACHE_LIMIT,
    FAST_FORMATS,
    choose_timestamp,
    read_duration,
    slow_stamp_reader,
)
from filiere.ingest.csvsniff import (
    CsvLayout,
    header_names,
    match_columns,
    normalise_name,
    open_records,
    sniff_csv,
    vocabulary_table,
)
from filiere.ingest.records import CallRow, RowError

# Header spellings, compared after normalise_name (case, accents, spaces/underscores/dots folded).
CDR_VOCABULARY: dict[str, tuple[str, ...]] = vocabulary_table(
    {
        "caller": (
            "Appelant|Numéro A|MSISDN A|A_NUMBER|A-Party|A number|Calling number|Calling party|Caller|"
            "Originating|Originating number|Émetteur|Numéro appelant|N° appelant|Numéro émetteur|Source"
        ),
        "callee": (
            "Appelé|Numéro B|MSISDN B|B_NUMBER|B-Party|B number|Called number|Called party|Callee|"
            "Destinataire|Terminating|Terminating number|Numéro appelé|N° appelé|Numéro destinataire|"
            "Destination"
        ),
        "start": (
            "Date/Heure|Date et heure|Date heure|DateHeureDebut|Date heure début|Start time|Start|"
            "Call date|Timestamp|Début|Date début|Date de début|Datetime|Start date time|Event time|"
            "Horodatage"
        ),
        "date": "Date|Date appel|Date de l'appel|Date communication|Call day|Jour",
        "time": "Heure|Time|Heure appel|Heure début|Heure de début|Call time",
        "duration": (
            "Durée|Durée (s)|Durée (sec)|Durée appel|Duration|Duration (sec)|Duration (s)|Call duration"
        ),
        "cell": "Cellule|Cell ID|CELL_ID|LAC-CI|LAC/CI|CI|CGI|Site|Antenne|BTS|Cell",
        "imei": "IMEI",
        "imsi": "IMSI",
        "type": "Type|Type appel|Type d'appel|Call type|Service|Event type|Type événement|Nature",
        "target": (
            "Numéro cible|Target|Target number|MSISDN|Numéro surveillé|Ligne surveillée|Cible|Ligne cible|"
            "Numéro abonné"
        ),
        "other": "Correspondant|Other party|Numéro correspondant|Interlocuteur|Correspondent|Other number",
        "direction": "Sens|Direction|Sens appel|Sens de l'appel|In/Out",
    }
)
# Single words tried on columns no spelling matched; earlier fields win ("IMEI appelant" is an IMEI).
CDR_KEYWORDS: dict[str, tuple[str, ...]] = vocabulary_table(
    {
        "imei": "imei",
        "imsi": "imsi",
        "duration": "durée|duration",
        "cell": "cellule|cell|bts|antenne|lac",
        "direction": "sens|direction",
        "type": "type",
        "caller": "appelant|caller|calling|émetteur",
        "callee": "appelé|callee|called|destinataire",
        "other": "correspondant|interlocuteur",
        "target": "cible|target|surveillé",
        "start": "horodatage|timestamp|datetime",
        "date": "date",
        "time": "heure|time",
    }
)
# Words in a type or direction value ("Appel sortant", "MO-SMS", "SMS-MT"), by priority.
CALL_TYPE_WORDS: dict[str, tuple[str, ...]] = vocabulary_table(
    {
        "sms": "sms|texto|message|msg|mms|mosms|mtsms|smsmo|smsmt",
        "data": "data|gprs|internet|données|lte|edge",
        "voice": "voix|voice|appel|call|moc|mtc|vocal|tel|téléphonie|communication",
    }
)
DIRECTION_WORDS: dict[str, tuple[str, ...]] = vocabulary_table(
    {
        "out": "sortant|sortante|outgoing|out|mo|moc|mosms|smsmo|émis|émission|sent|originating",
        "in": "entrant|entrante|incoming|in|mt|mtc|mtsms|smsmt|reçu|réception|received|terminating",
    }
)


def classify_event(text: str) -> tuple[str | None, str | None]:
    """(call type, direction) named by a type or direction value; None where it names none."""
    words = set(normalise_name(text).split())
    kind = next((k for k, ws in _TYPE_WORDS.items() if words & ws), None)
    ins = bool(words & _DIRECTION_SETS["in"])
    outs = bool(words & _DIRECTION_SETS["out"])
    return kind, ("in" if ins else "out") if ins != outs else None


_TYPE_WORDS = {k: {normalise_name(w) for w in ws} for k, ws in CALL_TYPE_WORDS.items()}
_DIRECTION_SETS = {k: {normalise_name(w) for w in ws} for k, ws in DIRECTION_WORDS.items()}


@dataclass(frozen=True)
class CdrLayout:
    """A CDR file's layout: CSV form, field -> column, timestamp columns and their format."""

    csv: CsvLayout
    columns: dict[str, int]
    stamp_columns: tuple[int, ...]  # one column, or date and time columns joined with a space
    date_format: str  # name of the FAST_FORMATS entry used by the fast path
    target_centric: bool

    @property
    def path(self) -> Path:
        return self.csv.path

    @property
    def encoding(self) -> str:
        return self.csv.encoding

    def describe(self) -> dict[str, Any]:
        """What was recognised, for the ingest report (JSON-serialisable)."""
        return {
            **self.csv.describe(),
            "fields": {field: self.csv.names[i] for field, i in self.columns.items()},
            "date_format": self.date_format,
            "target_centric": self.target_centric,
        }


def cdr_columns(names: Sequence[str]) -> dict[str, int]:
    """Field -> column index for a CDR header."""
    found = match_columns(names, CDR_VOCABULARY, CDR_KEYWORDS)
    if "caller" not in found and "callee" in found and "target" in found and "other" not in found:
        found["caller"] = found.pop("target")
    if "callee" not in found and "caller" in found and "target" in found and "other" not in found:
        found["callee"] = found.pop("target")
    return found


def cdr_score(layout_or_names: CsvLayout | CdrLayout | Sequence[str]) -> float:
    """How much a header looks like call detail records, 0 to 1 (for choosing the kind of a file)."""
    names = header_names(layout_or_names)
    found = cdr_columns(names)
    if "caller" in found and "callee" in found:
        parties = 1.0
    elif "target" in found and "other" in found:
        parties = 1.0 if {"direction", "type"} & found.keys() else 0.6
    elif found.keys() & {"caller", "callee", "target", "other"}:
        parties = 0.3
    else:
        return 0.0
    when = 1.0 if found.keys() & {"start", "date"} else 0.0
    extras = len(found.keys() & {"duration", "cell", "imei", "imsi", "type", "time"})
    return round(0.5 * parties + 0.3 * when + 0.2 * min(1.0, extras / 3), 3)


def cdr_layout(path: str | Path, layout: CsvLayout | None = None) -> CdrLayout:
    """Recognise a CDR file or raise EvidenceError naming it, the columns found and the fix."""
    layout = layout or sniff_csv(path, CDR_VOCABULARY)
    names = layout.names
    columns = cdr_columns(names)
    listed = ", ".join(n for n in names if n) or "-"
    target_centric = not ("caller" in columns and "callee" in columns)
    if target_centric and not ("target" in columns and "other" in columns):
        raise EvidenceError(
            layout.path,
            _(
                "no caller/callee column: found columns {columns}; rename the header (e.g. Appelant, Appelé) "
                "or use --kind document"
            ).format(columns=listed),
            layout.header_line,
        )
    if target_centric and not ({"direction", "type"} & columns.keys()):
        raise EvidenceError(
            layout.path,
            _(
                "target/correspondent columns but no direction column (Sens: Entrant/Sortant): found columns "
                "{columns}; add it, or rename the header to Appelant and Appelé"
            ).format(columns=listed),
            layout.header_line,
        )
    stamp_columns, fast = choose_timestamp(layout, columns, listed)
    return CdrLayout(layout, columns, stamp_columns, fast.name, target_centric)


def iter_cdr(layout: CdrLayout) -> Iterator[CallRow | RowError]:
    """Stream the file: one CallRow per data row (line = its physical 1-based line) or a RowError."""
    with open_records(layout.csv) as reader:
        yield from _rows(layout, reader)


def _width_problem(row: list[str], width: int) -> str | None:
    """ "" for a blank row (skipped), None when only empty cells trail, else the RowError message."""
    if not any(c.strip() for c in row):
        return ""
    if len(row) > width and not any(c.strip() for c in row[width:]):
        return None
    return _("expected {expected} fields, found {found}; check the delimiter and quotes on this line").format(
        expected=width, found=len(row)
    )


def _rows(layout: CdrLayout, reader: Any) -> Iterator[CallRow | RowError]:
    cols = layout.columns
    names = layout.csv.names
    width, row_width = layout.csv.width, layout.csv.row_width
    target_centric = layout.target_centric
    ia, ib = (cols["target"], cols["other"]) if target_centric else (cols["caller"], cols["callee"])
    idir = cols.get("direction", cols.get("type", -1))
    itype, idur = cols.get("type", -1), cols.get("duration", -1)
    icell, iimei, iimsi = cols.get("cell", -1), cols.get("imei", -1), cols.get("imsi", -1)
    ist = layout.stamp_columns[0]
    ijoin = layout.stamp_columns[1] if len(layout.stamp_columns) > 1 else -1
    stamp_name = " + ".join(names[i] for i in layout.stamp_columns)
    fast = next(f for f in FAST_FORMATS if f.name == layout.date_format)
    cut, tails = fast.cut, fast.tails
    prefixes: dict[str, str] = {}
    durations: dict[str, int] = {}
    kinds: dict[str, str] = {"": "voice"}
    directions: dict[str, str] = {}
    pget, tget, dget, kget = prefixes.get, tails.get, durations.get, kinds.get
    slow_stamp = slow_stamp_reader(fast, prefixes)
    new = tuple.__new__
    last = reader.line_num
    while True:
        try:
            for row in reader:
                line = last + 1
                last = reader.line_num
                if len(row) != row_width:
                    problem = _width_problem(row, width)
                    if problem is not None:
                        if problem:
                            yield RowError(line, problem)
                        continue
                a = row[ia].strip()
                b = row[ib].strip()
                if not a and not b:
                    if any(c.strip() for c in row):  # a row of empty cells is a blank line
                        yield RowError(line, _("both numbers are empty"))
                    continue
                if target_centric:
                    way = directions.get(row[idir])
                    if way is None:
                        way = _remember(directions, row[idir], classify_event(row[idir])[1] or "")
                    if way == "in":
                        a, b = b, a
                    elif not way:
                        yield RowError(line, _unknown_direction(row[idir], names[idir]))
                        continue
                s = row[ist] if ijoin < 0 else row[ist] + " " + row[ijoin]
                p = pget(s[:cut])
                t = tget(s[cut:])
                if p is not None and t is not None:
                    stamp = p + t
                else:
                    stamp = slow_stamp(s)
                    if stamp == "":
                        yield RowError(line, _unreadable_date(s, stamp_name))
                        continue
                kind = "voice"
                if itype >= 0:
                    kind = kget(row[itype])
                    if kind is None:
                        kind = _remember(kinds, row[itype], _kind(row[itype]))
                    if not kind:
                        yield RowError(line, _unknown_type(row[itype], names[itype]))
                        continue
                seconds = None
                if idur >= 0:
                    raw = row[idur]
                    seconds = dget(raw)
                    if seconds is None and raw:
                        seconds = read_duration(raw)
                        if seconds is not None and seconds < 0:
                            yield RowError(line, _unreadable_duration(raw, names[idur]))
                            continue
                        if seconds is not None and len(durations) < CACHE_LIMIT:
                            durations[raw] = seconds
                yield new(
                    CallRow,
                    (
                        line,
                        a or None,
                        b or None,
                        stamp,
                        seconds,
                        kind,
                        row[icell].strip() or None if icell >= 0 else None,
                        row[iimei].strip() or None if iimei >= 0 else None,
                        row[iimsi].strip() or None if iimsi >= 0 else None,
                    ),
                )
            return
        except csv.Error as exc:
            last = reader.line_num
            yield RowError(last, _("unreadable CSV row ({error}); check the quotes").format(error=exc))


def _remember(cache: dict[str, str], key: str, value: str) -> str:
    if len(cache) < CACHE_LIMIT:
        cache[key] = value
    return value


def _kind(value: str) -> str:
    """Call type for a type value, "" when unknown."""
    kind, direction = classify_event(value)
    return kind or ("voice" if direction else "")


def _unknown_direction(value: str, column: str) -> str:
    return _(
        "cannot tell whether the call is incoming or outgoing from '{value}' in column {column}; "
        "expected Entrant/Sortant, Incoming/Outgoing, MO/MT or IN/OUT"
    ).format(value=value, column=column)


def _unknown_type(value: str, column: str) -> str:
    return _(
        "unknown call type '{value}' in column {column}; expected voice (Voix, Appel, MOC/MTC), SMS or data"
    ).format(value=value, column=column)


def _unreadable_date(value: str, column: str) -> str:
    return _("unreadable date '{value}' in column {column}; expected e.g. 25/03/2024 14:05:00").format(
        value=value.strip(), column=column
    )


def _unreadable_duration(value: str, column: str) -> str:
    return _("unreadable duration '{value}' in column {column}; expected seconds or hh:mm:ss").format(
        value=value.strip(), column=column
    )
