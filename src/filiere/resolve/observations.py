"""Observations: every place in the evidence where a person shows up, with the phone it ties them to.

Kinds: a person mention in text; a speaker of a transcript turn (user of the line they speak on: the first
speaker of a call is on the caller's line, the second on the callee's); a subscriber row (the subscriber of
a number, not necessarily its user); the person heard in a hearing record (name, alias, own phone).
Keys are stable across re-runs, so manual decisions keyed by them survive `filiere resolve`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from filiere.extract.language import fold_text
from filiere.store.tables import (
    calls,
    evidence,
    evidence_pages,
    imported_people,
    mentions,
    subscribers,
    turns,
)

PHONE_CUE = re.compile(
    r"\b(?:mon|son|ton|le|notre|my|his|her|your)\s+(?:num[ée]ro|number|phone|t[ée]l[ée]phone)\b"
    r"|\bc['’]est\b|\bit['’]s\b|\bjoins?\b|\bappelle\b|\bcall\b",
    re.IGNORECASE,
)
ALIAS_CUE = re.compile(
    r"\b(?:l['’]appell?e(?:nt)?|on l['’]appelle|surnomm[ée]e?|alias|de son vrai nom|"
    # "Moussa dit Boussole", "dite « Tantie »": `dit` only before a name, never "il a dit que"
    r"dite?(?=\s*[«\"“]?\s*(?-i:[A-ZÀ-Ý]))|"
    r"known as|(?:they|people|everyone|we) calls? (?:him|her)|real name|a\.?k\.?a|"
    # "Mamadou DIOUF, qu'on appelle Zongo", "Bineta DIOP mais que tout le monde appelle Maman"
    r"(?:qu['’](?:on|ils|elles?)|que\s+(?:tout\s+le\s+monde|les\s+gens|les\s+autres))\s+"
    r"(?:l['’])?(?:appell?e(?:nt)?|appelai(?:en)?t|surnomm\w*))\b",
    re.IGNORECASE,
)
# "celui qu'on surnomme Boss", "un homme que les gens appellent": the cue brings in a new person, so the
# name before it (in the sentence before) is somebody else.
RELATIVE_BEFORE_CUE = re.compile(r"\b(?:qu['’]|que\b|who\b|whom\b|that\b)", re.IGNORECASE)
# "Allô, Issa ? C'est Djo." / "C'est moi, Djo." / "It's Djo from Kano": the speaker says who he is
SELF_INTRO = re.compile(
    r"(?:^|[,!?.]\s*|\b(?:all[ôo]|oui|salam\w*|bonjour|bonsoir|hello|hi|yes)\s*[,!]?\s*)"
    r"(?:c['’]est|ici|moi\s+c['’]est|it['’]s|this\s+is|na\s+me)(?:\s+(?:moi|me))?\s*,?\s*$",
    re.IGNORECASE,
)
# "Six passagers, Mamadou." / "Allô, Petit Dramane ?" / "Bonsoir Ibrahima, ça va ?": said to the other one
GREETING_BEFORE = re.compile(
    r"(?:^|[,!?.]\s*)(?:all[ôo]|salam\w*|salut|bonjour|bonsoir|hello|hi|merci|thanks|ok|d['’]accord|"
    r"ina\s+kwana|ina\s+wuni|sannu|how\s+far)\s*,?\s*$",
    re.IGNORECASE,
)
AFTER_COMMA = re.compile(r",\s*$")
SENTENCE_END = re.compile(r"\s*(?:[.!?…]|$)")
# Only a cue with a pronoun refers to a name of the sentence before ("Aboubacar AG HAMADA. Tout le monde
# l'appelle Alhaji"); "alias", "dit", "de son vrai nom", "known as" need their name in the same sentence.
PRONOUN_CUE = re.compile(r"(?:on )?l['’]appel|(?:they|people|everyone|we) calls? (?:him|her)", re.IGNORECASE)
REPORTED = re.compile(
    r"\b(?:m['’]a|nous a|lui a|leur a|a) (?:dit|expliqué|écrit)|\b(?:told|showed) (?:me|us|him|her)\b"
    r"|\bsaid\b|\bdisait\b",
    re.IGNORECASE,
)
OWN_NUMBER = re.compile(
    r"\b(?:son|sa|ses|his|her|their|leur)\s+(?:num[ée]ro|number|phone|t[ée]l[ée]phone)\b", re.I
)
FIRST_PERSON = re.compile(r"\b(?:mon|my)\s+(?:num[ée]ro|number|phone)\b", re.IGNORECASE)


@dataclass
class Observation:
    key: str
    kind: str  # mention, speaker, subscriber, heard, imported
    evidence_id: int
    name: str | None = None
    alias: str | None = None
    phone: str | None = None
    link: str | None = None  # "user" or "subscriber"
    mention_id: int | None = None
    turn_id: int | None = None
    nickname: bool = False
    document: str | None = None  # identity document number given with the name (subscriber list, hearing)
    same_as: list[str] = field(default_factory=list)  # keys the text says are the same person (aliases)
    labelled_as: list[str] = field(default_factory=list)  # the full name the clerk's label gives the voice
    voice: str | None = (
        None  # "self" (introduces himself on his line) or "addressed" (called so by the other)
    )

    @property
    def folded(self) -> str:
        return fold_text(self.name or "").strip()


def gather(conn: Connection, case_id: int) -> list[Observation]:
    found: list[Observation] = []
    found += _heard(conn, case_id)
    found += _subscribers(conn, case_id)
    found += _person_mentions(conn, case_id)
    found += _imported(conn, case_id)
    return found


def _imported(conn: Connection, case_id: int) -> list[Observation]:
    """People read from a FollowTheMoney file: one observation for the name, one per alias and per further
    number, all tied to the first (same_as), so each imported person is one entity. Another tool resolved
    them already: aliases join others only when written the same way (nickname), and so does a one-word
    name; a full name joins by the usual name rules."""
    rows = conn.execute(
        select(imported_people)
        .where(imported_people.c.case_id == case_id)
        .order_by(imported_people.c.evidence_id, imported_people.c.line)
    ).all()
    out: list[Observation] = []
    for r in rows:
        prefix = f"imported:{r.evidence_id}:{r.line}"
        numbers = [(p["e164"], p["link"]) for p in r.phones or [] if p.get("e164")]
        first_phone, first_link = numbers[0] if numbers else (None, None)
        main = Observation(
            f"{prefix}:0",
            "imported",
            r.evidence_id,
            r.name,
            phone=first_phone,
            link=first_link,
            nickname=len(r.name.split()) < 2,
            document=(r.id_numbers or [None])[0],
        )
        extra = [
            Observation("", "imported", r.evidence_id, alias, nickname=True) for alias in r.aliases or []
        ]
        extra += [Observation("", "imported", r.evidence_id, None, phone=p, link=k) for p, k in numbers[1:]]
        extra += [
            Observation("", "imported", r.evidence_id, None, document=d) for d in (r.id_numbers or [])[1:]
        ]
        out.append(main)
        for n, obs in enumerate(extra, 1):
            obs.key = f"{prefix}:{n}"
            main.same_as.append(obs.key)
            out.append(obs)
    return out


def _heard(conn: Connection, case_id: int) -> list[Observation]:
    rows = conn.execute(
        select(evidence.c.id, evidence.c.details).where(
            evidence.c.case_id == case_id, evidence.c.kind == "interview"
        )
    ).all()
    out = []
    for row in rows:
        header = (row.details or {}).get("header") or {}
        if header.get("name"):
            out.append(
                Observation(
                    f"heard:{row.id}",
                    "heard",
                    row.id,
                    header["name"],
                    header.get("alias"),
                    row.details.get("phone_e164"),
                    "user" if row.details.get("phone_e164") else None,
                    document=header.get("id_document"),
                )
            )
    return out


def _subscribers(conn: Connection, case_id: int) -> list[Observation]:
    rows = conn.execute(select(subscribers).where(subscribers.c.case_id == case_id)).all()
    return [
        Observation(
            f"subscriber:{r.evidence_id}:{r.line}",
            "subscriber",
            r.evidence_id,
            r.name,
            None,
            r.number_e164,
            "subscriber",
            document=r.id_document,
        )
        for r in rows
        if r.name and r.number_e164
    ]


def _call_sides(conn: Connection, case_id: int) -> dict[int, tuple[str | None, str | None]]:
    """For each transcript: (caller E.164, callee E.164) from its header."""
    rows = conn.execute(
        select(calls.c.evidence_id, calls.c.caller_e164, calls.c.callee_e164)
        .join(evidence, evidence.c.id == calls.c.evidence_id)
        .where(calls.c.case_id == case_id, evidence.c.kind == "transcript")
    ).all()
    return {r.evidence_id: (r.caller_e164, r.callee_e164) for r in rows}


def _speaker_order(conn: Connection, case_id: int) -> dict[int, list[str]]:
    rows = conn.execute(
        select(turns.c.evidence_id, turns.c.speaker)
        .join(evidence, evidence.c.id == turns.c.evidence_id)
        .where(evidence.c.case_id == case_id, evidence.c.kind == "transcript")
        .order_by(turns.c.evidence_id, turns.c.seq)
    ).all()
    order: dict[int, list[str]] = {}
    for r in rows:
        seen = order.setdefault(r.evidence_id, [])
        if r.speaker not in seen:
            seen.append(r.speaker)
    return order


def _person_mentions(conn: Connection, case_id: int) -> list[Observation]:
    sides = _call_sides(conn, case_id)
    order = _speaker_order(conn, case_id)
    rows = conn.execute(
        select(mentions)
        .where(mentions.c.case_id == case_id, mentions.c.type.in_(("person", "phone")))
        .order_by(mentions.c.evidence_id, mentions.c.page_no, mentions.c.start_char)
    ).all()
    turn_speakers = dict(
        conn.execute(
            select(turns.c.id, turns.c.speaker)
            .join(evidence, evidence.c.id == turns.c.evidence_id)
            .where(evidence.c.case_id == case_id)
        ).all()
    )
    out: list[Observation] = []
    by_sentence: dict[tuple[int, int, int], list] = {}
    for r in rows:
        by_sentence.setdefault((r.evidence_id, r.page_no, r.sentence_start), []).append(r)
    speaker_obs: dict[int, Observation] = {}
    for r in rows:
        if r.type != "person":
            continue
        value = r.value or {}
        kind = value.get("kind")
        title = value.get("title")
        obs = Observation(
            f"mention:{r.id}",
            "mention",
            r.evidence_id,
            value.get("name") or r.text,
            alias=title if title and kind == "name" and title[:1].isupper() else None,  # "Sergent Kimba"
            mention_id=r.id,
            turn_id=r.turn_id,
            nickname=kind in ("nickname", "title"),
        )
        if kind == "speaker" and r.turn_id is not None and r.evidence_id in sides:
            speaker = turn_speakers.get(r.turn_id)
            position = (
                order.get(r.evidence_id, []).index(speaker) if speaker in order.get(r.evidence_id, []) else -1
            )
            if position in (0, 1):
                obs.kind, obs.link, obs.phone = "speaker", "user", sides[r.evidence_id][position]
            speaker_obs.setdefault(r.turn_id, obs)
        out.append(obs)
        if kind == "speaker" and value.get("also"):
            # "PILOTE (Cheikh SOW)": the clerk's label names the voice both ways, on the same line
            identity = Observation(
                f"mention:{r.id}:label",
                obs.kind,
                r.evidence_id,
                value["also"],
                mention_id=None,
                turn_id=r.turn_id,
                phone=obs.phone,
                link=obs.link,
            )
            obs.labelled_as.append(identity.key)
            out.append(identity)
    pages = dict(
        ((r.evidence_id, r.page_no), r.text)
        for r in conn.execute(
            select(evidence_pages.c.evidence_id, evidence_pages.c.page_no, evidence_pages.c.text)
            .join(evidence, evidence.c.id == evidence_pages.c.evidence_id)
            .where(evidence.c.case_id == case_id, evidence.c.kind.in_(("transcript", "interview")))
        )
    )
    _link_phones_in_sentences(by_sentence, out, speaker_obs, pages)
    _voices_named(conn, case_id, rows, out, pages, sides, order)
    _aliases_in_sentences(by_sentence, out, pages)
    return out


def _aliases_in_sentences(by_sentence: dict, observed: list[Observation], pages: dict) -> None:
    """ "Aboubacar AG HAMADA. Tout le monde l'appelle Alhaji ou Le Vieux": the names after an alias cue are
    the same person as the last full name before the cue, in the same sentence or the one before it."""
    by_mention = {o.mention_id: o for o in observed if o.mention_id is not None}
    keys = sorted(by_sentence)
    for index, key in enumerate(keys):
        rows = [
            r for r in by_sentence[key] if r.type == "person" and (r.value or {}).get("kind") != "speaker"
        ]
        page = pages.get((key[0], key[1]))
        if not rows or page is None:
            continue
        sentence = page[rows[0].sentence_start : rows[0].sentence_end]
        cue = ALIAS_CUE.search(sentence)
        if cue is None:
            continue
        cue_at = rows[0].sentence_start + cue.start()
        before = [r for r in rows if r.end_char <= cue_at]
        introduces_someone = RELATIVE_BEFORE_CUE.search(sentence[: cue.start()])
        points_back = PRONOUN_CUE.match(cue.group())  # "l'appelle", "call him": about someone named before
        if (
            not before
            and points_back
            and not introduces_someone
            and index > 0
            and keys[index - 1][:2] == key[:2]
        ):
            before = [
                r
                for r in by_sentence[keys[index - 1]]
                if r.type == "person" and (r.value or {}).get("kind") != "speaker"
            ]
        after = _named_by_cue(page, cue_at + len(cue[0]), [r for r in rows if r.start_char >= cue_at])
        if not before or not after:
            continue
        relative = sentence[cue.start() : cue.start() + 3].lower().startswith("qu")
        if relative and not _attached(page[before[-1].end_char : cue_at]):
            continue  # "Moussa et un homme qu'on appelle Zongo": the clause is about someone else
        anchor = by_mention.get(before[-1].id)
        for r in after:
            other = by_mention.get(r.id)
            if anchor is not None and other is not None and other is not anchor:
                anchor.same_as.append(other.key)


def _link_phones_in_sentences(
    by_sentence: dict, observed: list[Observation], speaker_obs: dict[int, Observation], pages: dict
) -> None:
    """ "son numéro, le 76 45 90 12" / "c'est Doulaye … 76 45 90 12": the number is that person's (user)."""
    by_mention = {o.mention_id: o for o in observed if o.mention_id is not None}
    for rows in by_sentence.values():
        phones = [r for r in rows if r.type == "phone" and isinstance(r.value, str)]
        persons = [r for r in rows if r.type == "person" and (r.value or {}).get("kind") != "speaker"]
        contacts = [r for r in persons if (r.value or {}).get("kind") == "contact"]
        if contacts and len(phones) == 1 and by_mention.get(contacts[0].id) is not None:
            entry = by_mention[contacts[0].id]  # "Boussole : 97 66 30 12" in a seized phone's contacts
            entry.phone, entry.link = phones[0].value, "user"
            continue
        page = pages.get((rows[0].evidence_id, rows[0].page_no))
        if not phones or page is None:
            continue
        sentence_text = page[rows[0].sentence_start : rows[0].sentence_end]
        for phone in phones:
            owner = None
            if FIRST_PERSON.search(sentence_text):
                owner = speaker_obs.get(phone.turn_id) if phone.turn_id is not None else None
            elif persons and PHONE_CUE.search(sentence_text):
                before = [p for p in persons if p.start_char < phone.start_char] or persons
                between = page[before[-1].end_char : phone.start_char]
                # "Adama m'a dit que le numéro était …": Adama gave the number, it is not his
                reported = REPORTED.search(between) and not OWN_NUMBER.search(between)
                owner = None if reported else by_mention.get(before[-1].id)
            if owner is not None and owner.phone is None:
                owner.phone, owner.link = phone.value, "user"


