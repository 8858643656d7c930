"""What the case report shows, read once: the analysis (docs/analyze.md), the typed edges, the evidence.

The report adds nothing to the analysis; it only fetches what the analysis JSON leaves out and a reader
needs: the key-player score itself (to size the chart's nodes, from the same network.keyplayers ranking),
the file name behind each evidence number, the evidence naming each stop of the route, and whether the
case's evidence says it is generated data (so the report says so too). Since the report became the
document handed to a prosecutor it also holds the qualification (docs/qualify.md), the requests for
mutual legal assistance and their status (docs/mla.md), and the fingerprint of every original.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from filiere.cases import Case
from filiere.extract.language import fold_text
from filiere.network.analyze import analyze_network
from filiere.network.build import Network
from filiere.store.tables import calls, evidence, evidence_pages, mentions
from filiere.workspace import Workspace

# the first line of a generated or exercise file (train/files.generated_banner, examples/), folded
GENERATED = re.compile(
    r"\b(?:donnees (?:generees|fictives)|generated data|fictitious data|aucune personne reelle"
    r"|no real person)\b"
)


@dataclass(frozen=True)
class EvidenceFile:
    """One original as the evidence index lists it."""

    id: int
    kind: str
    name: str
    size: int
    sha256: str
    ingested_at: dt.datetime
    ingested_by: str


@dataclass
class ReportData:
    case: Case
    analysis: dict[str, Any]
    network: Network
    scores: dict[str, float]  # node id -> key-player score (0..1)
    evidence: dict[int, tuple[str, str]]  # evidence id -> (kind, original file name)
    route_evidence: dict[str, list[int]]  # place name as on the route -> evidence ids naming it
    generated: bool
    originals: dict[int, EvidenceFile] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)  # call type (voice, sms) -> records
    call_days: tuple[dt.date, dt.date] | None = None  # first and last day of the call records
    qualification: dict[str, Any] | None = None  # qualify_case's result
    requests: list[Any] = field(default_factory=list)  # mla.tracking.TrackedRequest, by number


def gather(ws: Workspace, case: Case) -> ReportData:
    from filiere.mla.tracking import list_requests
    from filiere.qualify.run import qualify_case

    analysed = analyze_network(ws, case)
    analysis, network = analysed.analysis, analysed.network
    qualification = qualify_case(ws, case, analysis=analysis)
    requests = list_requests(ws, case)
    with ws.engine.connect() as conn:
        originals = {
            r.id: EvidenceFile(r.id, r.kind, r.original_name, r.size, r.sha256, r.ingested_at, r.ingested_by)
            for r in conn.execute(select(evidence).where(evidence.c.case_id == case.id))
        }
        files = {i: (f.kind, f.name) for i, f in originals.items()}
        counted = conn.execute(
            select(
                calls.c.call_type, func.count(), func.min(calls.c.started_at), func.max(calls.c.started_at)
            )
            .where(calls.c.case_id == case.id)
            .group_by(calls.c.call_type)
        ).all()
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
    scores = {k.node: k.score for k in analysed.ranking}
    starts = [r[2] for r in counted if r[2]]
    ends = [r[3] for r in counted if r[3]]
    return ReportData(
        case=case,
        analysis=analysis,
        network=network,
        scores=scores,
        evidence=dict(sorted(files.items())),
        route_evidence={place: sorted(named.get(place, ())) for place in analysis["route"]},
        generated=generated,
        originals=dict(sorted(originals.items())),
        calls={r[0]: r[1] for r in counted},
        call_days=(min(starts).date(), max(ends).date()) if starts and ends else None,
        qualification=qualification,
        requests=requests,
    )
