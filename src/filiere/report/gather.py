"""What the case report shows, read once: the analysis (docs/analyze.md), the typed edges, the evidence.

The report adds nothing to the analysis; it only fetches what the analysis JSON leaves out and a reader
needs: the key-player score itself (to size the chart's nodes, from the same network.keyplayers ranking),
the file name behind each evidence number, the evidence naming each stop of the route, and whether the
case's evidence says it is generated data (so the report says so too).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from filiere.cases import Case
from filiere.extract.language import fold_text
from filiere.network.analyze import analyze_case
from filiere.network.build import Network, build_network
from filiere.network.keyplayers import rank_key_players
from filiere.network.metrics import compute_metrics
from filiere.store.tables import evidence, evidence_pages, mentions
from filiere.workspace import Workspace

# the first line of a generated or exercise file (train/files.generated_banner, examples/), folded
GENERATED = re.compile(
    r"\b(?:donnees (?:generees|fictives)|generated data|fictitious data|aucune personne reelle"
    r"|no real person)\b"
)


@dataclass
class ReportData:
    case: Case
    analysis: dict[str, Any]
    network: Network
    scores: dict[str, float]  # node id -> key-player score (0..1)
    evidence: dict[int, tuple[str, str]]  # evidence id -> (kind, original file name)
    route_evidence: dict[str, list[int]]  # place name as on the route -> evidence ids naming it
    generated: bool


def gather(ws: Workspace, case: Case) -> ReportData:
    analysis = analyze_case(ws, case)
    with ws.engine.connect() as conn:
        network = build_network(conn, case.id)
        files = {
            r.id: (r.kind, r.original_name)
            for r in conn.execute(
                select(evidence.c.id, evidence.c.kind, evidence.c.original_name).where(
                    evidence.c.case_id == case.id
                )
            )
        }
        named: dict[str, set[int]] = defaultdict(set)
        for r in conn.execute(
            select(mentions.c.evidence_id, mentions.c.text, mentions.c.value).where(
                mentions.c.case_id == case.id, mentions.c.type == "place"
            )
        ):
            value = r.value or {}
            named[value.get("name") or r.text].add(r.evidence_id)
        first_lines = conn.execute(
            select(evidence_pages.c.text)
            .join(evidence, evidence.c.id == evidence_pages.c.evidence_id)
            .where(evidence.c.case_id == case.id, evidence_pages.c.page_no == 1)
        ).scalars()
        generated = any(GENERATED.search(fold_text((text or "")[:300])) for text in first_lines)
    generated = generated or bool(GENERATED.search(fold_text(case.title or "")))
    metrics = compute_metrics(network.nodes, network.weighted_pairs())
    scores = {k.node: k.score for k in rank_key_players(metrics)}
    return ReportData(
        case=case,
        analysis=analysis,
        network=network,
        scores=scores,
        evidence=dict(sorted(files.items())),
        route_evidence={place: sorted(named.get(place, ())) for place in analysis["route"]},
        generated=generated,
    )
