"""The report's network sections as document blocks: key players, roles, cells, numbers, route, timeline.

Each function takes the gathered data and the report language and returns blocks (report/document.py);
every fact cites the numbers of its evidence, listed in the evidence index at the end of the report.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from filiere.report.document import (
    Block,
    Break,
    Cite,
    Heading,
    Image,
    Paragraph,
    Quote,
    Ref,
    Runs,
    Table,
    Text,
)
from filiere.report.gather import ReportData
from filiere.report.labels import TEXT, role_name


def cite(data: ReportData, ids: Iterable[int | None]) -> Cite:
    """Evidence numbers, sorted, each with its file name."""
    refs = []
    for i in sorted({i for i in ids if i is not None}):
        _kind, name = data.evidence.get(i, ("", ""))
        refs.append(Ref(i, name))
    return Cite(tuple(refs))


def runs(*parts: str | Text | Cite | Break) -> Runs:
    return tuple(Text(p) if isinstance(p, str) else p for p in parts)


def lines(values: Iterable[str], **style: Any) -> Runs:
    """Values one under the other in a table cell."""
    out: list[Text | Break] = []
    for value in values:
        if out:
            out.append(Break())
        out.append(Text(value, **style))
    return tuple(out)


def say(text: str, style: str = "body") -> Paragraph:
    return Paragraph((Text(text),), style)


def linked_people(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    """People with at least one link, best key player first (the analysis's order)."""
    return [p for p in analysis["people"] if p["rank"] is not None and p["scores"]["degree"] > 0]


def _role_ids(person: dict[str, Any]) -> list[int]:
    return [
        item["evidence"]
        for item in person.get("role_evidence") or []
        if item.get("evidence") is not None and not str(item.get("cue") or "").startswith("structure:")
    ]


def key_players(data: ReportData, language: str) -> list[Block]:
    t = TEXT[language]
    rows = []
    for p in linked_people(data.analysis):
        score = data.scores.get(f"p{p['id']}", 0.0)
        rows.append(
            (
                runs(str(p["rank"])),
                (Text(p["name"], bold=True),),
                runs(", ".join(p["aliases"])),
                lines(p["phones"], nowrap=True),
                runs(role_name(p["role"], language)),
                (cite(data, _role_ids(p)),),
                runs(f"{score:.2f}"),
                lines(p.get("rank_reasons") or []),
            )
        )
    headers = tuple(
        t[k] for k in ("rank", "name", "aliases", "numbers", "role", "role_evidence", "score", "reasons")
    )
    return [
        say(t["key_players_intro"]),
        Table(headers, tuple(rows), (6, 14, 12, 16, 11, 11, 7, 23), numeric=frozenset({0, 6})),
    ]


def roles(data: ReportData, language: str) -> list[Block]:
    t = TEXT[language]
    blocks: list[Block] = [say(t["roles_intro"])]
    for p in data.analysis["people"]:
        if p["role"] == "unknown" or not p["role_evidence"]:
            continue
        blocks.append(Heading(f"{p['name']} — {role_name(p['role'], language)}", 2, f"role-{p['id']}"))
        blocks += [_role_line(data, item, t) for item in p["role_evidence"]]
    blocks.append(say(t["no_role"], "muted"))
    return blocks


def _role_line(data: ReportData, item: dict[str, Any], t: dict[str, str]) -> Block:
    """A quoted sentence with its evidence and cue; a structural hint ("made 176 calls") as plain text."""
    text = " ".join(str(item["text"]).split())
    if item.get("evidence") is None or str(item.get("cue") or "").startswith("structure:"):
        return say(text, "hint")
    parts: list[str | Text | Cite] = [
        f"{t['quote_open']}{text}{t['quote_close']} ",
        cite(data, [item["evidence"]]),
    ]
    if item.get("cue"):
        parts.append(Text(f" ({t['cue'].format(cue=item['cue'])})", muted=True))
    return Quote(runs(*parts))


def cells(data: ReportData, language: str) -> list[Block]:
    t = TEXT[language]
    names = {p["id"]: p for p in data.analysis["people"]}
    rows = []
    for community in data.analysis["communities"]:
        members = sorted(
            (names[i] for i in community["members"] if i in names), key=lambda p: (p["rank"] or 0, p["id"])
        )
        member_runs: list[Text] = []
        for n, p in enumerate(members):
            member_runs.append(Text((", " if n else "") + p["name"]))
            member_runs.append(Text(f" ({role_name(p['role'], language)})", muted=True))
        rows.append((runs(t["cell"].format(n=community["id"] + 1)), tuple(member_runs)))
    blocks: list[Block] = [Table((t["communities"], t["name"]), tuple(rows), (18, 82))]
    alone = [p["name"] for p in data.analysis["people"] if p["scores"]["degree"] == 0]
    if alone:
        blocks.append(say(t["unlinked"].format(names=", ".join(alone))))
    return blocks


def phones(data: ReportData, language: str) -> list[Block]:
    t = TEXT[language]
    names = {p["id"]: p["name"] for p in data.analysis["people"]}

    def who(ids: list[int]) -> Runs:
        known = ", ".join(names.get(i, f"#{i}") for i in ids)
        return runs(known) if known else (Text(t["nobody"], muted=True),)

    rows = tuple(
        (
            (Text(p["number"], nowrap=True, mono=True),),
            who(p["users"]),
            who([p["subscriber"]]) if p["subscriber"] is not None else (),
        )
        for p in data.analysis["phones"]
    )
    return [Table((t["number"], t["users"], t["subscriber"]), rows, (28, 44, 28))]


def route(data: ReportData, language: str, map_png: bytes | None = None) -> list[Block]:
    t = TEXT[language]
    if not data.analysis["route"]:
        return [say(t["no_route"])]
    rows = tuple(
        (runs(str(n)), runs(place), (cite(data, data.route_evidence.get(place, [])),))
        for n, place in enumerate(data.analysis["route"], start=1)
    )
    blocks: list[Block] = [
        say(t["route_intro"]),
        Paragraph((Text(" → ".join(data.analysis["route"]), bold=True),)),
    ]
    if map_png:
        blocks.append(Image(map_png, t["route_map"]))
    blocks.append(Table(("#", t["place"], t["evidence"]), rows, (8, 52, 40), numeric=frozenset({0})))
    return blocks


def timeline(data: ReportData, language: str) -> list[Block]:
    t = TEXT[language]
    if not data.analysis["timeline"]:
        return [say(t["no_timeline"])]
    rows = tuple(
        (
            (Text((item["time"] or t["undated"]).replace("T", " "), nowrap=True),),
            runs(t.get(f"kind_{item['kind']}", item["kind"])),
            runs(item["summary"]),
            (cite(data, [item["evidence"]]),),
        )
        for item in data.analysis["timeline"]
    )
    return [Table((t["when"], t["kind"], t["what"], t["evidence"]), rows, (20, 12, 56, 12))]
