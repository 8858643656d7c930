"""Role cues as data: the cue files compiled, and every cue found in a folded sentence.

The cue files (data/roles/cues_*.yaml) are compiled once: per role, one alternation that tells whether any
of its cues is in a sentence, then one pattern per cue. Whose act each cue shows is sentence_reader.py's job.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from filiere.data import load_yaml
from filiere.extract.language import fold_text

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "roles"
NATIONALITIES = DATA_DIR.parent / "vocab" / "nationalities.yaml"


@dataclass(frozen=True)
class Cue:
    id: str
    role: str | None
    subject: str  # actor | speaker | addressee | label
    kind: str  # act | label
    weight: float
    object_role: str | None = None
    object_weight: float = 0.0
    passive: bool = False  # the cue reads differently in the passive voice
    passive_role: str | None = None
    passive_weight: float = 0.0
    max_hits: int = 3
    window: int | None = None  # a circumstance cue: nearest name within this many words
    of_is_holder: bool = False


@dataclass(frozen=True)
class Vocabulary:
    cues: list[Cue]
    groups: list[tuple[re.Pattern[str], list[tuple[int, re.Pattern[str]]]]]  # any-cue filter, then each cue
    blank: re.Pattern[str]  # nationality/ethnicity/religion words, erased before analysis
    words: dict[str, frozenset[str]]
    settings: dict[str, Any]


def fold_pattern(pattern: str) -> str:
    """Fold a cue pattern like the text (accents, case), leaving escapes alone; spaces match any spacing."""
    parts = re.split(r"(\\.|\[[^\]]*\]|\(\?<[!=][^()]*\))", pattern)
    out = []
    for part in parts:
        if part.startswith("\\") or part.startswith("["):
            out.append(part)
        elif part.startswith("(?<"):  # a look-behind must keep a fixed width
            out.append(fold_text(part))
        else:
            out.append(fold_text(part).replace(" ", r"\s+"))
    return "".join(out)


def _cue_regex(entry: dict[str, Any]) -> str:
    if "words" in entry:
        words = sorted((fold_text(str(w)) for w in entry["words"]), key=len, reverse=True)
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return fold_pattern(str(entry["pattern"]))


def build_vocabulary(files: Iterable[str], settings_text: str, nationalities_text: str = "") -> Vocabulary:
    """Compile cue files (YAML text) and the settings into one vocabulary; errors name the cue."""
    settings = load_yaml(settings_text)
    default_hits = int(settings.get("default_max_hits", 3))
    groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
    cues: list[Cue] = []
    for text in files:
        for group, entries in (load_yaml(text).get("cues") or {}).items():
            for entry in entries:
                subject = entry.get("subject", "actor")
                if subject not in ("actor", "speaker", "addressee", "label"):
                    raise ValueError(f"cue {entry.get('id')}: subject {subject!r}")
                cue = Cue(
                    id=str(entry["id"]),
                    role=None if group == "other" else group,
                    subject=subject,
                    kind=entry.get("kind", "label" if subject == "label" else "act"),
                    weight=float(entry.get("weight", 1.0)),
                    object_role=entry.get("object_role"),
                    object_weight=float(entry.get("object_weight", entry.get("weight", 1.0))),
                    passive="passive_role" in entry,
                    passive_role=entry.get("passive_role"),
                    passive_weight=float(entry.get("passive_weight", 0.0)),
                    max_hits=int(entry.get("max_hits", default_hits)),
                    window=int(entry["window"]) if "window" in entry else None,
                    of_is_holder=bool(entry.get("of_is_holder", False)),
                )
                source = _cue_regex(entry)
                try:
                    re.compile(source)
                except re.error as error:
                    raise ValueError(f"cue {cue.id}: bad pattern: {error}") from error
                groups[group].append((len(cues), source))
                cues.append(cue)
    compiled = [
        (
            re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{source})(?!\\w)" for _i, source in members) + ")"),
            [(i, re.compile(rf"(?<!\w)(?:{source})(?!\w)")) for i, source in members],
        )
        for members in groups.values()
    ]
    words = {
        key: frozenset(fold_text(str(w)) for w in values) for key, values in settings["subjects"].items()
    }
    words["person_pronouns"] = words["first_person"] | words["second_person"] | words["third_person"]
    words["subject_pronouns"] = words["person_pronouns"] - (
        words["object_pronouns"] - {"nous", "vous", "lui", "you"}
    )
    never = {fold_text(str(w)) for w in settings.get("never_cues", [])}
    if nationalities_text:
        for forms in load_yaml(nationalities_text)["nationalities"].values():
            never |= {fold_text(str(form)) for form in forms}
    blank = re.compile(
        r"(?<!\w)(?:" + "|".join(sorted(map(re.escape, never), key=len, reverse=True)) + r")(?!\w)"
    )
    return Vocabulary(cues, compiled, blank, {**words, "never": frozenset(never)}, settings)


@cache
def vocabulary() -> Vocabulary:
    """The shipped cues, compiled once per process."""
    files = [p.read_text(encoding="utf-8") for p in sorted(DATA_DIR.glob("cues_*.yaml"))]
    settings = (DATA_DIR / "roles.yaml").read_text(encoding="utf-8")
    return build_vocabulary(files, settings, NATIONALITIES.read_text(encoding="utf-8"))


def cue_spans(folded: str, vocab: Vocabulary) -> list[tuple[int, int, Cue]]:
    """Every cue in the text; where cues of one role overlap, the strongest claims the words."""
    found: list[tuple[int, int, Cue]] = []
    for any_cue, members in vocab.groups:
        if any_cue.search(folded) is None:
            continue
        spans = [(m.start(), m.end(), vocab.cues[i]) for i, regex in members for m in regex.finditer(folded)]
        spans.sort(key=lambda s: (-max(s[2].weight, s[2].object_weight, s[2].passive_weight), s[0]))
        kept: list[tuple[int, int, Cue]] = []
        for span in spans:
            if all(span[1] <= k[0] or k[1] <= span[0] for k in kept):
                kept.append(span)
        found += sorted(kept, key=lambda s: s[0])
    return found
