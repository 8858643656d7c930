"""The report's case sections as document blocks: the summary figures, the requests for mutual legal
assistance with their status, and the evidence index with the SHA-256 of every original.

The index is what makes the report checkable: every "#12" of the report is a row here, and the
fingerprint lets anyone confirm that the file they hold is the one the report was written from.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from babel import Locale

from filiere.report.document import Block, Break, Table, Text
from filiere.report.gather import ReportData
from filiere.report.labels import TEXT
from filiere.report.sections import cite, lines, runs, say
from filiere.report.terms import MLA_STATUS, OFFENCES, term


def state_name(code: str | None, language: str) -> str:
    """ "Mali (ML)": the country's name in the report's language, with its code."""
    if not code:
        return "—"
    name = Locale.parse(language).territories.get(code.upper())
    return f"{name} ({code.upper()})" if name else code.upper()


def period(data: ReportData) -> tuple[str, str] | None:
    """First and last day the evidence speaks of: call records and dated facts of the timeline."""
    days = [str(item["time"])[:10] for item in data.analysis["timeline"] if item.get("time")]
    if data.call_days:
        days += [d.isoformat() for d in data.call_days]
    days = [d for d in days if len(d) == 10]
    return (min(days), max(days)) if days else None


def summary(data: ReportData, language: str, people: int, links: int, numbers: int) -> list[Block]:
    t = TEXT[language]
    result = data.qualification or {"suspects": [], "victims": []}
    retained = Counter(o["offence"] for s in result["suspects"] for o in s["offences"])
    statuses = Counter(r.status for r in data.requests)
    span = period(data)
    figures: list[tuple[str, Any]] = [
        (t["fig_people"], runs(str(people))),
        (t["fig_links"], runs(str(links))),
        (t["fig_numbers"], runs(str(numbers))),
        (t["fig_evidence"], runs(str(len(data.evidence)))),
        (t["fig_calls"], runs(f"{data.calls.get('voice', 0)} / {data.calls.get('sms', 0)}")),
        (t["fig_period"], runs(t["period"].format(start=span[0], end=span[1]) if span else t["none"])),
        (t["fig_suspects"], runs(str(len(result["suspects"])))),
        (
            t["fig_offences"],
            lines(f"{term(OFFENCES, code, language)} ({code}): {n}" for code, n in sorted(retained.items()))
            or runs(t["none"]),
        ),
        (t["fig_victims"], runs(str(len(result["victims"])))),
        (
            t["fig_mla"],
            lines(f"{term(MLA_STATUS, s, language)}: {n}" for s, n in sorted(statuses.items()))
            or runs(t["none"]),
        ),
    ]
    rows = tuple((runs(label), value) for label, value in figures)
    return [Table((t["figure"], t["value"]), rows, (45, 55))]


def requests(data: ReportData, language: str) -> list[Block]:
    t = TEXT[language]
    if not data.requests:
        return [say(t["no_mla"])]
    rows = []
    for r in data.requests:
        sent = r.day_of("sent")
        rows.append(
            (
                runs(str(r.number)),
                (Text(r.reference, mono=True),),
                runs(state_name(r.requested_state, language)),
                runs(term(MLA_STATUS, r.status, language)),
                (Text(sent.isoformat() if sent else "—", nowrap=True),),
                (Text(r.due_on.isoformat() if r.due_on else "—", nowrap=True),),
                (cite(data, [x.evidence_id for x in r.received]),) if r.received else runs("—"),
            )
        )
    headers = (
        t["mla_number"],
        t["reference"],
        t["requested_state"],
        t["status"],
        t["sent_on"],
        t["follow_up"],
        t["received"],
    )
    return [
        say(t["mla_intro"]),
        Table(headers, tuple(rows), (7, 20, 17, 14, 13, 13, 16), numeric=frozenset({0})),
    ]


def evidence_index(data: ReportData, language: str) -> list[Block]:
    t = TEXT[language]
    separator = "\u202f" if language == "fr" else ","
    rows = []
    for i, (kind, name) in data.evidence.items():
        f = data.originals.get(i)
        ingested = (
            (Text(f.ingested_at.strftime("%Y-%m-%d %H:%M"), nowrap=True), Break(), Text(f.ingested_by))
            if f
            else ()
        )
        rows.append(
            (
                (Text(f"#{i}", anchor=f"ev-{i}"),),
                runs(kind),
                runs(name),
                runs(f"{f.size:,}".replace(",", separator)) if f else (),
                ingested,
                (Text(f.sha256, mono=True),) if f else (),
            )
        )
    headers = ("#", t["kind"], t["file"], t["size"], t["ingested"], t["sha256"])
    return [
        say(t["evidence_intro"]),
        Table(headers, tuple(rows), (6, 11, 26, 10, 17, 30), numeric=frozenset({3}), mono=frozenset({5})),
    ]
