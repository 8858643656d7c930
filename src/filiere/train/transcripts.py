"""`render_transcripts(scenario, out_dir)`: one intercept transcript file per intercepted call.

The clerk labels speakers as the unit knows them (a nickname or given name in capitals, sometimes the full
name, rarely "HOMME" when the voice is not known yet), always lists the caller first (the resolver ties
the first speaker to the caller's line), writes numbers the way clerks of the case's country do, and adds
the notes clerks add ("[inaudible]", "(en haoussa)"). Layouts and file names vary (layouts.py).
"""

from __future__ import annotations

import random
from pathlib import Path

from filiere.extract.language import fold_text
from filiere.ingest.dialogue import MARKER_LABELS, fold, looks_like_speaker
from filiere.ingest.header import make_vocabulary, normalise_key
from filiere.ingest.transcript import TRANSCRIPT_KEYS
from filiere.train.dialogue import Turn, converse
from filiere.train.files import FileRecord, generated_banner, unique_name
from filiere.train.layouts import LAYOUTS, SMS_LAYOUTS, Layout, Sheet, Style
from filiere.train.phones import national_digits, written
from filiere.train.scenario import ENGLISH_COUNTRIES, Call, Person, Scenario, rng_for

__all__ = ["clerk_language", "render_transcripts", "transcript_text"]

_HEADER_KEYS = make_vocabulary(TRANSCRIPT_KEYS)
GENERIC = {
    "fr": {
        "m": ["HOMME", "INTERLOCUTEUR", "VOIX MASCULINE", "HOMME NON IDENTIFIÉ"],
        "f": ["FEMME", "INTERLOCUTRICE", "VOIX FÉMININE"],
    },
    "en": {
        "m": ["UNKNOWN MALE", "MALE VOICE", "UNIDENTIFIED MALE"],
        "f": ["UNKNOWN FEMALE", "FEMALE VOICE", "WOMAN"],
    },
}
NOTES = {
    "fr": {
        "after": [
            "[inaudible]",
            "(inaudible)",
            "[rires]",
            "(bruit de moteur)",
            "[passage inaudible]",
            "(tousse)",
        ],
        "before": ["(à voix basse) ", "(rires) ", "(bruit de fond) ", "(hésite) "],
        "local": "(en {language}, traduit) ",
        "other": {"en": "(en anglais) ", "fr": "(en français) "},
    },
    "en": {
        "after": ["[inaudible]", "(inaudible)", "[laughs]", "(engine noise)", "[unclear]", "(coughs)"],
        "before": ["(whispering) ", "(laughs) ", "(background noise) ", "(hesitates) "],
        "local": "(in {language}, translated) ",
        "other": {"fr": "(in French) ", "en": "(in English) "},
    },
}
LOCAL_LANGUAGES = {
    "fr": {"ML": "bambara", "NE": "haoussa", "BF": "mooré", "SN": "wolof", "NG": "haoussa", "GH": "twi",
           "LY": "arabe", "DZ": "arabe", "MR": "hassaniya"},
    "en": {"ML": "Bambara", "NE": "Hausa", "BF": "Moore", "SN": "Wolof", "NG": "Pidgin", "GH": "Twi",
           "LY": "Arabic", "DZ": "Arabic", "MR": "Hassaniya"},
}  # fmt: skip
OPERATIONS = ["SIROCCO", "DUNE", "HARMATTAN", "CARAVANE", "OASIS", "MIRAGE", "BAOBAB", "TÉNÉRÉ"]


def clerk_language(scenario: Scenario) -> str:
    """The language the unit writes in: the case's, or for a mixed case the case country's."""
    if scenario.language != "mixed":
        return scenario.language
    return "en" if scenario.case_country in ENGLISH_COUNTRIES else "fr"


def _usable(label: str) -> bool:
    """A label the transcript reader takes as a speaker, never as a header key or a section marker."""
    return (
        looks_like_speaker(label)
        and normalise_key(label) not in _HEADER_KEYS
        and fold(label) not in MARKER_LABELS
        and ":" not in label
    )


