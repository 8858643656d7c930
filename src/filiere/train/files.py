"""What every renderer of a generated case returns, and the line that says a file is generated."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FileRecord:
    """One generated evidence file: its name in evidence/, the ingest kind it must be read as, and what it
    shows (event ids, person ids) so that truth.json can say which files prove which fact."""

    name: str
    kind: str  # transcript | interview | cdr | subscribers | document
    shows: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    records: int | None = None  # rows of a CSV, turns of a transcript


def generated_banner(language: str, seed: int) -> str:
    """First line of every generated file (CSV files put it after '# ')."""
    if language == "en":
        return f"GENERATED DATA — Filière training case, seed {seed} — no real person, no real case"
    return (
        f"DONNÉES GÉNÉRÉES — cas d'exercice Filière, graine {seed} — aucune personne réelle, aucun cas réel"
    )
