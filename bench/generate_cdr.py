"""Benchmark: generating an N-row operator CDR for a training case (`render_cdr`, streamed, numpy chunks).

Prints rows, seconds, rows/s and peak memory of each generation (run in a fresh subprocess so the peak is
its own), and the ratio against a naive writer (csv.writer, one `random` draw per cell and one strftime
per row) on 1M rows. Target (issue 5, 2-core machine): 10M rows in under 60 s without holding them.

    python bench/generate_cdr.py --rows 1000000 --rows 10000000
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

BASELINE_ROWS = 1_000_000


def child(rows: int, seed: int, size: str, out_dir: Path) -> None:
    """Run in the subprocess: generate, then print the figures as JSON."""
    from filiere.train.cdr import render_cdr
    from filiere.train.draw import draw_scenario

    scenario = draw_scenario(seed, size, "fr")
    started = time.perf_counter()
    records = render_cdr(scenario, out_dir, rows=rows)
    elapsed = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    written = sum(r.records or 0 for r in records)
    size_mib = sum((out_dir / r.name).stat().st_size for r in records) / 2**20
    print(json.dumps({"rows": written, "seconds": elapsed, "peak_mib": peak_mib, "mib": size_mib}))


def baseline_rows_per_second(path: Path, rows: int = BASELINE_ROWS) -> float:
    """The naive writer: csv.writer and the random module, cell by cell, row by row."""
    rng = random.Random(7)
    numbers = [f"{rng.choice((90, 93, 96, 98))}{rng.randrange(10**6):06d}" for _ in range(2000)]
    start = datetime(2025, 3, 1)
    started = time.perf_counter()
    with open(path, "w", encoding="cp1252", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(["Appelant", "Appelé", "Date/Heure", "Durée (s)", "Type", "Cellule", "IMEI"])
        for i in range(rows):
            sms = rng.random() < 0.22
            when = start + timedelta(seconds=i * 3 + rng.randrange(3))
            writer.writerow(
                [
                    rng.choice(numbers),
                    rng.choice(numbers),
                    when.strftime("%d/%m/%Y %H:%M:%S"),
                    0 if sms else rng.randrange(3, 900),
                    "SMS" if sms else "VOIX",
                    f"AGD-{rng.randrange(10000):04d}",
                    f"35{rng.randrange(10**13):013d}",
                ]
            )
    return rows / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, action="append", help="row counts to run (repeatable)")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--size", default="medium")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = args.rows or [1_000_000]
    if args.child:
        child(sizes[0], args.seed, args.size, args.child)
        return
    print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="filiere-bench-", dir=os.environ.get("BENCH_TMP")) as tmp:
        base = baseline_rows_per_second(Path(tmp) / "naive.csv")
    print(f"naive csv.writer + random: {base:12,.0f} rows/s (on {BASELINE_ROWS:,} rows)")
    for rows in sizes:
        with tempfile.TemporaryDirectory(prefix="filiere-bench-", dir=os.environ.get("BENCH_TMP")) as tmp:
            command = [sys.executable, __file__, "--rows", str(rows), "--seed", str(args.seed)]
            command += ["--size", args.size, "--child", tmp]
            done = subprocess.run(command, check=True, capture_output=True, text=True)
            figures = json.loads(done.stdout.strip().splitlines()[-1])
        ours = figures["rows"] / figures["seconds"]
        target = "OK" if rows < 10_000_000 or figures["seconds"] < 60 else "MISSED"
        print(
            f"\n{figures['rows']:,} rows ({figures['mib']:,.0f} MiB): {figures['seconds']:7.1f} s  "
            f"{ours:12,.0f} rows/s  peak RSS {figures['peak_mib']:,.0f} MiB"
        )
        print(f"  ratio: {ours / base:.1f}x the naive writer   target (10M < 60 s): {target}")


if __name__ == "__main__":
    main()
