"""Recount the demo case by simple line rules and compare with sample-case/EXPECTED.json.

Run from the repository root after editing any file of the case:
    .venv/bin/python examples/check_expected.py
It uses none of Filière's parsers on purpose: it is an independent count that the parsers' tests
are checked against. Exit status 1 when a count in EXPECTED.json no longer matches the files.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from pypdf import PdfReader

CASE = Path(__file__).parent / "sample-case"
EVIDENCE = CASE / "evidence"

# "SPEAKER : text" / "SPEAKER: text": a short label without digits, then a colon and some text.
SPEAKER = re.compile(r"^(?P<label>[A-ZÀ-Ý][A-ZÀ-Ý .'-]{0,24}?)\s?:\s+\S")
QA = re.compile(r"^(?:Question|Réponse|Answer|Q|R)\s?:\s", re.IGNORECASE)


def transcript_turns(text: str) -> int:
    """Dialogue lines after the first blank line (the end of the header block)."""
    _header, _blank, dialogue = text.partition("\n\n")
    return sum(1 for line in dialogue.splitlines() if SPEAKER.match(line) and not line.startswith("---"))


def interview_turns(text: str) -> int:
    _identity, _sep, statement = text.partition("\n\n")
    return sum(1 for line in statement.splitlines() if QA.match(line))


def csv_rows(data: bytes, encoding: str) -> int:
    lines = data.decode(encoding).splitlines()
    rows = [line for line in lines if line.strip() and not line.startswith("#")]
    return len(rows) - 1  # minus the header line


def pages(path: Path) -> int:
    if path.suffix == ".pdf":
        return len(PdfReader(path).pages)
    if path.suffix == ".docx":
        return 1
    parts = path.read_text(encoding="utf-8").split("\f")
    return len(parts) - (1 if len(parts) > 1 and not parts[-1].strip() else 0)


def count(name: str, kind: str) -> int:
    path = EVIDENCE / name
    if kind == "transcript":
        return transcript_turns(path.read_text(encoding="utf-8"))
    if kind == "interview":
        return interview_turns(path.read_text(encoding="utf-8"))
    if kind in ("cdr", "subscribers"):
        data = path.read_bytes()
        try:
            return csv_rows(data, "utf-8-sig")
        except UnicodeDecodeError:
            return csv_rows(data, "cp1252")
    return pages(path)


def main() -> int:
    expected = json.loads((CASE / "EXPECTED.json").read_text(encoding="utf-8"))
    files = expected["files"]
    on_disk = sorted(p.name for p in EVIDENCE.iterdir() if not p.name.startswith("."))
    problems = []
    if sorted(files) != on_disk:
        problems.append(f"file list differs: EXPECTED {sorted(files)} vs disk {on_disk}")
    for name, spec in sorted(files.items()):
        if not (EVIDENCE / name).exists():
            continue
        found = count(name, spec["kind"])
        mark = "ok" if found == spec["records"] else "MISMATCH"
        print(f"{mark:8} {spec['kind']:11} {spec['records']:3} (counted {found:3})  {name}")
        if found != spec["records"]:
            problems.append(f"{name}: EXPECTED says {spec['records']}, counted {found}")
        first = (EVIDENCE / name).read_bytes()[:400]
        if name.endswith((".txt", ".csv")) and b"FICTI" not in first.upper():
            problems.append(f"{name}: the first lines do not say the data is fictional")
    size = sum(p.stat().st_size for p in Path(__file__).parent.rglob("*") if p.is_file())
    print(f"examples/ size: {size / 1024:.0f} KiB")
    if size > 300 * 1024:
        problems.append("examples/ is larger than 300 KB")
    for problem in problems:
        print("PROBLEM:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
