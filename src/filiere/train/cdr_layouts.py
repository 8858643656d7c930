"""The operator layouts of generated CDR files (data in data/train/cdr_layouts.yaml) and the fast row
formatter: every cell value is looked up in a small table of strings (numbers, days, minutes, durations)
and a chunk of rows is assembled by adding numpy object arrays, so ten million rows format in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

import numpy as np

from filiere.data import DATA_DIR, load_yaml

MAX_DURATION = 3600
STAMP_FORMATS = {
    # stamp style: (day as one column, day joined to the clock, hour-minute, second)
    "dmy": ("%d/%m/%Y", "%d/%m/%Y ", "{h:02d}:{m:02d}", ":{s:02d}"),
    "iso_t": ("%Y-%m-%d", "%Y-%m-%dT", "{h:02d}:{m:02d}", ":{s:02d}"),
    "ymd": ("%Y-%m-%d", "%Y-%m-%d ", "{h:02d}:{m:02d}", ":{s:02d}"),
    "compact": ("%Y%m%d", "%Y%m%d", "{h:02d}{m:02d}", "{s:02d}"),
}
TYPE_KEYS = ("voice_out", "voice_in", "sms_out", "sms_in")  # index = 2 * sms + incoming


@dataclass(frozen=True)
class Layout:
    name: str
    header: tuple[str, ...]
    delimiter: str
    encoding: str
    newline: str
    language: str
    fields: tuple[str, ...]
    stamp: str
    numbers: str
    duration: str
    types: dict[str, str]
    directions: dict[str, str]
    cell: str

    @property
    def header_line(self) -> str:
        return self.delimiter.join(self.header) + self.newline


@cache
def layout_data() -> dict[str, Any]:
    return load_yaml((DATA_DIR / "train" / "cdr_layouts.yaml").read_text(encoding="utf-8"))


@cache
def layouts() -> dict[str, Layout]:
    out = {}
    for name, spec in layout_data()["layouts"].items():
        out[name] = Layout(
            name=name,
            header=tuple(spec["header"]),
            delimiter=spec["delimiter"],
            encoding=spec["encoding"],
            newline=spec["newline"],
            language=spec["language"],
            fields=tuple(spec["fields"]),
            stamp=spec["stamp"],
            numbers=spec["numbers"],
            duration=spec["duration"],
            types=dict(spec["types"]),
            directions=dict(spec.get("directions", {})),
            cell=spec["cell"],
        )
    return out


def layout_for(operator: str) -> Layout:
    return layouts()[layout_data()["operators"][operator]]


def written_number(country: str, cc: str, nsn: str, style: str, home: str, case_country: str) -> str:
    """A number as this layout's operator (in `home`) writes it; see the `numbers` key in the YAML."""
    if style == "code":
        return cc + nsn
    if country == home:
        if style == "national" and home == case_country:
            return ("0" + nsn) if country in layout_data()["trunk_zero"] else nsn
        return cc + nsn
    return "00" + cc + nsn


class RowFormat:
    """Turns a chunk of rows (numpy index arrays) into the text of one operator's file."""

    def __init__(
        self,
        layout: Layout,
        numbers: list[str],
        first_day: date,
        days: int,
        cells: list[str],
        imeis: list[str],
        imsis: list[str],
    ):
        sep, end = layout.delimiter, layout.newline
        day_col, day_stamp, hm, sec = STAMP_FORMATS[layout.stamp]
        day_list = [first_day + timedelta(days=d) for d in range(days)]
        clock = [hm.format(h=h, m=m) for h in range(24) for m in range(60)]
        seconds = [sec.format(s=s) for s in range(60)]
        if layout.duration == "clock":
            durations = [
                f"{d // 3600:02d}:{d % 3600 // 60:02d}:{d % 60:02d}" for d in range(MAX_DURATION + 1)
            ]
        else:
            durations = [str(d) for d in range(MAX_DURATION + 1)]
        values = {
            "a": (numbers, "a"),
            "b": (numbers, "b"),
            "target": (numbers, "subject"),
            "other": (numbers, "contact"),
            "direction": ([layout.directions.get("out", ""), layout.directions.get("in", "")], "incoming"),
            "type": ([layout.types[k] for k in TYPE_KEYS], "kind"),
            "duration": (durations, "duration"),
            "cell": (cells, "cell"),
            "imei": (imeis, "handset"),
            "imsi": (imsis, "handset"),
        }
        parts: list[tuple[list[str], str]] = []
        for i, field in enumerate(layout.fields):
            lead = sep if i else ""
            if field == "stamp":
                field_parts = [([d.strftime(day_stamp) for d in day_list], "day"), (clock, "minute")]
                field_parts.append((seconds, "second"))
            elif field == "date":
                field_parts = [([d.strftime(day_col) for d in day_list], "day")]
            elif field == "time":
                field_parts = [(clock, "minute"), (seconds, "second")]
            else:
                field_parts = [values[field]]
            table, key = field_parts[0]
            field_parts[0] = ([lead + v for v in table], key)
            parts.extend(field_parts)
        table, key = parts[-1]
        parts[-1] = ([v + end for v in table], key)
        self.parts = [(np.array(table, dtype=object), key) for table, key in parts]

    def text(self, rows: dict[str, np.ndarray]) -> str:
        """`rows`: subject, contact (number indexes), incoming, sms (bool), stamp (seconds from the first
        day), duration, cell, handset."""
        stamp = rows["stamp"]
        incoming = rows["incoming"]
        index = {
            "subject": rows["subject"],
            "contact": rows["contact"],
            "a": np.where(incoming, rows["contact"], rows["subject"]),
            "b": np.where(incoming, rows["subject"], rows["contact"]),
            "incoming": incoming.astype(np.intp),
            "kind": rows["sms"].astype(np.intp) * 2 + incoming,
            "duration": rows["duration"],
            "cell": rows["cell"],
            "handset": rows["handset"],
            "day": stamp // 86400,
            "minute": stamp % 86400 // 60,
            "second": stamp % 60,
        }
        table, key = self.parts[0]
        out = table[index[key]]
        for table, key in self.parts[1:]:
            out = out + table[index[key]]
        return "".join(out.tolist())
