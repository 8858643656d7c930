"""Score a filled answer sheet against the key of a generated case, with feedback citing the evidence.

The same scorer marks trainees (`filiere train score`) and Filière itself (`filiere train selfcheck`).
Parts, each 0..1, and their weight in the overall score (WEIGHTS):
- members: F1 of the lines matched to key members (a victim listed as a member lowers the precision,
  a missed member the recall);
- roles: share of the key's members found with the right role;
- key_player: right or wrong;
- route: order-aware similarity of the places (longest common subsequence, gazetteer spellings joined);
- offences: F1 over the (suspect, offence) pairs, a found pair counting 0.75 plus 0.25 for its
  aggravating circumstances (those missed, and those wrongly added for the suspect, take it away).
Every item of feedback names the files the trainee should read to see why.
"""

from __future__ import annotations

from typing import Any

from rapidfuzz.distance import Indel

from filiere.extract.gazetteer import lookup
from filiere.train.answers import AGGRAVATING, case_label, label, normalise_sheet, sheet_text
from filiere.train.match import KeyPerson, Link, assign, best_person, clean, reference

WEIGHTS = {"members": 0.3, "roles": 0.2, "key_player": 0.1, "route": 0.1, "offences": 0.3}
LANGS = ("fr", "en")
FOUND_CREDIT = 0.75  # share of a (suspect, offence) pair earned by naming the offence; the rest: aggravating
PLACE_SPELLING = 0.85  # similarity from which a place name not in the gazetteer is a key route place


def score_answers(answers: dict[str, Any], key: dict[str, Any]) -> dict[str, Any]:
    """{"score", "members", "roles", "key_player", "route", "offences", "items", "warnings"}."""
    return _Scorer(normalise_sheet(answers), key).run()


def _say(message: str, **values: Any) -> dict[str, str]:
    """A feedback message in both languages; a value may be {"fr": ..., "en": ...}."""
    out = {}
    for lang in LANGS:
        filled = {k: v[lang] if isinstance(v, dict) else v for k, v in values.items()}
        out[lang] = sheet_text()[lang]["feedback"][message].format(**filled)
    return out


def _labels(group: str, codes: list[str]) -> dict[str, str]:
    return {lang: ", ".join(label(lang, group, c) for c in codes) for lang in LANGS}


def _quoted(names: list[str]) -> dict[str, str]:
    return {"fr": ", ".join(f"« {n} »" for n in names), "en": ", ".join(f'"{n}"' for n in names)}


def _unique(files: list[str]) -> list[str]:
    return list(dict.fromkeys(files))


def _f1(hits: float, given: int, expected: int) -> float:
    if not given or not expected:
        return 0.0
    precision, recall = hits / given, hits / expected
    return 0.0 if not hits else 2 * precision * recall / (precision + recall)


