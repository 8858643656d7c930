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


def unique_name(name: str, taken: set[str]) -> str:
    """`name`, or `stem_2.txt`, `stem_3.txt`… when another file already has it; the choice joins `taken`."""
    stem, suffix = name.rsplit(".", 1)
    counter, chosen = 2, name
    while chosen in taken:
        chosen = f"{stem}_{counter}.{suffix}"
        counter += 1
    taken.add(chosen)
    return chosen