def _voices_named(
    conn: Connection, case_id: int, rows, observed: list[Observation], pages, sides, order
) -> None:
    """Names said on an intercepted call that tell who is on which line: a speaker introducing himself
    ("C'est Djo.") is the user of his own line; a name said to the other ("Six passagers, Mamadou.",
    "Allô, Petit Dramane ?") is the other speaker's. Forms of address said to many ("Patron", "mon
    frère") are left out, and a self-introduction counts only in the speaker's first two turns."""
    from filiere.extract.persons import is_form_of_address

    spans = {
        r.id: (r.evidence_id, r.speaker, r.start_char, r.end_char)
        for r in conn.execute(
            select(turns.c.id, turns.c.evidence_id, turns.c.speaker, turns.c.start_char, turns.c.end_char)
            .join(evidence, evidence.c.id == turns.c.evidence_id)
            .where(evidence.c.case_id == case_id, evidence.c.kind == "transcript")
            .order_by(turns.c.evidence_id, turns.c.seq)
        )
    }
    rank: dict[int, int] = {}  # turn id -> how many turns its speaker had before it in the call
    seen: dict[tuple[int, str], int] = {}
    for turn_id, (evidence_id, speaker, _start, _end) in spans.items():
        rank[turn_id] = seen.get((evidence_id, speaker), 0)
        seen[(evidence_id, speaker)] = rank[turn_id] + 1
    by_mention = {o.mention_id: o for o in observed if o.mention_id is not None}
    for r in rows:
        value = r.value or {}
        obs = by_mention.get(r.id)
        if (
            r.type != "person"
            or obs is None
            or obs.phone
            or value.get("kind") not in ("name", "nickname", None)
        ):
            continue
        if r.turn_id not in spans or r.evidence_id not in sides:
            continue
        evidence_id, speaker, turn_start, turn_end = spans[r.turn_id]
        speakers = order.get(evidence_id, [])
        page = pages.get((evidence_id, r.page_no))
        if page is None or speaker not in speakers[:2] or not turn_start <= r.start_char < turn_end:
            continue
        position = speakers.index(speaker)
        before = re.split(r"(?<=[.!?])\s", page[turn_start : r.start_char])[-1]
        after = page[r.end_char : turn_end]
        if (
            SELF_INTRO.search(before)
            and rank[r.turn_id] < 2
            and re.match(r"\s*(?:[,.!?]|$|de\b|from\b)", after)
        ):
            obs.voice, line = "self", sides[evidence_id][position]
        elif is_form_of_address(obs.name or ""):
            continue
        elif _vocative(before, after):
            obs.voice, line = "addressed", sides[evidence_id][1 - position]
        else:
            continue
        if line:
            obs.phone, obs.link = line, "user"
        else:
            obs.voice = None


