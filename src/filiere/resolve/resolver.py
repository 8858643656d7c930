"""`filiere resolve`: observations become entities; every join is logged with its rule and evidence.

Joins (union-find over observations):
- same name: two names that `names.name_similarity` scores >= NAME_THRESHOLD (variants, order, spelling);
- alias: a hearing record's "dit / alias" joins the person heard with observations of that nickname;
- same voice on a line: two speakers heard on the same line (user link) in transcripts are one user of it.
A subscriber link never joins anyone (SIMs are registered to relatives), and a bare shared number never
joins two named people who were not both heard speaking on it. Manual decisions are replayed last.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, insert, select, update

from filiere.cases import Case
from filiere.i18n import _
from filiere.resolve.observations import Observation, gather
from filiere.store.database import is_sqlite
from filiere.store.tables import decisions, entities, merge_log, observations
from filiere.workspace import Workspace

NAME_THRESHOLD = 0.85


class UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


@dataclass
class Join:
    a: int
    b: int
    rule: str
    reason: str


@dataclass
class Resolution:
    observations: list[Observation]
    clusters: list[list[int]]
    joins: list[Join] = field(default_factory=list)


def _name_joins(obs: list[Observation]) -> list[Join]:
    from filiere.resolve.names import blocking_keys, name_similarity

    joins: list[Join] = []
    exact: dict[str, int] = {}
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, o in enumerate(obs):
        if not o.folded:
            continue
        if o.folded in exact:
            joins.append(Join(exact[o.folded], i, "same-name", _("same name written the same way")))
            continue
        exact[o.folded] = i
        if o.nickname:
            continue
        for key in blocking_keys(o.name):
            blocks[key].append(i)
    seen: set[tuple[int, int]] = set()
    for members in blocks.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                a, b = members[x], members[y]
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                match = name_similarity(obs[a].name, obs[b].name)
                if match.score >= NAME_THRESHOLD:
                    joins.append(Join(a, b, "similar-name", match.reason))
    return joins


def _alias_joins(obs: list[Observation]) -> list[Join]:
    from filiere.extract.language import fold_text

    by_name: dict[str, list[int]] = defaultdict(list)
    for i, o in enumerate(obs):
        if o.folded:
            by_name[o.folded].append(i)
    joins = []
    for i, o in enumerate(obs):
        if o.alias:
            for j in by_name.get(fold_text(o.alias).strip(), []):
                joins.append(
                    Join(
                        i,
                        j,
                        "alias",
                        _("the hearing record gives {alias} as this person's alias").format(alias=o.alias),
                    )
                )
    return joins


def _text_alias_joins(obs: list[Observation]) -> list[Join]:
    index = {o.key: i for i, o in enumerate(obs)}
    return [
        Join(
            i,
            index[key],
            "alias-in-text",
            _("the text gives {alias} as another name of {name}").format(
                alias=obs[index[key]].name, name=o.name
            ),
        )
        for i, o in enumerate(obs)
        for key in o.same_as
        if key in index
    ]


def _label_joins(obs: list[Observation]) -> list[Join]:
    index = {o.key: i for i, o in enumerate(obs)}
    return [
        Join(
            i,
            index[key],
            "speaker-label",
            _("the transcript's speaker label gives {name} as the name of {label}").format(
                name=obs[index[key]].name, label=o.name
            ),
        )
        for i, o in enumerate(obs)
        for key in o.labelled_as
        if key in index
    ]


def _voice_joins(obs: list[Observation]) -> list[Join]:
    speakers_by_line: dict[str, list[int]] = defaultdict(list)
    for i, o in enumerate(obs):
        if (o.kind in ("speaker", "heard") or o.voice) and o.link == "user" and o.phone:
            speakers_by_line[o.phone].append(i)
    joins = []
    for phone, members in speakers_by_line.items():
        for j in members[1:]:
            if obs[j].voice == "self":
                rule, reason = "introduces-himself", _("says he is {name} when speaking on {phone}")
            elif obs[j].voice == "addressed":
                rule, reason = "addressed-on-line", _("called {name} by the other speaker on {phone}")
            else:
                rule = "same-line-voice"
                reason = _("both speak on {phone} in intercepted calls or give it as their own number")
            joins.append(Join(members[0], j, rule, reason.format(phone=phone, name=obs[j].name)))
    return joins


SHORT_NAME_THRESHOLD = 0.6  # "Yacouba" / "Yacouba Traoré": same given name, one record without surname
SHARED_NUMBER_THRESHOLD = 0.5  # "Kimba" / "KIMBA Adamou" both tied to the same number


def _partial_name_joins(obs: list[Observation], uf: UnionFind) -> list[Join]:
    """A one-word name joins the only person whose full name it matches, or a person tied to the same
    number whose name it matches in part. Never on the number alone."""
    from filiere.resolve.names import name_similarity

    full = [i for i, o in enumerate(obs) if o.name and not o.nickname and len(o.name.split()) >= 2]
    by_phone: dict[str, list[int]] = defaultdict(list)
    for i, o in enumerate(obs):
        if o.phone and o.name and not o.nickname:
            by_phone[o.phone].append(i)
    joins: list[Join] = []
    for i, o in enumerate(obs):
        if not o.name or o.nickname or len(o.name.split()) != 1:
            continue
        scored = [(j, name_similarity(o.name, obs[j].name)) for j in full]
        clusters = {uf.find(j) for j, m in scored if m.score >= SHORT_NAME_THRESHOLD}
        if len(clusters) == 1:
            j, match = next((j, m) for j, m in scored if m.score >= SHORT_NAME_THRESHOLD)
            joins.append(
                Join(
                    j,
                    i,
                    "short-name",
                    _("{reason}; the only such person in the case").format(reason=match.reason),
                )
            )
            continue
        for j in by_phone.get(o.phone or "", []):
            match = name_similarity(o.name, obs[j].name)
            if j != i and match.score >= SHARED_NUMBER_THRESHOLD:
                joins.append(
                    Join(
                        j,
                        i,
                        "number-and-name",
                        _("{reason}; both tied to {phone}").format(reason=match.reason, phone=o.phone),
                    )
                )
    return joins


def resolve_observations(obs: list[Observation], manual: list[dict[str, Any]]) -> Resolution:
    uf = UnionFind(len(obs))
    result = Resolution(obs, [])
    for join in (
        _name_joins(obs) + _alias_joins(obs) + _text_alias_joins(obs) + _label_joins(obs) + _voice_joins(obs)
    ):
        if uf.union(join.a, join.b):
            result.joins.append(join)
    for join in _partial_name_joins(obs, uf):
        if uf.union(join.a, join.b):
            result.joins.append(join)
    index = {o.key: i for i, o in enumerate(obs)}
    split_off: set[int] = set()
    for decision in manual:
        a, b = index.get(decision["key_a"]), index.get(decision["key_b"] or "")
        if decision["action"] == "merge" and a is not None and b is not None:
            split_off -= {a, b}  # decisions replay in order: a later merge undoes an earlier split
            uf.union(a, b)
            result.joins.append(
                Join(a, b, "manual-merge", _("merged by hand by {actor}").format(actor=decision["actor"]))
            )
        elif decision["action"] == "split" and a is not None:
            split_off.add(a)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(obs)):
        groups[("split", i) if i in split_off else uf.find(i)].append(i)  # type: ignore[index]
    result.clusters = sorted(groups.values(), key=lambda members: members[0])
    return result


def _display_name(members: list[Observation]) -> str:
    names = [o.name for o in members if o.name and not o.nickname]
    heard = [o.name for o in members if o.kind == "heard" and o.name]
    if heard:
        return heard[0]
    if names:
        return max(names, key=lambda n: (len(n.split()), len(n)))
    return next((o.name for o in members if o.name), "?")


def _details(members: list[Observation]) -> dict[str, Any]:
    name = _display_name(members)
    aliases = sorted({n for o in members for n in (o.name, o.alias) if n and n != name})
    phones: dict[str, dict[str, list[int]]] = {}
    for o in members:
        if o.phone and o.link:
            phones.setdefault(o.phone, {}).setdefault(o.link, [])
            if o.evidence_id not in phones[o.phone][o.link]:
                phones[o.phone][o.link].append(o.evidence_id)
    documents = sorted({o.document for o in members if o.document})
    return {
        "aliases": aliases,
        "phones": phones,
        "documents": documents,
        "evidence": sorted({o.evidence_id for o in members}),
        "observations": len(members),
    }


def _stable_ids(result: Resolution, previous: dict[str, int]) -> list[int | None]:
    """Keep an entity's number across re-runs: a cluster takes the id most of its observations had."""
    ids: list[int | None] = []
    used: set[int] = set()
    for members in result.clusters:
        votes = defaultdict(int)
        for i in members:
            old = previous.get(result.observations[i].key)
            if old is not None and old not in used:
                votes[old] += 1
        best = max(votes, key=lambda k: (votes[k], -k)) if votes else None
        if best is not None:
            used.add(best)
        ids.append(best)
    return ids