class _Scorer:
    def __init__(self, sheet: dict[str, Any], key: dict[str, Any]):
        self.sheet = sheet
        self.key = key
        self.region = key.get("case_country")
        self.items: list[dict[str, Any]] = []
        self.members = [KeyPerson.of(m, self.region) for m in key.get("members", [])]
        self.by_id = {p.id: p for p in self.members}
        self.others = [
            KeyPerson.of(p | {"kind": kind}, self.region)
            for kind in ("victims", "migrants", "relatives")
            for p in key.get(kind, [])
        ]
        self.facts = key.get("facts", [])
        self.assigned: dict[int, tuple[KeyPerson, Link]] = {}

    def item(
        self, kind: str, pid: Any, ok: bool, expected: Any, given: Any, message: dict, files: list
    ) -> None:
        self.items.append(
            {
                "item": kind,
                "id": pid,
                "ok": ok,
                "expected": expected,
                "given": given,
                "message_fr": message["fr"],
                "message_en": message["en"],
                "evidence": _unique(files),
            }
        )

    def run(self) -> dict[str, Any]:
        parts = {
            "members": self.score_members(),
            "roles": self.score_roles(),
            "key_player": self.score_key_player(),
            "route": self.score_route(),
            "offences": self.score_offences(),
        }
        total = sum(WEIGHTS[p] * float(v) for p, v in parts.items())
        rounded = {p: v if isinstance(v, bool) else round(v, 3) for p, v in parts.items()}
        return {"score": round(total, 3), **rounded, "items": self.items, "warnings": self.warnings()}

    def acted_files(self, pid: str, kinds: tuple[str, ...] = ()) -> list[str]:
        return [
            f
            for fact in self.facts
            if pid in fact.get("actors", []) and (not kinds or fact["kind"] in kinds)
            for f in fact.get("files", [])
        ]

    def member_files(self, person: KeyPerson) -> list[str]:
        return _unique([*self.acted_files(person.id), *person.record.get("evidence", [])])

    # members -----------------------------------------------------------------------------------------
    def score_members(self) -> float:
        answers = self.sheet["members"]
        self.assigned = assign(answers, self.members, self.others, self.region)
        by_person = {person.id: (index, found) for index, (person, found) in self.assigned.items()}
        for person in self.members:
            rec = person.record
            expected = {
                "name": rec["name"],
                "aliases": rec.get("aliases", []),
                "phones": rec.get("phones", []),
            }
            if person.id in by_person:
                index, found = by_person[person.id]
                message = self.found_message(rec["name"], found)
                self.item("member", person.id, True, expected, _shown(answers[index]), message, [])
                continue
            nicknames = [a for a in rec.get("aliases", []) if clean(a) != person.given]
            aka = _say("aka", aliases=_quoted(nicknames)) if nicknames else ""
            message = _say(
                "member_missed", name=rec["name"], aliases=aka, role=_labels("roles", [rec["role"]])
            )
            self.item("member", person.id, False, expected, None, message, self.member_files(person))
        for index, answer in enumerate(answers):
            if index not in self.assigned:
                self.false_member(answer)
        return _f1(len(self.assigned), len(answers), len(self.members))

    def found_message(self, name: str, found: Link) -> dict[str, str]:
        if found.how == "phone":
            return _say("member_found_phone", name=name, phone=found.via)
        if found.how == "alias":
            return _say("member_found_alias", name=name, alias=found.via)
        return _say("member_found", name=name)

    def false_member(self, answer: dict[str, Any]) -> None:
        """Feedback on a line that matches no member left: a traveller, a relative, a duplicate, or nobody."""
        shown = _shown(answer)
        other_ids = {p.id for p in self.others}
        by_name = best_person(answer, self.members + self.others, self.region, phones=False)
        twin = best_person(answer, self.members, self.region)
        holder = {p.id: i for i, (p, _link) in self.assigned.items()}
        if twin is not None and twin[0].id in holder and not (by_name and by_name[0].id in other_ids):
            other = _shown(self.sheet["members"][holder[twin[0].id]])
            message = _say("duplicate", given=shown, name=twin[0].record["name"], other=other)
            self.item("member", None, False, None, shown, message, [])
            return
        match = best_person(answer, self.others, self.region)
        if match is None:
            self.item("member", None, False, None, shown, _say("false_member", given=shown), [])
            return
        person = match[0]
        kind = person.record["kind"]
        if kind == "relatives":
            of = self.by_id.get(person.record.get("relative_of", ""))
            of_name = of.record["name"] if of else person.record.get("relative_of", "?")
            message = _say("false_member_relative", given=shown, of=of_name)
            files = self.member_files(of) if of else []
        else:
            name = "false_member_victim" if kind == "victims" else "false_member_migrant"
            message = _say(name, given=shown, id=person.id)
            files = person.record.get("evidence", [])
        self.item("member", person.id, False, None, shown, message, files)

    # roles -------------------------------------------------------------------------------------------
    def score_roles(self) -> float:
        right = 0
        for index, (person, _link) in sorted(self.assigned.items(), key=lambda a: a[1][0].id):
            expected = person.record["role"]
            given = self.sheet["members"][index].get("role", "")
            name = person.record["name"]
            ok = given == expected
            right += ok
            if ok:
                message = _say("role_ok", name=name, expected=_labels("roles", [expected]))
            elif not given:
                message = _say("role_missing", name=name, expected=_labels("roles", [expected]))
            else:
                message = _say(
                    "role_wrong",
                    name=name,
                    expected=_labels("roles", [expected]),
                    given=_labels("roles", [given]),
                )
            files = [] if ok else self.member_files(person)
            self.item("role", person.id, ok, expected, given or None, message, files)
        return right / len(self.members) if self.members else 0.0

    # key player --------------------------------------------------------------------------------------
    def resolve(self, text: str) -> KeyPerson | None:
        """The key member a name, nickname or number written in the sheet means."""
        if not text:
            return None
        folded = clean(text)
        digits = "".join(c for c in text if c.isdigit())
        for index, (person, _link) in sorted(self.assigned.items()):
            line = self.sheet["members"][index]
            names = {clean(n) for n in [line.get("name", ""), *line.get("aliases", [])] if n}
            numbers = {"".join(c for c in p if c.isdigit()) for p in line.get("phones", [])}
            if folded in names or (len(digits) >= 6 and digits in numbers):
                return person
        found = best_person(reference(text), self.members, self.region)
        return found[0] if found else None

    def score_key_player(self) -> bool:
        target = self.by_id.get(self.key.get("key_player", ""))
        if target is None:
            return False
        given = self.sheet["key_player"]
        chosen = self.resolve(given)
        ok = chosen is not None and chosen.id == target.id
        name = target.record["name"]
        if ok:
            message = _say("key_ok", name=name)
        elif not given:
            message = _say("key_missing", name=name)
        else:
            message = _say("key_wrong", name=name, given=given)
        files = [] if ok else _unique([*self.acted_files(target.id, ("order",)), *self.member_files(target)])
        self.item("key_player", target.id, ok, name, given or None, message, files)
        return ok

    # route -------------------------------------------------------------------------------------------
    def score_route(self) -> float:
        names = self.key.get("route", [])
        ids = self.key.get("route_ids") or [_place_id(n, {}) for n in names]
        known = dict(zip(ids, names, strict=False))
        given_ids: list[str] = []
        for place_name in self.sheet["route"]:
            pid = _place_id(place_name, known)
            if not given_ids or given_ids[-1] != pid:
                given_ids.append(pid)
        similarity = Indel.normalized_similarity(given_ids, ids) if given_ids and ids else 0.0
        shown = " → ".join(names)
        ok = similarity == 1.0
        missing = [known[i] for i in ids if i not in given_ids]
        extra = [p for p in self.sheet["route"] if _place_id(p, known) not in known]
        if ok:
            message = _say("route_ok", expected=shown)
        else:
            message = _say("route_partial", expected=shown, percent=round(similarity * 100))
            parts = [message]
            if missing:
                parts.append(_say("route_missing", places=", ".join(missing)))
            if extra:
                parts.append(_say("route_extra", places=", ".join(extra)))
            if not missing and not extra:
                parts.append(_say("route_order"))
            message = {lang: " ".join(p[lang] for p in parts) for lang in LANGS}
        files = [] if ok else self.route_files(missing)
        self.item("route", "route", ok, names, self.sheet["route"], message, files)
        return similarity

    def route_files(self, missing: list[str]) -> list[str]:
        wanted = {_place_id(m, {}) for m in missing}
        facts = [f for f in self.facts if _place_id(f.get("place", ""), {}) in wanted] if wanted else []
        if not facts:
            facts = [f for f in self.facts if f.get("kind") in ("departure", "checkpoint", "arrival")]
        return [name for fact in facts for name in fact.get("files", [])]

    # offences ----------------------------------------------------------------------------------------
    def score_offences(self) -> float:
        expected: dict[str, list[dict[str, Any]]] = {}
        for entry in self.key.get("offences", []):
            expected.setdefault(entry["suspect"], []).extend(entry.get("offences", []))
        given: dict[str, dict[str, list[str]]] = {}
        given_pairs = 0
        for line in self.sheet["offences"]:
            person = self.resolve(line["suspect"])
            if person is None:
                given_pairs += len(line["offences"])
                shown = {"suspect": line["suspect"], "offences": line["offences"]}
                self.item(
                    "offence", None, False, None, shown, _say("suspect_unknown", given=line["suspect"]), []
                )
                continue
            merged = given.setdefault(person.id, {"offences": [], "aggravating": []})
            for field in merged:
                merged[field] = _unique(merged[field] + line[field])
        credits = 0.0
        for person in self.members:
            mine = given.get(person.id)
            given_pairs += len(mine["offences"]) if mine else 0
            credits += self.suspect_offences(person, expected.get(person.id, []), mine)
        return _f1(credits, given_pairs, sum(len(v) for v in expected.values()))

    def suspect_offences(self, person: KeyPerson, expected: list[dict], mine: dict | None) -> float:
        """Items for one suspect's offences; returns the credit earned."""
        name = person.record["name"]
        shown = dict(mine) if mine else None
        agg_given = set(mine["aggravating"]) if mine else set()
        union = {a for off in expected for a in off.get("aggravating", [])}
        precision = len(agg_given & union) / len(agg_given) if agg_given else 1.0
        credit = 0.0
        for off in expected:
            code, agg = off["offence"], off.get("aggravating", [])
            found = bool(mine) and code in mine["offences"]
            missing = [a for a in agg if a not in agg_given]
            offence = _offence(code)
            if not found:
                message = _say("offence_missed", offence=offence, name=name)
            elif missing:
                message = _say(
                    "offence_aggravating_missed",
                    offence=offence,
                    name=name,
                    missing=_labels("aggravating", missing),
                )
            else:
                message = _say("offence_ok", offence=offence, name=name)
            if found:
                credit += (
                    FOUND_CREDIT
                    + (1 - FOUND_CREDIT) * (1 - len(missing) / len(agg) if agg else 1) * precision
                )
            ok = found and not missing
            files = [] if ok else off.get("evidence", [])
            self.item("offence", person.id, ok, {"offence": code, "aggravating": agg}, shown, message, files)
        own_files = [f for off in expected for f in off.get("evidence", [])] or self.member_files(person)
        wrong = [c for c in (mine["offences"] if mine else []) if c not in {o["offence"] for o in expected}]
        for code in wrong:
            exploitation = code == "TIP" and not self.key.get("trafficking", True)
            message = _say(
                "offence_no_exploitation" if exploitation else "offence_false",
                offence=_offence(code),
                name=name,
            )
            self.item("offence", person.id, False, None, shown, message, own_files)
        extra = [a for a in AGGRAVATING if a in agg_given - union]
        if extra and mine and mine["offences"]:
            message = _say("aggravating_extra", name=name, extra=_labels("aggravating", extra))
            self.item("offence", person.id, False, None, shown, message, own_files)
        return credit

    def warnings(self) -> list[dict[str, str]]:
        given = self.sheet.get("case", "")
        accepted = {clean(case_label(self.key)), clean(self.key.get("unit", ""))}
        if not given or clean(given) in accepted:
            return []
        message = _say("case_mismatch", given=given, expected=case_label(self.key))
        return [{"message_fr": message["fr"], "message_en": message["en"]}]


def _shown(answer: dict[str, Any]) -> str:
    """How an answer line is named in feedback: its name, else its first nickname or number."""
    return (
        answer.get("name")
        or next(iter(answer.get("aliases", [])), "")
        or next(iter(answer.get("phones", [])), "")
    )


def _offence(code: str) -> dict[str, str]:
    return {lang: f"{code} ({label(lang, 'offences', code)})" for lang in LANGS}


def _place_id(name: str, known: dict[str, str]) -> str:
    """The gazetteer id of a place name; else the key route place it is a near spelling of; else itself."""
    found = lookup(name.strip())
    if found is not None:
        return found.id
    folded = clean(name)
    for pid, key_name in sorted(known.items()):
        if Indel.normalized_similarity(folded, clean(key_name)) >= PLACE_SPELLING:
            return pid
    return "?" + folded
