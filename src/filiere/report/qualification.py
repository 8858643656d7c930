"""The qualification section: for each suspect, each offence element by element with the passages that
show it, the aggravating circumstances and the articles that apply; then the victims' status.

It prints `filiere.qualify.run.qualify_case`'s result (docs/qualify.md) and adds nothing to it: every
verdict keeps its evidence numbers and a short quote of the passage, so a prosecutor can open the piece.
"""

from __future__ import annotations

from typing import Any

from filiere.report.case_sections import state_name
from filiere.report.document import Block, Break, Bullets, Heading, Paragraph, Runs, Table, Text
from filiere.report.gather import ReportData
from filiere.report.labels import TEXT, role_name
from filiere.report.sections import cite, runs, say
from filiere.report.terms import (
    CIRCUMSTANCES,
    DECISIONS,
    ELEMENTS,
    OFFENCES,
    VERDICTS,
    VICTIM_STATUS,
    term,
)

QUOTE_LIMIT = 180  # characters of a passage quoted in a table cell
PASSAGES_SHOWN = 3  # passages quoted per element (all are cited)


def short(text: str, limit: int = QUOTE_LIMIT) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def qualification(data: ReportData, language: str) -> list[Block]:
    t = TEXT[language]
    result = data.qualification or {"suspects": [], "victims": []}
    blocks: list[Block] = [say(t["qualification_intro"])]
    if result.get("facts_date"):
        country = state_name(result.get("country"), language)
        blocks.append(say(t["facts_date"].format(date=result["facts_date"], country=country)))
    if not result["suspects"]:
        blocks.append(say(t["no_suspect"]))
    names = {p["id"]: p["name"] for p in data.analysis["people"]}
    for s in result["suspects"]:
        blocks.append(Heading(f"{s['name']} — {role_name(s['role'], language)}", 2, f"qualify-{s['person']}"))
        if s.get("victims"):
            linked = ", ".join(names.get(v, f"#{v}") for v in s["victims"])
            blocks.append(say(t["victims_of"].format(names=linked), "muted"))
        for offence in s["offences"]:
            blocks += _offence(data, offence, language)
        for offence in s["possible_offences"]:
            blocks += _offence(data, offence, language)
    blocks.append(Heading(t["victims"], 2, "victims"))
    blocks += _victims(data, result["victims"], language)
    return blocks


def _offence(data: ReportData, offence: dict[str, Any], language: str) -> list[Block]:
    t = TEXT[language]
    code = offence["offence"]
    verdict = t["retained"] if offence["qualified"] else t["not_established"]
    blocks: list[Block] = [
        Heading(
            t["offence_heading"].format(code=code, name=term(OFFENCES, code, language), verdict=verdict), 3
        )
    ]
    rows = tuple(
        (
            runs(term(ELEMENTS, item["element"], language)),
            _verdict(item, language),
            _passages(data, item, t),
        )
        for item in offence["elements"]
    )
    blocks.append(Table((t["element"], t["verdict"], t["passages"]), rows, (26, 16, 58)))
    if offence.get("aggravating"):
        blocks.append(Paragraph((Text(t["aggravating"], bold=True),)))
        blocks.append(
            Bullets(
                tuple(
                    _with_cites(data, term(CIRCUMSTANCES, a["circumstance"], language), a.get("evidence"))
                    for a in offence["aggravating"]
                )
            )
        )
    if offence.get("missing") and not offence["qualified"]:
        blocks.append(Paragraph((Text(t["to_prove"], bold=True),)))
        blocks.append(Bullets(tuple(runs(str(m)) for m in offence["missing"])))
    if offence.get("law"):
        blocks.append(Paragraph((Text(t["law"], bold=True),)))
        blocks.append(Bullets(tuple(runs(line) for line in law_lines(offence["law"], language))))
    return blocks


def _verdict(item: dict[str, Any], language: str) -> Runs:
    out: list[Text | Break] = [
        Text(term(VERDICTS, item["status"], language), bold=item["status"] == "supported")
    ]
    decided = item.get("decision")
    if decided:
        out += [Break(), Text(term(DECISIONS, decided.get("decision", ""), language), italic=True)]
        if decided.get("note"):
            out += [Break(), Text(short(decided["note"]), italic=True)]
    return tuple(out)


def _passages(data: ReportData, item: dict[str, Any], t: dict[str, str]) -> Runs:
    out: list = []
    for passage in item.get("evidence", [])[:PASSAGES_SHOWN]:
        if out:
            out.append(Break())
        out += [
            cite(data, [passage["evidence"]]),
            Text(f" {t['quote_open']}{short(passage['quote'])}{t['quote_close']}"),
        ]
    more = item.get("evidence", [])[PASSAGES_SHOWN:]
    if more:
        out += [Break(), Text("+ "), cite(data, [p["evidence"] for p in more])]
    against = item.get("contradicting") or []
    if against:
        if out:
            out.append(Break())
        out += [Text(f"{t['against']} ", italic=True), cite(data, [p["evidence"] for p in against])]
        first = against[0]
        out.append(Text(f" {t['quote_open']}{short(first['quote'])}{t['quote_close']}", italic=True))
    if item.get("note"):
        if out:
            out.append(Break())
        out.append(Text(str(item["note"]), muted=True))
    return tuple(out)


def _with_cites(data: ReportData, label: str, passages: list[dict] | None) -> Runs:
    ids = [p["evidence"] for p in passages or [] if p.get("evidence") is not None]
    return runs(label, " ", cite(data, ids)) if ids else runs(label)


def law_lines(law: list[dict[str, Any]], language: str) -> list[str]:
    """One line per instrument: its number and title, then the articles that apply."""
    t = TEXT[language]
    grouped: dict[str, tuple[dict, list[str]]] = {}
    for item in law:
        first, articles = grouped.setdefault(item["instrument"], (item, []))
        if item.get("article"):
            heading = _localised(item.get("heading"), language)
            articles.append(
                t["article"].format(article=item["article"]) + (f" ({heading})" if heading else "")
            )
    out = []
    for first, articles in grouped.values():
        title = _localised(first.get("title"), language)
        name = " — ".join(x for x in (first.get("number"), title) if x) or first["instrument"]
        cited = "; ".join(articles) if articles else t["article_unknown"]
        check = f" {t['unverified']}" if first.get("verified") is False else ""
        out.append(f"{name}{t['colon']}{cited}{check}")
    return out


def _localised(value: Any, language: str) -> str:
    if isinstance(value, dict):
        return str(
            value.get(language) or value.get("en") or value.get("fr") or next(iter(value.values()), "")
        )
    return str(value or "")


def _victims(data: ReportData, victims: list[dict[str, Any]], language: str) -> list[Block]:
    t = TEXT[language]
    if not victims:
        return [say(t["no_victim"])]
    rows = []
    for v in victims:
        minor = {True: t["yes"], False: t["no"]}.get(v.get("minor"), "?")
        ids = [p["evidence"] for e in v.get("elements", []) for p in e.get("evidence", [])]
        rows.append(
            (
                (Text(v["name"], bold=True),),
                runs("" if v.get("age") is None else str(v["age"])),
                runs(minor),
                runs(term(VICTIM_STATUS, v["status"], language)),
                (cite(data, ids),),
            )
        )
    headers = (t["name"], t["age"], t["minor"], t["status"], t["evidence"])
    return [Table(headers, tuple(rows), (30, 8, 10, 32, 20), numeric=frozenset({1}))]
