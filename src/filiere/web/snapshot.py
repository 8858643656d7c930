"""One case's analysis, computed once per workspace change and shared by the graph, entity and map calls.

`analyze_case` reads the whole case (a second or more on a big one); the chart, the entity pages and the
timeline all need it. A snapshot is keyed on the case, the interface language (timeline summaries and
rank reasons are translated) and the newest audit row that changed data: every write of the workspace
(ingest, extract, resolve, merge, split) appends one, so a new row means a new snapshot. Exports,
reports, MLA requests, downloads, reads (`read.*`), logins and user or token changes are audited too but
change no case data, so they do not count (otherwise every page view would throw the analysis away).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select

from filiere.cases import Case
from filiere.i18n import current_language
from filiere.network.build import Network
from filiere.network.route import RouteStop
from filiere.store import audit
from filiere.store.tables import audit_log
from filiere.web.graph import build_graph
from filiere.workspace import Workspace

READ_ONLY_ACTIONS = ("evidence.export", "case.grant", "case.revoke")
# MLA requests, reports and exports are written from the analysis but never feed it
READ_ONLY_PREFIXES = ("read.", "auth.", "token.", "user.", "mla.", "report.", "export.")
KEEP = 8  # snapshots kept (a few cases x two languages)


@dataclass(frozen=True)
class Snapshot:
    analysis: dict[str, Any]
    network: Network
    graph: dict[str, list[dict[str, Any]]]
    graph_json: bytes  # the graph serialised once: the chart's call only sends it
    stops: list[RouteStop]

    def person(self, entity_id: int) -> dict[str, Any] | None:
        return next((p for p in self.analysis["people"] if p["id"] == entity_id), None)


def data_version(ws: Workspace, after: int = 0, known: int = 0) -> int:
    """The id of the newest audit row that changed data (0 for an empty log). Rows up to `after` were
    already read and gave `known`: only newer ones are looked at (the id is the primary key)."""
    changes = and_(
        audit_log.c.action.not_in(READ_ONLY_ACTIONS),
        *(audit_log.c.action.not_like(prefix + "%") for prefix in READ_ONLY_PREFIXES),
    )
    query = select(func.max(audit_log.c.id)).where(audit_log.c.id > after, changes)
    with ws.engine.connect() as conn:
        return conn.execute(query).scalar() or known


def compute_snapshot(ws: Workspace, case: Case) -> Snapshot:
    from filiere.network.analyze import analyze_network, route_stops

    analysed = analyze_network(ws, case)
    analysis, network = analysed.analysis, analysed.network
    graph = build_graph(network, analysis)
    payload = json.dumps(graph, ensure_ascii=False, separators=(",", ":")).encode()
    return Snapshot(analysis, network, graph, payload, route_stops(ws, case))


class SnapshotCache:
    """Snapshots by (database, case, language, data version); computed under a lock, so once."""

    def __init__(self) -> None:
        self._items: OrderedDict[tuple, Snapshot] = OrderedDict()
        self._lock = threading.Lock()
        self._versions: dict[str, tuple[int, int]] = {}  # database -> (newest audit id read, data version)

    def version(self, ws: Workspace) -> int:
        """The workspace's data version, reading only the audit rows added since the last call."""
        head = audit.head(ws.engine)
        newest = head[0] if head else 0
        seen, known = self._versions.get(ws.url, (0, 0))
        if newest != seen:
            known = data_version(ws, seen, known) if newest > seen else data_version(ws)
            self._versions[ws.url] = (newest, known)
        return known

    def get(self, ws: Workspace, case: Case) -> Snapshot:
        key = (ws.url, case.id, current_language(), self.version(ws))
        with self._lock:
            found = self._items.get(key)
            if found is None:
                found = compute_snapshot(ws, case)
                self._items[key] = found
                while len(self._items) > KEEP:
                    self._items.popitem(last=False)
            self._items.move_to_end(key)
            return found
