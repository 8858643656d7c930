"""Rows per second of iter_cdr alone on a generated 1M-row CDR file (`;`, dd/mm/yyyy, CRLF, Latin-1).

Usage: python bench/parse_cdr.py [ROWS]. The budget is about 1.5 µs/row (10M rows ingested, parser +
phone normalisation + database insert, in under 60 s on a 2-core machine).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from filiere.ingest.cdr import cdr_layout, iter_cdr
from filiere.ingest.records import RowError

BUDGET_US = 1.5


def write_cdr(path: Path, rows: int, seed: int = 7) -> None:
    """A fictional operator export: title line, Latin-1 header, national numbers, voice and SMS rows."""
    rnd = random.Random(seed)
    callers = [f"76{rnd.randrange(10**6):06d}" for _ in range(2000)]
    callees = [f"9{rnd.randrange(10**7):07d}" for _ in range(5000)]
    cells = [f"610{rnd.randrange(100):02d}-{rnd.randrange(9000) + 1000}" for _ in range(300)]
    with open(path, "w", encoding="cp1252", newline="") as f:
        f.write("Opérateur : Réseau Fictif SA;Période : 01/03/2024 - 31/03/2024\r\n")
        f.write("Appelant;Appelé;Date/Heure;Durée;Cellule;IMEI;IMSI;Type\r\n")
        for _ in range(rows):
            sms = rnd.random() < 0.3
            f.write(
                f"{rnd.choice(callers)};{rnd.choice(callees)};"
                f"{rnd.randrange(1, 32):02d}/03/2024 {rnd.randrange(24):02d}:{rnd.randrange(60):02d}:"
                f"{rnd.randrange(60):02d};{'' if sms else rnd.randrange(1, 900)};{rnd.choice(cells)};"
                f"35{rnd.randrange(10**13):013d};61002{rnd.randrange(10**10):010d};"
                f"{'SMS' if sms else 'Voix'}\r\n"
            )


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cdr.csv"
        write_cdr(path, rows)
        layout = cdr_layout(path)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            good = bad = 0
            for row in iter_cdr(layout):
                if type(row) is RowError:
                    bad += 1
                else:
                    good += 1
            best = min(best, time.perf_counter() - start)
        per_row = best / rows * 1e6
        print(f"iter_cdr: {rows:,} rows ({good:,} calls, {bad} errors) in {best:.2f} s (best of 3)")
        print(
            f"{rows / best:,.0f} rows/s, {per_row:.2f} µs/row; budget {BUDGET_US} µs/row "
            f"({per_row / BUDGET_US:.0%} of it)"
        )


if __name__ == "__main__":
    main()
