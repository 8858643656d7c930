"""Benchmark: words/second of the whole extraction (rules + spaCy + merge) against spaCy alone.

Texts are the dialogue turns and statements of the fictional sample case, repeated with their numbers,
names and amounts varied so that caches do not flatter the figures (generated, not real data). Prints
words/s for n_process 1 and 2 and the cost of our rules as a share of spaCy's time.
Target (issue 3, 2-core machine): >= 5,000 words/s with the small French model; rules add < 30 %.

    python bench/extract.py --words 60000
"""

from __future__ import annotations

import argparse
import random
import re
import time
from pathlib import Path

from filiere.extract.mention import Context
from filiere.extract.ner import load_model
from filiere.extract.text import Unit, extract_units

SAMPLES = Path(__file__).resolve().parent.parent / "examples" / "sample-case" / "evidence"
SPEAKER = re.compile(r"^\s*[A-ZÀ-Ü][\w .'’-]{0,30}\s?:\s+(.+)$")


def sample_sentences() -> list[str]:
    lines = []
    for path in sorted(SAMPLES.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = SPEAKER.match(line)
            if match and len(match.group(1).split()) >= 4:
                lines.append(match.group(1))
    return lines


def generated_units(words: int, seed: int = 11) -> list[str]:
    """Turns built from the sample sentences with digits and capitalised names shuffled."""
    rng = random.Random(seed)
    sentences = sample_sentences()
    names = ["Moussa", "Ibrahim", "Fatouma", "Abdoulaye", "Blessing", "Issa", "Aminata", "Oumarou", "Salif"]
    units, total = [], 0
    while total < words:
        text = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 3)))
        text = re.sub(r"\d", lambda _m: str(rng.randrange(10)), text)
        text = re.sub(r"\b(Moussa|Abdou|Issa|Fati)\b", lambda _m: rng.choice(names), text)
        units.append(text)
        total += len(text.split())
    return units


def run(texts: list[str], n_process: int, use_model: bool = True) -> float:
    ctx = Context(region="NE")
    units = [Unit(t, ctx) for t in texts]
    started = time.perf_counter()
    for start in range(0, len(units), 256):
        extract_units(units[start : start + 256], use_model=use_model, n_process=n_process)
    return time.perf_counter() - started


def spacy_alone(texts: list[str], n_process: int) -> float:
    nlp = load_model()
    started = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=64, n_process=n_process):
        pass
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--words", type=int, default=60_000)
    args = parser.parse_args()
    texts = generated_units(args.words)
    words = sum(len(t.split()) for t in texts)
    load_model()
    run(texts[:50], 1)  # warm caches (gazetteer, regexes)
    print(f"{words:,} words in {len(texts):,} turns (generated from the fictional sample case)")
    rules = run(texts, 1, use_model=False)
    print(f"  rules only          : {words / rules:10,.0f} words/s")
    for n_process in (1, 2):
        base = spacy_alone(texts, n_process)
        full = run(texts, n_process)
        print(f"  n_process={n_process} spaCy alone : {words / base:10,.0f} words/s")
        print(
            f"  n_process={n_process} extraction  : {words / full:10,.0f} words/s   "
            f"rules add {100 * (full - base) / base:.0f} % to spaCy   target >= 5,000 words/s: "
            f"{'OK' if words / full >= 5000 else 'MISSED'}"
        )


if __name__ == "__main__":
    main()