def resolve_case(ws: Workspace, case: Case) -> dict[str, Any]:
    """Recompute the case's entities from its evidence and the manual decisions; one transaction."""
    with ws.engine.connect() as conn:
        obs = gather(conn, case.id)
        manual = [
            dict(r._mapping)
            for r in conn.execute(
                select(decisions).where(decisions.c.case_id == case.id).order_by(decisions.c.id)
            )
        ]
    result = resolve_observations(obs, manual)
    with ws.engine.connect() as conn:
        previous = dict(
            conn.execute(
                select(observations.c.key, observations.c.entity_id).where(observations.c.case_id == case.id)
            ).all()
        )
    with ws.write() as conn:
        conn.execute(update(observations).where(observations.c.case_id == case.id).values(entity_id=None))
        conn.execute(delete(merge_log).where(merge_log.c.case_id == case.id))
        conn.execute(delete(observations).where(observations.c.case_id == case.id))
        conn.execute(delete(entities).where(entities.c.case_id == case.id))
        entity_of: dict[int, int] = {}
        ids = _stable_ids(result, previous)
        # clusters keeping an old number go first, so a new autoincrement id never takes a kept one
        ordered = sorted(zip(result.clusters, ids, strict=True), key=lambda pair: pair[1] is None)
        for members, entity_id in ordered:
            people = [obs[i] for i in members]
            values = {
                "case_id": case.id,
                "kind": "person",
                "name": _display_name(people)[:300],
                "details": _details(people),
            }
            if entity_id is not None:
                values["id"] = entity_id
            entity_id = conn.execute(insert(entities).values(**values).returning(entities.c.id)).scalar_one()
            for i in members:
                entity_of[i] = entity_id
        if not is_sqlite(conn):
            conn.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('entities', 'id'), "
                "(SELECT COALESCE(MAX(id), 1) FROM entities))"
            )
        if obs:
            conn.execute(
                insert(observations),
                [
                    {
                        "case_id": case.id,
                        "key": o.key,
                        "entity_id": entity_of[i],
                        "kind": o.kind,
                        "name": (o.name or "")[:300] or None,
                        "alias": o.alias,
                        "phone_e164": o.phone,
                        "phone_link": o.link,
                        "evidence_id": o.evidence_id,
                        "mention_id": o.mention_id,
                    }
                    for i, o in enumerate(obs)
                ],
            )
        if result.joins:
            conn.execute(
                insert(merge_log),
                [
                    {
                        "case_id": case.id,
                        "entity_id": entity_of[j.a],
                        "rule": j.rule,
                        "reason": j.reason,
                        "keys": [obs[j.a].key, obs[j.b].key],
                        "evidence_ids": sorted({obs[j.a].evidence_id, obs[j.b].evidence_id}),
                    }
                    for j in result.joins
                ],
            )
        summary = {"entities": len(result.clusters), "observations": len(obs), "joins": len(result.joins)}
        ws.log(conn, "case.resolve", "case", case.id, case_id=case.id, **summary)
    return summary


def record_decision(ws: Workspace, case: Case, action: str, key_a: str, key_b: str | None) -> None:
    """A manual merge or split, kept and replayed by every later `filiere resolve`."""
    with ws.write() as conn:
        conn.execute(
            insert(decisions).values(
                case_id=case.id,
                action=action,
                key_a=key_a,
                key_b=key_b,
                actor=ws.actor,
                at=datetime.now(UTC).replace(tzinfo=None),
            )
        )
        ws.log(conn, f"entity.{action}", "observation", key_a, case_id=case.id, other=key_b)
