"""The route: the ordered places of the journey, from the places named in the evidence.

Rules, in order of strength:
1. A place named only as where someone comes from - "originaire de Zinder", "née à Kano", "ressortissants
   du Niger", "she is from Benin City" - is the origin of a person, not a stop: it is dropped. A place
   named once as an origin and once as a stop ("originaire de Niamey ... partis de Niamey") stays.
2. In a sentence that tells a movement ("partir", "arrivés", "from ... to", "de X à Y"), two places named
   one after the other are in travel order, except "to" then "from": "arrivés à Dirkou depuis Agadez" puts
   Agadez first. These pairs override dates (a hearing dated in March tells a journey made in January).
3. In a hearing record, the order in which the witness first names the places is a weak vote for the
   travel order (a movement sentence counts twice as much); votes decide between contradictory pairs.
4. A town named by one record only and in no movement sentence is the witness's own story ("À Djibo, je
   travaillais…"), not the network's route, once four stops are named by two records or more.
5. Otherwise places follow their earliest date (the mention's date, else the document's date passed with
   it); an undated mention takes the date of the mention before it in the input, which comes in evidence
   order; places never dated keep the order of their first mention.
Each place appears once, at its earliest position: a return to a place already on the route is not drawn
as a second stop, so no two consecutive stops are the same place. Movement pairs vote: a pair told more
often than its reverse wins ("de Agadez à Dirkou" in three hearings, "de Dirkou à Agadez" on one way back);
on a tie the first one told is kept; a pair that would close a cycle with stronger pairs is ignored.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, NamedTuple

from filiere.data import load_yaml
from filiere.extract.language import fold_text
from filiere.ingest.datetimes import parse_date
from filiere.network.role_cues import fold_pattern

MOVEMENT_FILE = Path(__file__).resolve().parent.parent / "data" / "roles" / "movement.yaml"
LOOK_BACK = 60  # characters before a place name where its marker ("de", "vers", "originaire de") can be


class PlaceMention(NamedTuple):
    place_id: str | None
    name: str
    lat: float | None
    lon: float | None
    date: date | datetime | str | None  # the mention's date, else its document's date
    evidence_id: int | None
    sentence: str
    start: int | None = None  # offset of the name in `sentence` when known; else it is looked for
    narrative: bool = False  # told in a hearing record, where a witness tells the journey in order


@dataclass(frozen=True)
class RouteStop:
    place_id: str | None
    name: str
    lat: float | None
    lon: float | None
    first_seen: str | None  # earliest ISO date the place is mentioned with
    evidence: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class _Markers:
    movement: re.Pattern[str]
    before: dict[str, re.Pattern[str]]  # origin, via, from, to: each must end where the place name starts


@cache
def markers() -> _Markers:
    data = load_yaml(MOVEMENT_FILE.read_text(encoding="utf-8"))

    def alternation(key: str) -> str:
        return "|".join(fold_pattern(str(alt)) for alt in data[key])

    movement = re.compile(rf"(?<!\w)(?:{alternation('movement')})(?!\w)")
    before = {
        key: re.compile(rf"(?<!\w)(?:{alternation(key)})\s*$") for key in ("origin", "via", "from", "to")
    }
    return _Markers(movement, before)


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        return parse_date(text)


def _key(m: PlaceMention) -> str:
    return m.place_id or fold_text(m.name).strip()


def _positions(sentence: str, group: list[int], mentions: Sequence[PlaceMention]) -> dict[int, int | None]:
    """Where each mention of one sentence starts in it: given, else by gazetteer or by name, in order."""
    folded = fold_text(sentence)
    found: dict[str, list[int]] = defaultdict(list)
    if any(mentions[i].start is None and mentions[i].place_id for i in group):
        from filiere.extract.gazetteer import match_places

        for start, _end, place, _conf in match_places(sentence):
            found[place.id].append(start)
    out: dict[int, int | None] = {}
    used: set[int] = set()
    for i in group:
        m = mentions[i]
        if m.start is not None:
            out[i] = m.start
            continue
        candidates = list(found.get(m.place_id or "", []))
        name = fold_text(m.name).strip()
        if name:
            candidates += [x.start() for x in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", folded)]
        free = sorted(c for c in set(candidates) if c not in used)
        out[i] = free[0] if free else None
        if free:
            used.add(free[0])
    return out


def _marker(folded: str, position: int | None) -> str | None:
    """ "origin", "via", "from", "to" or None, from the words right before the place name."""
    if position is None:
        return None
    left = folded[max(0, position - LOOK_BACK) : position]
    for key, pattern in markers().before.items():
        if pattern.search(left):
            return key
    return None


def build_route(place_mentions: Iterable[PlaceMention | tuple]) -> list[RouteStop]:
    """The ordered stops of the journey (see the module docstring for the rules)."""
    mentions = [m if isinstance(m, PlaceMention) else PlaceMention(*m) for m in place_mentions]
    if not mentions:
        return []
    by_sentence: dict[tuple[Any, str], list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_sentence[(m.evidence_id, m.sentence or "")].append(i)

    kind: dict[int, str | None] = {}
    pairs: dict[tuple[str, str], int] = {}  # votes, in the order first told
    for (_evidence, sentence), group in by_sentence.items():
        folded = fold_text(sentence)
        where = _positions(sentence, group, mentions)
        for i in group:
            kind[i] = _marker(folded, where[i])
        if not markers().movement.search(folded):
            continue
        stops = sorted((where[i], i) for i in group if where[i] is not None and kind[i] != "origin")
        for (_p, a), (_q, b) in pairwise(stops):
            ka, kb = _key(mentions[a]), _key(mentions[b])
            if ka != kb:
                pair = (kb, ka) if kind[a] == "to" and kind[b] == "from" else (ka, kb)
                pairs[pair] = pairs.get(pair, 0) + MOVEMENT_VOTES

    _narrative_votes(mentions, kind, pairs)
    dates = [_as_date(m.date) for m in mentions]
    effective: list[date | None] = []
    last: date | None = None
    for d in dates:
        last = d or last
        effective.append(last)

    places: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        places[_key(m)].append(i)
    stops = {k: idx for k, idx in places.items() if any(kind[i] != "origin" for i in idx)}
    stops = _without_private_places(stops, mentions, pairs)
    rank_key = {
        k: min(((effective[i] or date.min), i) for i in idx if kind[i] != "origin")
        for k, idx in stops.items()
    }
    order = _ordered(
        list(stops), rank_key, _by_votes({p: n for p, n in pairs.items() if set(p) <= set(stops)})
    )

    route = []
    for k in order:
        idx = [i for i in stops[k] if kind[i] != "origin"]
        first = mentions[idx[0]]
        seen = [d for d in (dates[i] for i in idx) if d is not None]
        coords = next(
            ((mentions[i].lat, mentions[i].lon) for i in idx if mentions[i].lat is not None), (None, None)
        )
        evidence = sorted({mentions[i].evidence_id for i in idx if mentions[i].evidence_id is not None})
        first_seen = min(seen).isoformat() if seen else None
        route.append(RouteStop(first.place_id, first.name, coords[0], coords[1], first_seen, evidence))
    return [stop for n, stop in enumerate(route) if n == 0 or _same(stop) != _same(route[n - 1])]


SHARED_CORE = (
    4  # stops named in two records or more: with that many, a route is the network's, not a witness's
)


def _without_private_places(stops: dict[str, list[int]], mentions: list[PlaceMention], pairs: dict) -> dict:
    """A town only one record names, outside any movement sentence ("À Djibo, je travaillais…"), is the
    witness's own story, not a stop of the network's route — once the route has a core of shared stops."""
    records = {k: {mentions[i].evidence_id for i in idx} for k, idx in stops.items()}
    moved = {place for pair, votes in pairs.items() if votes >= MOVEMENT_VOTES for place in pair}
    if sum(len(r) >= 2 for r in records.values()) < SHARED_CORE:
        return stops
    return {k: idx for k, idx in stops.items() if len(records[k]) >= 2 or k in moved}


MOVEMENT_VOTES = 2  # a sentence that tells a movement outweighs the order a witness happens to name places in


def _narrative_votes(mentions: list[PlaceMention], kind: dict[int, str | None], pairs: dict) -> None:
    """In a hearing record the witness tells the journey in order: each place first named after another
    is a weak vote for that order (one per record)."""
    told: dict[Any, list[str]] = defaultdict(list)
    for i, m in enumerate(mentions):
        key = _key(m)
        if m.narrative and kind[i] != "origin" and key not in told[m.evidence_id]:
            told[m.evidence_id].append(key)
    for places in told.values():
        for a, b in pairwise(places):
            pairs[(a, b)] = pairs.get((a, b), 0) + 1


def _by_votes(pairs: dict[tuple[str, str], int]) -> list[tuple[str, str]]:
    """Movement pairs told more often than their reverse, the clearest majority first (ties: first told).
    Many journeys are told in a case: one hearing's way back or one garbled sentence must not outvote the
    journey the others tell."""
    told = list(pairs)
    margin = {(a, b): n - pairs.get((b, a), 0) for (a, b), n in pairs.items()}
    kept = [p for p in told if margin[p] > 0 or (margin[p] == 0 and told.index(p) < told.index(p[::-1]))]
    return sorted(kept, key=lambda p: (-margin[p], told.index(p)))


def _same(stop: RouteStop) -> str:
    return stop.place_id or fold_text(stop.name).strip()


def _ordered(
    keys: list[str], rank_key: dict[str, tuple[date, int]], pairs: list[tuple[str, str]]
) -> list[str]:
    """Places by date then first mention, each movement pair then enforced by moving the earlier-bound place
    just before the other. A pair that contradicts the pairs kept before it (a cycle) is ignored."""
    after: dict[str, set[str]] = defaultdict(set)
    kept: list[tuple[str, str]] = []
    for a, b in pairs:
        if not _reaches(after, b, a):
            after[a].add(b)
            kept.append((a, b))
    order = sorted(keys, key=lambda k: rank_key[k])
    for _round in range(len(keys) * (len(kept) + 1)):
        pos = {k: n for n, k in enumerate(order)}
        late = [(pos[b], pos[a], a, b) for a, b in kept if pos[a] > pos[b]]
        if not late:
            break
        _pb, _pa, a, b = min(late)
        order.remove(a)
        order.insert(order.index(b), a)
    return order


def _reaches(after: dict[str, set[str]], source: str, target: str) -> bool:
    seen, stack = {source}, [source]
    while stack:
        node = stack.pop()
        if node == target:
            return True
        for nxt in after.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False
