"""One element's verdict: supported, contradicted, missing or not required, with its citations."""

from __future__ import annotations

from filiere.qualify.findings import MAX_CITATIONS

SUPPORTED, CONTRADICTED, MISSING, NOT_REQUIRED = "supported", "contradicted", "missing", "not_required"


def element(name: str, supporting: list[dict], contradicting: list[dict] | None = None, **extra) -> dict:
    """Supported when a passage shows it; contradicted when passages only speak against it."""
    contradicting = contradicting or []
    status = SUPPORTED if supporting else CONTRADICTED if contradicting else MISSING
    out = {
        "element": name,
        "status": status,
        "evidence": supporting[:MAX_CITATIONS],
        "contradicting": contradicting[:MAX_CITATIONS],
    }
    out.update({k: v for k, v in extra.items() if v is not None})
    return out


def holds(item: dict) -> bool:
    return item["status"] in (SUPPORTED, NOT_REQUIRED)
