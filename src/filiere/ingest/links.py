"""An analyst's own link list (`source,target[,weight,date,type]`), e.g. an adjacency export from another
charting tool, read as associations so that existing charts can be analysed with the case's evidence."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from filiere.errors import EvidenceError
from filiere.i18n import _
from filiere.ingest.csvsniff import CsvLayout, match_columns, open_records, sniff_csv
from filiere.ingest.datetimes import iso_local, parse_datetime
from filiere.ingest.records import RowError

LINK_VOCABULARY = {
    "source": ("source", "from", "de", "origine", "source id", "node 1", "entity 1", "a", "noeud 1"),
    "target": (
        "target",
        "to",
        "à",
        "a cible",
        "cible",
        "destination",
        "target id",
        "node 2",
        "entity 2",
        "b",
        "noeud 2",
    ),
    "weight": ("weight", "poids", "count", "nombre", "strength", "force"),
    "date": ("date", "when", "quand", "date du lien"),
    "type": ("type", "kind", "nature", "relation", "link type", "type de lien"),
}


class LinkRow(NamedTuple):
    line: int
    source: str
    target: str
    weight: float
    date: str | None  # "YYYY-MM-DD HH:MM:SS" when readable
    type: str | None


@dataclass(frozen=True)
class LinksLayout:
    csv: CsvLayout
    columns: dict[str, int]

    @property
    def encoding(self) -> str:
        return self.csv.encoding

    def describe(self) -> dict[str, Any]:
        return {**self.csv.describe(), "fields": dict(sorted(self.columns.items()))}


def links_layout(path: str | Path) -> LinksLayout:
    layout = sniff_csv(path, LINK_VOCABULARY)
    columns = match_columns(layout.names, LINK_VOCABULARY)
    if not {"source", "target"} <= columns.keys():
        raise EvidenceError(
            layout.path,
            _("no source/target columns: found columns {columns}; name them source and target").format(
                columns=", ".join(layout.names) or "-"
            ),
            layout.header_line,
        )
    return LinksLayout(layout, columns)


def iter_links(layout: LinksLayout) -> Iterator[LinkRow | RowError]:
    cols = layout.columns
    with open_records(layout.csv) as reader:
        last = reader.line_num
        try:
            for row in reader:
                line, last = last + 1, reader.line_num
                if not any(c.strip() for c in row):
                    continue
                cell = {f: (row[i].strip() if i < len(row) else "") for f, i in cols.items()}
                if not cell["source"] or not cell["target"]:
                    yield RowError(line, _("a link needs both a source and a target"))
                    continue
                yield _link(line, cell)
        except csv.Error as exc:
            yield RowError(last + 1, _("unreadable CSV row ({error}); check the quotes").format(error=exc))


def _link(line: int, cell: dict[str, str]) -> LinkRow | RowError:
    weight = 1.0
    if cell.get("weight"):
        try:
            weight = float(cell["weight"].replace(",", "."))
        except ValueError:
            return RowError(
                line, _("unreadable weight {value!r}; expected a number").format(value=cell["weight"])
            )
    when = None
    if cell.get("date"):
        parsed = parse_datetime(cell["date"])
        if parsed is None:
            return RowError(
                line,
                _(
                    "unreadable date {value!r} (expected a form like 13/04/2025); the text is kept as written"
                ).format(value=cell["date"]),
            )
        when = iso_local(*parsed)
    return LinkRow(line, cell["source"], cell["target"], weight, when, cell.get("type") or None)