class Clerk:
    """How the listening post labels each person: a usual label per member, and over the weeks the
    other names it learns for the same voice (nicknames, then the full name), so that the labels heard on
    one line tell the analyst that "ALHAJI", "LE VIEUX" and "Babacar DIOP" are one man."""

    def __init__(self, scenario: Scenario, rng: random.Random, language: str):
        self.scenario = scenario
        self.language = language
        self.usual: dict[str, str] = {}
        self.used: dict[str, set[str]] = {pid: set() for pid in scenario.people}
        self.known: set[str] = set()  # members the unit has identified by name
        for pid in sorted(scenario.people):
            person = scenario.people[pid]
            forms = self.forms(person)
            weights = [0.55 if f in self._nick_labels(person) else 0.25 for f in forms]
            self.usual[pid] = rng.choices(forms, weights=weights)[0]

    @staticmethod
    def _nick_labels(person: Person) -> list[str]:
        return [n.upper() for n in person.nicknames]

    def forms(self, person: Person) -> list[str]:
        family = person.family.upper()
        candidates = [
            *self._nick_labels(person),
            f"{person.given} {family}",
            person.given.upper(),
            f"{family} {person.given}",
        ]
        usable = [c for c in candidates if _usable(c)]
        return usable or [person.given.upper()]

    def identified(self, person: Person, nick: str | None = None) -> str:
        """The label once the unit has identified the voice (subscriber request, ID check): a nickname
        with the full name in brackets, "PILOTE (Cheikh SOW)", or the full name alone."""
        usual = self.usual[person.id]
        full = f"{person.given} {person.family.upper()}"
        nicks = [n for n in self._nick_labels(person) if _usable(n)]
        if not nicks:
            return full if _usable(full) else usual
        label = f"{nick or (usual if usual in nicks else nicks[0])} ({full})"
        return label if len(label) <= 40 and _usable(label) else full if _usable(full) else usual

    def label(self, person: Person, rng: random.Random, unknown_ok: bool, identify: bool = False) -> str:
        if unknown_ok:
            return rng.choice(GENERIC[self.language][person.sex])
        used = self.used[person.id]
        forms = self.forms(person)
        unused = [f for f in forms if f not in used]
        if identify:
            self.known.add(person.id)
            chosen = self.identified(person)
        elif not used:
            chosen = self.usual[person.id]
        elif unused and rng.random() < 0.5:
            chosen = unused[0]
        else:
            chosen = self.usual[person.id] if rng.random() < 0.75 else rng.choice(forms)
        first_time = chosen not in used
        used.add(chosen)
        if (
            person.id in self.known
            and chosen in self._nick_labels(person)
            and (first_time or rng.random() < 0.4)
        ):
            return self.identified(person, chosen)  # once identified, a new nickname gets the name too
        return chosen


def _noted(turns: list[Turn], countries: dict[str, str], rng: random.Random, language: str) -> list[str]:
    """Turn texts with the clerk's notes: another language flagged once, a turn said in the speaker's
    local language and translated, a few noises and inaudibles."""
    notes = NOTES[language]
    texts: list[str] = []
    flagged: set[str] = set()
    for index, turn in enumerate(turns):
        text = turn.text
        greeting = index < 2  # greetings are said as they are, whatever the language
        if turn.language != language and turn.language not in flagged and rng.random() < 0.8:
            flagged.add(turn.language)
            text = notes["other"][turn.language] + text
        elif not greeting and rng.random() < 0.03 and countries[turn.side] in LOCAL_LANGUAGES[language]:
            local = LOCAL_LANGUAGES[language][countries[turn.side]]
            text = notes["local"].format(language=local) + text
        elif rng.random() < 0.03:
            text = rng.choice(notes["before"]) + text
        elif rng.random() < 0.06:
            text = f"{text} {rng.choice(notes['after'])}"
        texts.append(text)
    return texts


def _timecode(seconds: int, brackets: str) -> str:
    code = f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return f"{brackets[0]}{code}{brackets[1]} "


