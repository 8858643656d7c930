"""Whose act a role cue shows in a sentence (for network/roles.py; the cues are in role_cues.py).

A sentence is folded (lower case, no accents) with nationality, ethnicity, religion and language words
blanked out, and cut into word tokens in which the names of the person (SELF) and of other people (OTHER)
are single tokens. The reader then finds the subject of a verb (the nearest name or pronoun on its left, a
pronoun standing for the name before it), the holder of a role noun, the agent of a passive and the name
after a cue, and tells whether a cue is negated.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from filiere.extract.language import fold_text
from filiere.network.role_cues import Cue, Vocabulary

SELF, OTHER, SPEAKER, ADDRESSEE = "self", "other", "speaker", "addressee"


_TOKEN = re.compile(r"\w+'?")
_CLAUSE_END = re.compile(r"[.;!?]")
_RECIPIENT = frozenset({"a", "au", "aux", "chez", "to", "with", "avec"})


@dataclass
class Token:
    start: int
    end: int
    word: str
    owner: str | None  # SELF / OTHER for a name, None for a word
    clause: int


class SentenceReader:
    """One sentence, folded and tokenised, with the names of the person (SELF) and of others (OTHER)."""

    def __init__(self, text: str, self_names: re.Pattern[str] | None, others: list[str], vocab: Vocabulary):
        self.w = vocab.words
        folded = fold_text(re.sub(r"\s", " ", text))
        spans: list[tuple[int, int, str]] = []
        if self_names is not None:
            spans += [(m.start(), m.end(), SELF) for m in self_names.finditer(folded)]
        for name in others:
            for m in _name_regex(name).finditer(folded):
                spans.append((m.start(), m.end(), OTHER))
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0]), s[2] != SELF))
        names: list[tuple[int, int, str]] = []
        for span in spans:
            if not names or span[0] >= names[-1][1]:
                names.append(span)

        def blank(m: re.Match[str]) -> str:  # a nickname such as "le Touareg" stays a name
            inside = any(s <= m.start() and m.end() <= e for s, e, _owner in names)
            return m.group() if inside else " " * len(m.group())

        self.folded = vocab.blank.sub(blank, folded)
        ends = [m.start() for m in _CLAUSE_END.finditer(self.folded)]
        tokens: list[Token] = []
        n = 0
        for m in _TOKEN.finditer(self.folded):
            while n < len(names) and names[n][1] <= m.start():
                s, e, owner = names[n]
                tokens.append(Token(s, e, self.folded[s:e], owner, 0))
                n += 1
            if n < len(names) and names[n][0] < m.end():
                continue  # inside a name
            tokens.append(Token(m.start(), m.end(), m.group(), None, 0))
        tokens += [Token(s, e, self.folded[s:e], owner, 0) for s, e, owner in names[n:]]
        tokens.sort(key=lambda t: t.start)
        for t in tokens:
            t.clause = bisect_left(ends, t.start)
        self.tokens = tokens
        self._starts = [t.start for t in tokens]
        self._ends = [t.end for t in tokens]

    def _before(self, pos: int) -> int:
        """Index of the last token that ends at or before `pos` (-1 if none)."""
        return bisect_right(self._ends, pos) - 1

    def _after(self, pos: int) -> int:
        """Index of the first token that starts at or after `pos` (len(tokens) if none)."""
        return bisect_left(self._starts, pos)

    def in_name(self, start: int, end: int) -> bool:
        """Whether the words start..end are part of a person's name."""
        return any(t.owner is not None and t.start <= start and end <= t.end for t in self.tokens)

    def _subject_like(self, t: Token) -> bool:
        w = self.w
        return t.owner is not None or t.word in w["subject_pronouns"]

    def subject(self, j: int) -> list[str]:
        """The subject found scanning left from token j within its clause: owners (SELF, OTHER, SPEAKER)."""
        w = self.w
        ordinary = 0
        clause = self.tokens[min(j + 1, len(self.tokens) - 1)].clause if self.tokens else 0
        while j >= 0:
            t = self.tokens[j]
            if t.clause != clause:
                return []
            if t.owner is not None:
                return self._coordinated(j)
            word = t.word
            if word in w["stop"]:
                return []
            if (
                word in w["person_pronouns"]
                and word in w["object_pronouns"]
                and j > 0
                and self._subject_like(self.tokens[j - 1])
            ):
                j -= 1  # "Ali nous conduit", "il lui donne": an object pronoun after the subject
                continue
            if word in w["first_person"]:
                return [SPEAKER]
            if word in w["second_person"]:
                return [ADDRESSEE]  # the one spoken to: the other party of a call
            if word in w["third_person"]:
                return self._antecedent(j)
            if word not in w["object_pronouns"] and word not in w["skip"]:
                ordinary += 1
                if ordinary > 4:
                    return []
            j -= 1
        return []

    def _coordinated(self, j: int) -> list[str]:
        """ "Ali et Moussa conduisent": every name of a coordination is the subject."""
        owners = [self.tokens[j].owner or OTHER]
        k = j - 1
        while k >= 0:
            t = self.tokens[k]
            if t.owner is not None:
                owners.append(t.owner)
                k -= 1
            elif t.word in self.w["and"] and k > 0 and self.tokens[k - 1].owner is not None:
                k -= 1
            else:
                break
        return owners

    def _antecedent(self, j: int) -> list[str]:
        """A pronoun ("il", "she") stands for the last name before it in this sentence or the one before,
        not a complement ("la caisse du Vieux")."""
        for k in range(j - 1, -1, -1):
            t = self.tokens[k]
            if t.clause < self.tokens[j].clause - 1:
                break
            if t.owner is not None and not (k > 0 and self.tokens[k - 1].word in self.w["complement"]):
                return [t.owner]
        return []

    def negated(self, start: int, end: int) -> bool:
        j, k = self._before(start), self._after(end)
        clause = self.tokens[k - 1].clause if k > 0 else 0  # the cue's own clause
        left = {t.word for t in self.tokens[max(0, j - 2) : j + 1] if t.clause == clause}
        right = {t.word for t in self.tokens[k : k + 2] if t.clause == clause}
        w = self.w
        while j >= 0 and self.tokens[j].word in w["determiners"]:
            j -= 1
        just_before = self.tokens[j].word if j >= 0 and self.tokens[j].clause == clause else ""
        return bool(
            left & w["negation_before"] or right & w["negation_after"] or just_before in w["negation_after"]
        )

    def passive(self, start: int) -> int | None:
        """Index of the auxiliary when the cue at `start` is in the passive voice: "a été vendue", "was
        trafficked to Italy and forced into..." (a participle coordinated with an earlier one)."""
        w = self.w
        j = self._before(start)
        while j >= 0 and self.tokens[j].word in w["adverbs"]:
            j -= 1
        if j >= 0 and self.tokens[j].word in w["passive"]:
            return j
        clause = self.tokens[j].clause if j >= 0 else -1
        for k in range(j, max(-1, j - 8), -1):
            t = self.tokens[k]
            if k == j and t.word not in w["and"]:
                return None  # only "and"/"et" may link this participle to an earlier passive
            if t.clause != clause or t.owner is not None or t.word in w["subject_pronouns"] | w["stop"]:
                return None
            if t.word in ("qui", "who", "which"):
                return None
            if t.word in w["passive"]:
                return k
        return None

    def name_after(
        self, end: int, window: int, *, agent_only: bool = False, actor: bool = False
    ) -> list[str]:
        """The first name within `window` tokens after `end`, same clause (after "par"/"by" if asked). As
        the actor of a verb, a name after "à"/"to" is the one the act is done to, not the one who acts."""
        k = self._after(end)
        if k >= len(self.tokens):
            return []
        clause = self.tokens[k].clause
        seen_agent = False
        previous = ""
        for t in self.tokens[k : k + window]:
            if t.clause != clause:
                break
            if t.word in self.w["agent"]:
                seen_agent = True
            elif t.owner is not None and (seen_agent or not agent_only):
                if actor and previous in _RECIPIENT:
                    return []
                return [t.owner]
            previous = t.word
        return []

    def holder(self, start: int, end: int, cue: Cue) -> list[str]:
        """Whom a role noun is said of: the name it is part of, the subject of a copula ("Ali est
        chauffeur", "je suis coxeur"), or the name right next to it ("le chauffeur Ali", "Ali, le
        chauffeur"); for a circumstance cue with a `window`, the nearest name within it."""
        w = self.w
        for t in self.tokens:
            if t.owner is not None and t.start <= start and end <= t.end:
                return [t.owner]  # the cue is part of a name ("Madam Gift")
        j = self._before(start)
        if self._vocative(j, end):
            return []
        after = self._after(start)
        clause = self.tokens[after].clause if after < len(self.tokens) else -1
        k = j
        while k >= 0 and (self.tokens[k].word in w["determiners"] or self.tokens[k].word in w["adverbs"]):
            k -= 1
        if k >= 0 and self.tokens[k].clause == clause:
            t = self.tokens[k]
            if t.word in w["copulas"] and k > 0 and self.tokens[k - 1].word == "c'":
                if k > 1 and self.tokens[k - 2].owner is not None and self.tokens[k - 2].clause == clause:
                    return [self.tokens[k - 2].owner or OTHER]  # "Boussole, c'est le guide"
            elif t.word in w["copulas"]:
                found = self.subject(k - 1)
                if found:
                    return found
            elif t.owner is not None and cue.window is None:
                return [t.owner]  # "Ali, le chauffeur", "Ali le coxeur"
        if cue.window is None:
            return self._named_after(end, clause, cue.of_is_holder)
        return self._nearest(j, end, clause, cue)

    def _named_after(self, end: int, clause: int, of_is_holder: bool) -> list[str]:
        """ "le chauffeur Ali", "the driver is Rabé", "le coxeur, un certain Issa"."""
        w = self.w
        passable = w["determiners"] | w["naming"] | w["copulas"] | {"c'"}
        if of_is_holder:
            passable = passable | w["complement"]
        k = self._after(end)
        for t in self.tokens[k : k + 4]:
            if t.clause != clause:
                break
            if t.owner is not None:
                return [t.owner]
            if t.word not in passable:
                break
        return []

    def _nearest(self, j: int, end: int, clause: int, cue: Cue) -> list[str]:
        """The nearest name within the cue's window on either side, in the same clause."""
        w = self.w
        window = cue.window or 4
        left: tuple[int, str] | None = None
        for dist, i in enumerate(range(j, max(-1, j - window), -1)):
            t = self.tokens[i]
            if t.word in w["stop"] or t.clause != clause:
                break
            if t.owner is not None:
                left = (dist, t.owner)
                break
        right: tuple[int, str] | None = None
        k = self._after(end)
        for dist, t in enumerate(self.tokens[k : k + window]):
            if (t.word in w["complement"] and not cue.of_is_holder) or t.clause != clause:
                break
            if t.owner is not None:
                right = (dist, t.owner)
                break
        best = min((c for c in (left, right) if c is not None), default=None, key=lambda c: c[0])
        return [best[1]] if best else []

    def _vocative(self, j: int, end: int) -> bool:
        """ "Oui chef, c'est fait": a role noun used to address someone."""
        before = self.tokens[: j + 1]
        if any(t.word not in self.w["vocative_before"] for t in before):
            return False
        first = (
            self.folded[self.tokens[j + 1].start : self.tokens[j + 1].end] if j + 1 < len(self.tokens) else ""
        )
        if first in self.w["determiners"]:
            return False  # "The driver, Musa, ..." is an apposition, not an address
        rest = self.folded[end:].lstrip()
        return not rest or rest[0] in ",!?."


@lru_cache(maxsize=4096)
def _name_regex(folded_name: str) -> re.Pattern[str]:
    body = re.escape(folded_name).replace(r"\ ", r"\s+")
    return re.compile(rf"(?<!\w){body}(?!\w)")


def names_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    folded = sorted({fold_text(n).strip() for n in names if n and n.strip()}, key=len, reverse=True)
    if not folded:
        return None
    return re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in folded) + r")(?!\w)"
    )
