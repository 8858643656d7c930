"""Key players: one score from the network measures, with the reasons an analyst can read and check.

Score = 0.30 betweenness + 0.20 brokerage + 0.20 PageRank + 0.15 weighted degree + 0.15 degree, each measure
first divided by its maximum over the graph (so 1 = the best node on that measure). Why these weights: in
smuggling and trafficking networks the organiser is rarely the busiest phone but the one who relays between
cells (recruiters at home, drivers, the connection house abroad), which betweenness and brokerage measure;
PageRank adds "linked to the people who matter"; the two degrees catch the coordinator who is simply on the
phone to everyone. Brokerage counts fully only from 3 distinct contacts on: one or two links that happen to
cross groups do not make a broker.

Ties break on betweenness, then weighted degree, then the node id, so the ranking never depends on the order
of the input. Reasons name the measures where the node is in the top 3 (with the number behind it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from filiere.i18n import _
from filiere.network.metrics import NodeMetrics

WEIGHTS = {
    "betweenness": 0.30,
    "brokerage": 0.20,
    "pagerank": 0.20,
    "weighted_degree": 0.15,
    "degree": 0.15,
}
BROKER_MIN_CONTACTS = 3
REASON_TOP = 3  # a measure is cited when the node ranks this high on it


@dataclass(frozen=True)
class KeyPlayer:
    node: str
    score: float  # 0..1
    rank: int  # 1 = most important
    reasons: list[str] = field(default_factory=list)


def rank_key_players(metrics: Mapping[str, NodeMetrics], top: int | None = None) -> list[KeyPlayer]:
    """Nodes best first with their score and reasons; `top` keeps the first `top` only."""
    names = sorted(metrics)
    if not names:
        return []
    column = {k: np.array([getattr(metrics[n], k) for n in names], dtype=np.float64) for k in WEIGHTS}
    column["communities_reached"] = np.array(
        [metrics[n].communities_reached for n in names], dtype=np.float64
    )
    parts = {k: _scaled(column[k]) for k in WEIGHTS}
    parts["brokerage"] = parts["brokerage"] * np.minimum(1.0, column["degree"] / BROKER_MIN_CONTACTS)
    score = sum(WEIGHTS[k] * parts[k] for k in WEIGHTS)
    score = np.where(column["degree"] > 0, np.round(score, 12), 0.0)  # rounded: float noise is no tie-break
    order = np.lexsort((np.arange(len(names)), -column["weighted_degree"], -column["betweenness"], -score))
    if top is not None:
        order = order[: max(top, 0)]
    ranks = {k: _competition_ranks(column[k]) for k in ("betweenness", "brokerage", "pagerank")}
    ranks["weighted_degree"] = _competition_ranks(column["weighted_degree"])
    ranks["degree"] = _competition_ranks(column["degree"])
    players = []
    for position, i in enumerate(order.tolist(), start=1):
        players.append(
            KeyPlayer(
                node=names[i],
                score=round(float(score[i]), 4),
                rank=position,
                reasons=_reasons(metrics[names[i]], {k: int(r[i]) for k, r in ranks.items()}),
            )
        )
    return players


def _scaled(values: np.ndarray) -> np.ndarray:
    best = values.max(initial=0.0)
    return values / best if best > 0 else np.zeros_like(values)


def _competition_ranks(values: np.ndarray) -> np.ndarray:
    """1 + how many nodes have a strictly higher value ("1, 2, 2, 4")."""
    values = np.round(_scaled(values), 9)  # float noise must not split a tie
    descending = np.sort(-values)
    return np.searchsorted(descending, -values, side="left") + 1


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def _reasons(m: NodeMetrics, rank: dict[str, int]) -> list[str]:
    if m.degree == 0:
        return [_("no link in the evidence")]
    reasons = []
    if m.betweenness > 0 and rank["betweenness"] <= REASON_TOP:
        if rank["betweenness"] == 1 and m.communities_reached > 1:
            reasons.append(_("highest betweenness: bridges {n} communities").format(n=m.communities_reached))
        elif rank["betweenness"] == 1:
            reasons.append(_("highest betweenness: on the most shortest paths between others"))
        else:
            reasons.append(
                _("relays between others (betweenness rank {rank})").format(rank=rank["betweenness"])
            )
    if m.brokerage > 0 and m.degree >= BROKER_MIN_CONTACTS and rank["brokerage"] <= REASON_TOP:
        reasons.append(
            _("links {n} communities (brokerage {value})").format(
                n=m.communities_reached, value=f"{m.brokerage:.2f}"
            )
        )
    if rank["weighted_degree"] == 1:
        reasons.append(_("most calls and links ({n})").format(n=_number(m.weighted_degree)))
    elif rank["weighted_degree"] <= REASON_TOP:
        reasons.append(
            _("many calls and links ({n}, rank {rank})").format(
                n=_number(m.weighted_degree), rank=rank["weighted_degree"]
            )
        )
    if rank["degree"] == 1:
        reasons.append(_("most contacts ({n})").format(n=m.degree))
    elif rank["degree"] <= REASON_TOP:
        reasons.append(_("many contacts ({n}, rank {rank})").format(n=m.degree, rank=rank["degree"]))
    if rank["pagerank"] <= REASON_TOP:
        reasons.append(
            _("linked to the best-connected people (PageRank rank {rank})").format(rank=rank["pagerank"])
        )
    if not reasons:
        reasons.append(
            _("{n} contacts, betweenness rank {rank}").format(n=m.degree, rank=rank["betweenness"])
        )
    return reasons