def transcript_text(
    banner: str, header: list[str], style: Style, labels: list[str], texts: list[str], duration: int
) -> str:
    """The file's text: banner, header, blank line, dialogue, end line, footer (one trailing newline)."""
    lines = [banner, *header, ""]
    if style.marker:
        lines += [style.marker, ""] if style.blank_between else [style.marker]
    # timecodes run with the length of what was said, over the call's duration
    total = sum(len(text) for text in texts) or 1
    said = 0
    for label, text in zip(labels, texts, strict=True):
        code = _timecode(duration * said // total, style.timecodes) if style.timecodes else ""
        said += len(text)
        lines.append(f"{code}{style.bullet}{label}{style.separator}{text}")
        if style.blank_between:
            lines.append("")
    if not style.blank_between:
        lines.append("")
    lines.append(style.end_line)
    lines += style.footer
    return "\n".join(lines) + "\n"


def _unit_code(scenario: Scenario, language: str) -> str:
    town = scenario.route["origin" if language == "en" else "hub"]["place"]
    letters = fold_text(scenario.place_name(town)).replace(" ", "").replace("-", "").upper()
    return ("AHTU-" if language == "en" else "BR-") + letters[:3]


def render_transcripts(scenario: Scenario, out_dir: Path) -> list[FileRecord]:
    """Write one transcript per intercepted call of `scenario` in `out_dir`, in call order."""
    case_rng = rng_for(scenario.seed, "transcripts")
    language = clerk_language(scenario)
    clerk = Clerk(scenario, case_rng, language)
    layouts = LAYOUTS[language]
    preferred = case_rng.sample(layouts, k=len(layouts))
    weights = [0.55, 0.25, 0.12, 0.08][: len(preferred)]
    ref_base = case_rng.randrange(100, 800)
    operation = case_rng.choice(OPERATIONS)
    unit_code = _unit_code(scenario, language)
    banner = generated_banner(language, scenario.seed)
    names: set[str] = set()
    records: list[FileRecord] = []
    calls = [c for c in scenario.calls if c.intercepted]
    # Early in a case a few voices are not identified yet: one call in twenty, in the first half.
    unknown_voices = set(case_rng.sample(range((len(calls) + 1) // 2), k=len(calls) // 20))
    identify_at = _identifications(scenario, calls, unknown_voices, case_rng)
    for seq, call in enumerate(calls, start=1):
        rng = rng_for(scenario.seed, f"transcript:{call.id}")
        turns, named = converse(scenario, call, rng)
        layout = SMS_LAYOUTS[language] if call.sms else rng.choices(preferred, weights=weights)[0]
        sheet = _sheet(scenario, call, rng, language, ref_base + seq, seq, unit_code, operation, turns)
        caller, callee = scenario.people[call.caller], scenario.people[call.callee]
        unknown = rng.choice(["A", "B"]) if seq - 1 in unknown_voices else ""
        label_a = clerk.label(caller, rng, unknown == "A", identify_at.get(caller.id) == seq)
        label_b = clerk.label(callee, rng, unknown == "B", identify_at.get(callee.id) == seq)
        if fold(label_a) == fold(label_b):
            label_b = f"{callee.given} {callee.family.upper()}"
        labels = [label_a if t.side == "A" else label_b for t in turns]
        text = transcript_text(
            banner,
            layout.header(sheet),
            layout.style(sheet),
            labels,
            _noted(turns, {"A": caller.country, "B": callee.country}, rng, language),
            call.duration,
        )
        name = _unique(layout, sheet, names)
        (out_dir / name).write_text(text, encoding="utf-8", newline="\n")
        people = {call.caller, call.callee} | named
        shows = {call.topic} if call.topic else set()
        records.append(FileRecord(name, "transcript", shows, people, len(turns)))
    return records


def _identifications(
    scenario: Scenario, calls: list[Call], unknown_voices: set[int], rng: random.Random
) -> dict[str, int]:
    """For each member heard on the intercepts, the call (1-based) from which the clerk labels him with
    his full name: one of his first calls, so that every member's nickname is tied to his name at least
    once, as a unit does once the subscriber requests and ID checks come back."""
    heard: dict[str, list[int]] = {}
    for seq, call in enumerate(calls, start=1):
        if seq - 1 in unknown_voices:
            continue  # who is unknown on that call is drawn later: never identify on it
        for pid in (call.caller, call.callee):
            heard.setdefault(pid, []).append(seq)
    chosen: dict[str, int] = {}
    for pid in sorted(heard):
        if scenario.people[pid].is_member:
            seqs = heard[pid]
            chosen[pid] = seqs[min(len(seqs) - 1, rng.randrange(3))]
    return chosen


def _sheet(
    scenario: Scenario,
    call: Call,
    rng: random.Random,
    language: str,
    ref_number: int,
    seq: int,
    unit_code: str,
    operation: str,
    turns: list[Turn],
) -> Sheet:
    home = scenario.case_country
    caller_tapped = scenario.lines[call.caller_line].tapped if call.caller_line in scenario.lines else False
    callee_tapped = scenario.lines[call.callee_line].tapped if call.callee_line in scenario.lines else False
    target_is_caller = caller_tapped or not callee_tapped
    caller = written(call.caller_line, rng, home)
    callee = written(call.callee_line, rng, home)
    target_line = call.caller_line if target_is_caller else call.callee_line
    target = caller if target_is_caller and rng.random() < 0.6 else written(target_line, rng, home)
    if not target_is_caller and rng.random() < 0.6:
        target = callee
    heard = sorted({t.language for t in turns}, key=lambda lang: (lang != language, lang))
    return Sheet(
        language=language,
        ref_number=ref_number,
        seq=seq,
        when=call.when,
        duration=call.duration,
        caller=caller,
        callee=callee,
        target=target,
        target_digits=national_digits(target_line),
        target_is_caller=target_is_caller,
        unit=scenario.unit,
        unit_code=unit_code,
        operation=operation,
        heard=heard,
        rng=rng,
    )


def _unique(layout: Layout, sheet: Sheet, taken: set[str]) -> str:
    return unique_name(layout.file_name(sheet), taken)
