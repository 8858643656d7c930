"""Roles from what people do in the evidence, each guess shown by the sentences that carry it.

An analyst reads "Abdou encaisse pour le vieux" and writes *financier* next to Abdou: the act, and whose act
it is. The cues (data/roles/cues_*.yaml) say what an act looks like; sentence_reader finds whose act each cue
shows - the grammatical subject ("Abdou encaisse" -> Abdou; "je conduis" spoken by Ali -> Ali; "il conduit"
-> the name before "il"), the holder of a role noun ("le chauffeur Ali"), the agent of a passive ("recrutée
par Moussa"), the name after "travaille pour" - then weighs the cues, the hearing status and a few
structural hints (calls made, money in and out) into a score per role.

Nationality, ethnicity, religion and language words are never cues: they are blanked out of the text
before any cue or subject is looked for, so adding them anywhere changes nothing (tested).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from filiere.extract.language import fold_text
from filiere.i18n import _
from filiere.network.role_cues import DATA_DIR, Cue, Vocabulary, cue_spans, vocabulary
from filiere.network.sentence_reader import ADDRESSEE, SELF, SPEAKER, SentenceReader, names_pattern

__all__ = [
    "CRIMINAL_ROLES",
    "DATA_DIR",
    "TRAVELLER_ROLES",
    "UNKNOWN",
    "PersonFacts",
    "RoleEvidence",
    "RoleGuess",
    "Sentence",
    "infer_role",
    "role_label",
    "vocabulary",
]

UNKNOWN = "unknown"
# What members of a network do, and who the people they move are (the rest of data/roles/roles.yaml's roles).
CRIMINAL_ROLES = (
    "organiser",
    "recruiter",
    "transporter",
    "guide",
    "ghetto_keeper",
    "financier",
    "forger",
    "corrupt_official",
    "exploiter",
)
TRAVELLER_ROLES = ("victim", "migrant")


@dataclass(frozen=True)
class Sentence:
    """A sentence (or dialogue turn) that names the person or that the person spoke."""

    text: str
    evidence_id: int | None = None
    speaker_is_person: bool = False
    mentions: Sequence[Any] = ()  # (type, text, value) tuples or objects with .type and .text
    listener_is_person: bool = False  # a call turn spoken TO the person: "tu"/"you" is the person


@dataclass
class PersonFacts:
    id: Any
    names: list[str]
    sentences: list[Sentence] = field(default_factory=list)
    said: list[Sentence] = field(default_factory=list)  # turns this person spoke
    heard_status: str | None = None  # hearing record "Qualité": victime, témoin, mis en cause, suspect...
    minor: bool | None = None
    payments_in: float = 0.0
    payments_out: float = 0.0
    calls_made: int = 0
    calls_received: int = 0
    contacts: int = 0
    heard: list[Sentence] = field(default_factory=list)  # call turns the other party spoke to them
    known_names: frozenset[str] = frozenset()  # folded names and nicknames of everyone in the case
    orders_to: int = 0  # how many people this person gives orders to in intercepted calls


@dataclass(frozen=True)
class RoleEvidence:
    text: str  # the sentence, or the fact (hearing status, call counts)
    evidence_id: int | None
    cue: str  # the words of the sentence that carry the cue, or the id of a structural hint
    cue_id: str = ""
    weight: float = 0.0


@dataclass(frozen=True)
class RoleGuess:
    """The guess. Below the threshold `role` is "unknown", `runner_up` the best weak guess and `evidence`
    its cues."""

    role: str
    score: float
    evidence: list[RoleEvidence]
    runner_up: str | None
    scores: dict[str, float] = field(default_factory=dict)


# --- scoring -----------------------------------------------------------------------------------------


@dataclass
class _Hit:
    role: str
    weight: float
    cue: Cue
    sentence: int
    text: str
    evidence_id: int | None
    surface: str


def _mention_parts(mention: Any) -> tuple[str, str]:
    if isinstance(mention, (tuple, list)):
        return str(mention[0]), str(mention[1])
    return str(mention.type), str(mention.text)


def _sentences(facts: PersonFacts) -> list[Sentence]:
    """The person's sentences and turns once each. A turn they spoke counts as spoken by them, a call
    turn spoken to them as heard by them; a sentence inside one of those turns is read with the turn."""
    turns: dict[tuple[Any, str], Sentence] = {}
    for sentence, spoken, heard in [(s, True, False) for s in facts.said or []] + [
        (s, False, True) for s in facts.heard or []
    ]:
        key = (sentence.evidence_id, sentence.text)
        old = turns.get(key)
        if old is not None:
            spoken, heard = spoken or old.speaker_is_person, heard or old.listener_is_person
        turns[key] = Sentence(sentence.text, sentence.evidence_id, spoken, sentence.mentions, heard)
    by_evidence: dict[Any, list[str]] = defaultdict(list)
    for evidence_id, text in turns:
        by_evidence[evidence_id].append(text)
    seen: dict[tuple[Any, str], int] = {}
    out: list[Sentence] = []
    for sentence in facts.sentences or []:
        key = (sentence.evidence_id, sentence.text)
        if key in turns or key in seen:
            continue
        if sentence.text and any(sentence.text in text for text in by_evidence.get(sentence.evidence_id, ())):
            continue
        seen[key] = len(out)
        out.append(sentence)
    return out + list(turns.values())


def _sentence_hits(
    index: int,
    sentence: Sentence,
    names: re.Pattern[str] | None,
    own: set[str],
    vocab: Vocabulary,
    known: frozenset[str] = frozenset(),
) -> list[_Hit]:
    """The cues of one sentence that show an act of the person (SELF, or SPEAKER of their own turn)."""
    own_words = {word for name in own for word in name.split()}
    others = []
    for mention in sentence.mentions:
        kind, text = _mention_parts(mention)
        folded = fold_text(text).strip()
        # a part of the person's own name ("Moussa" for "Moussa KEITA") is the person, not someone else
        if kind == "person" and folded and folded not in own and not set(folded.split()) <= own_words:
            others.append(folded)
    reader = SentenceReader(sentence.text, names, others, vocab)
    text = re.sub(r"\s", " ", sentence.text)
    hits: list[_Hit] = []

    def add(owners: list[str], role: str | None, weight: float, cue: Cue, start: int, end: int) -> None:
        mine = (
            SELF in owners
            or (SPEAKER in owners and sentence.speaker_is_person)
            or (ADDRESSEE in owners and sentence.listener_is_person)
        )
        if role and weight > 0 and mine:
            surface = sentence.text[start:end]
            hits.append(_Hit(role, weight, cue, index, sentence.text, sentence.evidence_id, surface))

    for start, end, cue in cue_spans(reader.folded, vocab):
        if reader.negated(start, end):
            continue
        nickname = reader.folded[start:end] in known and text[start].isupper()
        if cue.subject != "label" and (reader.in_name(start, end) or nickname):
            continue  # a nickname ("Pilote", "Rapide") is not an act
        if cue.subject == "speaker":
            add([SPEAKER], cue.role, cue.weight, cue, start, end)
            continue
        if cue.subject == "addressee":
            add([ADDRESSEE], cue.role, cue.weight, cue, start, end)
            continue
        if cue.subject == "label":
            # a role word inside a nickname ("Big Boss", "Madam Gift") says less than one said of someone
            weight = cue.weight * (0.5 if reader.in_name(start, end) or nickname else 1.0)
            add(reader.holder(start, end, cue), cue.role, weight, cue, start, end)
            continue
        aux = reader.passive(start) if cue.passive else None
        if aux is not None:
            add(reader.subject(aux - 1), cue.passive_role, cue.passive_weight, cue, start, end)
            add(reader.name_after(end, 6, agent_only=True), cue.role, cue.weight, cue, start, end)
            continue
        actor = reader.subject(reader._before(start)) or reader.name_after(end, 3, actor=True)
        add(actor, cue.role, cue.weight, cue, start, end)
        if cue.object_role:
            objects = [o for o in reader.name_after(end, (cue.window or 4) + 2) if o not in actor]
            add(objects, cue.object_role, cue.object_weight, cue, start, end)
    return hits


def _structure(facts: PersonFacts, settings: dict[str, Any]) -> list[tuple[str, float, RoleEvidence]]:
    """Hints from call and payment counts; each comes with the fact that shows it."""
    found = []
    hints = settings.get("structure", {})
    made, received = facts.calls_made or 0, facts.calls_received or 0
    pay_in, pay_out = facts.payments_in or 0.0, facts.payments_out or 0.0
    h = hints.get("calls")
    if h and made >= h["calls_made_min"] and made >= h["made_per_received_min"] * max(received, 1):
        text = _("Made {made} calls, received {received}").format(made=made, received=received)
        found.append((h["role"], h["weight"], text, "structure:calls"))
    h = hints.get("orders")
    if h and facts.orders_to >= h["people_min"]:
        weight = min(h["max"], h["weight"] + h["per_extra"] * (facts.orders_to - h["people_min"]))
        text = _("Gives orders to {count} people in intercepted calls").format(count=facts.orders_to)
        found.append((h["role"], weight, text, "structure:orders"))
    h = hints.get("commissions")
    if (
        h
        and pay_in >= h["payments_in_min"]
        and pay_in >= h["in_per_out_min"] * pay_out
        and (facts.contacts or 0) >= h["contacts_min"]
    ):
        text = _("Received {received:g} in payments, paid out {paid:g}, {contacts} contacts").format(
            received=pay_in, paid=pay_out, contacts=facts.contacts
        )
        found.append((h["role"], h["weight"], text, "structure:commissions"))
    h = hints.get("pass_through")
    if (
        h
        and min(pay_in, pay_out) >= h["both_min"]
        and min(pay_in, pay_out) >= h["smaller_per_larger_min"] * max(pay_in, pay_out)
    ):
        text = _("Money in ({received:g}) and out ({paid:g}) of similar size").format(
            received=pay_in, paid=pay_out
        )
        found.append((h["role"], h["weight"], text, "structure:pass_through"))
    h = hints.get("fare")
    if h and pay_out >= h["payments_out_min"] and pay_in == 0 and (facts.contacts or 0) <= h["contacts_max"]:
        text = _("Paid {paid:g}, received nothing, {contacts} contacts").format(
            paid=pay_out, contacts=facts.contacts
        )
        found.append((h["role"], h["weight"], text, "structure:fare"))
    return [
        (role, float(w), RoleEvidence(text, None, cue_id, cue_id, float(w)))
        for role, w, text, cue_id in found
    ]


def infer_role(facts: PersonFacts, vocab: Vocabulary | None = None) -> RoleGuess:
    """The person's most likely role, the runner-up, every role's score and the sentences behind the guess."""
    vocab = vocab or vocabulary()
    settings = vocab.settings
    roles: list[str] = list(settings["roles"])
    own = {fold_text(n).strip() for n in facts.names if n and n.strip()}
    names = names_pattern(facts.names)
    hits: list[_Hit] = []
    for index, sentence in enumerate(_sentences(facts)):
        hits += _sentence_hits(index, sentence, names, own, vocab, facts.known_names)

    scores: dict[str, float] = dict.fromkeys(roles, 0.0)
    shown: dict[str, list[RoleEvidence]] = defaultdict(list)
    per_cue: Counter[str] = Counter()
    per_sentence: dict[tuple[int, str], float] = defaultdict(float)
    acts: set[str] = set()
    cap = float(settings.get("sentence_cap", 3.0))
    for hit in hits:
        if per_cue[hit.cue.id] >= hit.cue.max_hits:
            continue
        weight = min(hit.weight, cap - per_sentence[(hit.sentence, hit.role)])
        if weight <= 0:
            continue
        per_cue[hit.cue.id] += 1
        per_sentence[(hit.sentence, hit.role)] += weight
        scores[hit.role] += weight
        if hit.cue.kind == "act":
            acts.add(hit.role)
        shown[hit.role].append(RoleEvidence(hit.text, hit.evidence_id, hit.surface, hit.cue.id, weight))
    for role in settings.get("requires_act", []):
        if role not in acts:
            scores[role] = 0.0
            shown.pop(role, None)

    extra: list[tuple[str, float, RoleEvidence]] = []
    status = fold_text(facts.heard_status or "")
    rules = [
        rule
        for key, rule in settings.get("hearing_status", {}).items()
        if status and re.search(rf"(?<!\w){re.escape(fold_text(key))}(?!\w)", status)
    ]
    for rule in rules:
        for role, weight in (rule.get("add") or {}).items():
            text = _('Hearing record: status "{status}"').format(status=facts.heard_status)
            extra.append((role, float(weight), RoleEvidence(text, None, "status", "status", float(weight))))
    if facts.minor:
        for role, weight in (settings.get("minor", {}).get("add") or {}).items():
            extra.append(
                (
                    role,
                    float(weight),
                    RoleEvidence(_("Recorded as a minor"), None, "minor", "minor", float(weight)),
                )
            )
    extra += _structure(facts, settings)
    for role, weight, item in extra:
        scores[role] += weight
        shown[role].append(item)
    for rule in rules:
        for role, factor in (rule.get("scale") or {}).items():
            scores[role] *= float(factor)

    ranked = sorted(roles, key=lambda r: (-scores[r], roles.index(r)))
    best, second = ranked[0], ranked[1] if len(ranked) > 1 else None
    evidence = _strongest(shown.get(best, []), int(settings.get("max_evidence", 5)))
    rounded = {r: round(s, 2) for r, s in scores.items() if s > 0}
    if scores[best] < float(settings.get("min_score", 1.0)):
        return RoleGuess(
            UNKNOWN, 0.0, evidence if scores[best] > 0 else [], best if scores[best] > 0 else None, rounded
        )
    runner_up = second if second and scores[second] > 0 else None
    return RoleGuess(best, round(scores[best], 2), evidence, runner_up, rounded)


def _strongest(items: list[RoleEvidence], limit: int) -> list[RoleEvidence]:
    """One line per sentence (its strongest cue), strongest first, in evidence order among equals."""
    best: dict[tuple[Any, str], tuple[int, RoleEvidence]] = {}
    for order, item in enumerate(items):
        key = (item.evidence_id, item.text)
        if key not in best or item.weight > best[key][1].weight:
            best[key] = (best[key][0] if key in best else order, item)
    ranked = sorted(best.values(), key=lambda pair: (-pair[1].weight, pair[0]))
    return [item for _order, item in ranked[:limit]]


def role_label(role: str) -> str:
    """The role's name in the interface language."""
    labels = {
        "organiser": _("organiser"),
        "recruiter": _("recruiter"),
        "transporter": _("transporter"),
        "guide": _("guide"),
        "ghetto_keeper": _("ghetto keeper"),
        "financier": _("financier"),
        "forger": _("document forger"),
        "corrupt_official": _("corrupt official"),
        "exploiter": _("exploiter"),
        "victim": _("victim"),
        "migrant": _("migrant"),
        UNKNOWN: _("unknown"),
    }
    return labels.get(role, role)
