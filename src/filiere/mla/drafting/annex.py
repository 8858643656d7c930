"""The evidence annex: every original the request cites, by SHA-256, without a protected person's name."""

from __future__ import annotations

from filiere.cases import Case
from filiere.evidence import list_evidence
from filiere.mla.request import EvidenceRef, Protected, name_tokens, token_digest
from filiere.mla.texts import word


def evidence_annex(
    ws, case: Case, cited: list[int], protected: list[Protected], lang: str
) -> list[EvidenceRef]:
    """The originals cited, by SHA-256; a file name that carries a protected person's name is withheld
    (file names often carry the surname alone: "audition_KONATE_mineur")."""
    wanted = {i for i in cited if i is not None}
    digests = {d for p in protected for d in p.tokens}
    out = []
    for item in list_evidence(ws, case):
        if item["id"] not in wanted:
            continue
        name = item["original_name"]
        if digests & {token_digest(t) for t in name_tokens(name.replace("_", " "))}:
            name = word("text.annex_withheld", lang, kind=word(f"evidence_kinds.{item['kind']}", lang))
        out.append(EvidenceRef(item["id"], name, item["kind"], item["sha256"]))
    return out
