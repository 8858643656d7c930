"""Money-transfer channels: mobile money, transfer companies, hawala, cash and bank transfers.

Brand names that are ordinary words or first names in lower case ("Wave", "Ria", "Nita", "OM") match as
written, or in lower case right after a transfer word ("envoi sur wave stp", "par om": SMS style); those
marked `context: true` in data/vocab/channels.yaml need a transfer word a few words before them even
when written with capitals ("envoyé par Ria", "sent through Western"), so "Ria said" is not a transfer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from filiere.data import load_yaml
from filiere.extract.mention import Context, Mention
from filiere.extract.textnorm import Lexicon, canonical, folded, written_as

_CONTEXT_WINDOW = 40  # characters before a capitalised brand in which a transfer word must appear
_LOWER_WINDOW = 12  # ... and before a brand written in lower case ("sur wave")


@dataclass(frozen=True)
class _Channel:
    channel: str
    name: str
    confidence: float
    needs_context: bool = False
    not_followed_by: re.Pattern[str] | None = None
    spelling: str | None = None  # the written form a brand must have, unless a transfer word precedes it


@dataclass(frozen=True)
class _Vocab:
    lexicon: Lexicon[_Channel]
    context: re.Pattern[str]


@cache
def _vocab() -> _Vocab:
    path = resources.files("filiere") / "data" / "vocab" / "channels.yaml"
    data = load_yaml(path.read_text(encoding="utf-8"))
    lexicon: Lexicon[_Channel] = Lexicon()
    for spec in data["channels"]:
        capitalised = [str(s) for s in spec.get("capitalised", ())]
        plain = _Channel(
            spec["channel"], spec["name"], 1.0 if capitalised else float(spec.get("confidence", 1.0))
        )
        blocked = spec.get("not_followed_by")
        not_followed_by = (
            re.compile(r"\s+(?:" + "|".join(map(re.escape, blocked)) + r")\b") if blocked else None
        )
        for spelling in (spec["name"], *spec.get("variants", ())):
            if spelling not in capitalised:
                lexicon.add(str(spelling), plain)
        for spelling in capitalised:
            confidence = float(spec.get("confidence", 0.8))
            gated = _Channel(
                spec["channel"],
                spec["name"],
                confidence,
                bool(spec.get("context")),
                not_followed_by,
                spelling,
            )
            lexicon.add(spelling, gated)
    words = sorted(map(canonical, data["context_words"]), key=len, reverse=True)
    context = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")
    return _Vocab(lexicon, context)


def find_channels(text: str, ctx: Context) -> list[Mention]:
    """Money-transfer channels named in `text`."""
    vocab = _vocab()
    found = []
    f = None
    for start, end, ch in vocab.lexicon.finditer(text):
        if ch.not_followed_by is not None and ch.not_followed_by.match(text, end):
            continue
        if ch.spelling is not None:
            f = f or folded(text)
            at = f.index(start)
            written = written_as(ch.spelling, text[start:end])
            window = _CONTEXT_WINDOW if written else _LOWER_WINDOW
            if (ch.needs_context or not written) and not vocab.context.search(
                f.text, max(0, at - window), at
            ):
                continue
        value = {"channel": ch.channel, "name": ch.name}
        found.append(Mention("channel", start, end, text[start:end], value, "rule:channel", ch.confidence))
    return found