def _vocative(before: str, after: str) -> bool:
    """ "…, Mamadou." / "Allô, Djo ?" / "Bonsoir Issa, ça va ?" — never "Moussa, il est parti" (a topic)
    nor "Il y a Awa, Fanta, les autres…" (a list)."""
    if re.search(r"\b(?:moi|me|c['’]est|it['’]s|is|ici)\s*,?\s*$", before, re.IGNORECASE):
        return False  # "C'est moi, Djo." is the speaker himself
    greeted = GREETING_BEFORE.search(before) is not None
    if (AFTER_COMMA.search(before) or greeted) and SENTENCE_END.match(after):
        return True
    return greeted and re.match(r"\s*,", after) is not None


def _attached(between: str) -> bool:
    """A relative clause belongs to the name right before it: "Mamadou DIOUF, qu'on appelle…", "Bineta
    DIOP mais que tout le monde appelle…"."""
    return re.fullmatch(r"[\s,]*(?:(?:mais|but)\s+)?", between) is not None


def _named_by_cue(page: str, cue_end: int, after: list) -> list:
    """The names the cue gives: the one right after it and those joined to it ("l'appelle Alhaji ou Le
    Vieux"), never a name later in the sentence ("…, known as Small Amadou, received us; Emeka had…")."""
    named: list = []
    end = cue_end
    for r in after:
        gap = page[end : r.start_char]
        pattern = (
            r"[\s,«\"“']*(?:(?:aussi|also|simply|juste)\s+)?"
            if not named
            else r"\s*(?:,|ou|or|et|and|/)\s*[«\"“]?\s*"
        )
        if not re.fullmatch(pattern + r"[«\"“]?\s*", gap, re.IGNORECASE):
            break
        named.append(r)
        end = r.end_char
    return named
