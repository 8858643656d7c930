"""What dates and clock times look like in folded text: word tables and regular expressions.

Patterns run on `fold_text` output (lower case, no accents); dates.py turns their matches into dates.
"""

from __future__ import annotations

import re

__all__ = [
    "ABSOLUTE",
    "DAY_MONTH",
    "DAY_OFFSETS",
    "DAY_OF_MONTH",
    "DAY_WORDS",
    "DEICTIC",
    "DURATION_BEFORE",
    "JOIN_GAP",
    "MONTHS",
    "NUMBERS",
    "OFFSET",
    "PERIOD",
    "PERIOD_ABSOLUTE",
    "STORY_RELATIVE",
    "TIME",
    "WEEKDAY",
    "WEEKDAYS",
    "part_of",
]

_DAY_NAMES = "lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday thursday friday"
WEEKDAYS = {name: i % 7 for i, name in enumerate(f"{_DAY_NAMES} saturday sunday".split())}
_MONTH_NAMES = (
    "janvier janv jan january", "fevrier fevr fev february feb", "mars mar march", "avril avr april apr",
    "mai may", "juin jun june", "juillet juil jul july", "aout august aug", "septembre sept sep september",
    "octobre oct october", "novembre nov november", "decembre dec december",
)  # fmt: skip
MONTHS = {name: n for n, names in enumerate(_MONTH_NAMES, start=1) for name in names.split()}
_EN_MONTHS = {k: v for k, v in MONTHS.items() if k not in ("mars", "mai", "juin", "aout")}
NUMBERS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20, "trente": 30,
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip
_PARTS = {
    "matin": "morning", "matinee": "morning", "morning": "morning", "apres midi": "afternoon",
    "afternoon": "afternoon", "soir": "evening", "soiree": "evening", "evening": "evening", "nuit": "night",
    "night": "night", "midi": "afternoon",
}  # fmt: skip


def part_of(words: str) -> str | None:
    """Part of day named by the last words of `words` ("demain soir" -> evening, "l'apres-midi")."""
    key = re.sub(r"[\s'-]+", " ", words).strip()
    if key.endswith("apres midi"):
        return "afternoon"
    return _PARTS.get(key.rsplit(" ", 1)[-1])


def _alt(words: object) -> str:
    return "|".join(sorted((re.escape(str(w)) for w in words), key=len, reverse=True))


_WD = _alt(WEEKDAYS)
_MON = _alt(MONTHS)
_MON_EN = _alt(_EN_MONTHS)
_NUM = rf"\d{{1,2}}|{_alt(NUMBERS)}"
_PART = r"matin(?:ee)?|morning|apres[\s-]midi|afternoon|soir(?:ee)?|evening|nuit|night"
_B = r"(?<![\w'-])"  # start of a word
_E = r"(?![\w])"  # end of a word
_ORD = r"(?:er|re|st|nd|rd|th|e|eme)?"

ABSOLUTE = re.compile(
    rf"{_B}(?:(?:le|du|au|on|the)\s+){{0,2}}(?P<body>(?:(?P<wd>{_WD})\s*,?\s+)?(?:"
    rf"(?<![\d/.\-])(?P<nd>\d{{1,2}})\s*(?P<s>[/.\-])\s*(?P<nm>\d{{1,2}})\s*(?P=s)\s*(?P<ny>\d{{4}}|\d{{2}})"
    rf"(?![\w]|[/.\-]\d)"
    rf"|(?<![\d/.\-])(?P<iy>\d{{4}})(?P<s2>[/\-])(?P<im>\d{{1,2}})(?P=s2)(?P<id>\d{{1,2}})(?![\w]|[/.\-]\d)"
    rf"|(?P<td>\d{{1,2}}){_ORD}(?:\s+of)?\s+(?P<tm>{_MON})\.?(?:\s*,?\s*(?P<ty>(?:19|20)\d\d))?{_E}"
    rf"|(?P<em>{_MON_EN})\.?\s+(?:the\s+)?(?P<ed>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,?\s*(?P<ey>(?:19|20)\d\d))?{_E}"
    r"))(?!\s*(?:[:h]\s*\d|%|000))"
)
DAY_WORDS = re.compile(
    rf"{_B}(?P<w>apres[\s-]demain|avant[\s-]hier|aujourd'?\s?hui|ce\s+jour(?![\s-]+la{_E})|demain|hier"
    r"|the\s+day\s+after\s+tomorrow|the\s+day\s+before\s+yesterday|today|tomorrow|yesterday)"
    rf"(?:\s+(?:(?P<part>{_PART})|dans\s+la\s+(?P<part2>nuit|soiree|matinee)){_E})?{_E}"
)
DAY_OFFSETS = {"demain": 1, "hier": -1, "tomorrow": 1, "yesterday": -1, "today": 0, "ce": 0, "aujourd": 0}
DEICTIC = re.compile(
    rf"{_B}(?:ce\s+soir|cette\s+nuit|ce\s+matin|cet\s+apres[\s-]midi|cette\s+apres[\s-]midi"
    rf"|la\s+nuit\s+(?:derniere|passee)|tonight|this\s+(?:morning|afternoon|evening)|last\s+night){_E}"
)
WEEKDAY = re.compile(
    rf"{_B}(?:(?P<night>(?:dans\s+)?la\s+nuit\s+(?:de|du)|(?:le|the)\s+(?:soir|matin|night|morning)\s+(?:de|du|of))\s+"
    r"|(?P<pre>le|ce|on|this|next|last|coming)\s+(?:(?P<pre2>next|last)\s+)?)?"
    rf"(?P<wd>{_WD})(?:\s+(?P<mod>prochaine?|derniere?|passee?|qui\s+vient|next|last){_E})?"
    rf"(?:\s+(?P<part>{_PART})|\s+(?:dans\s+la|au|in\s+the)\s+(?P<part2>nuit|soir|matin|night|morning))?"
    rf"(?:\s+(?:a|au|to)\s+(?:{_WD}))?{_E}"
)
PERIOD = re.compile(
    rf"{_B}(?:(?:la\s+)?semaine\s+(?P<wfr>prochaine|derniere|passee)|cette\s+semaine"
    r"|(?P<wen>next|last|this)\s+week|(?:le\s+)?mois\s+(?P<mfr>prochain|dernier|passe)|ce\s+mois(?:-ci)?"
    r"|(?P<men>next|last|this)\s+month"
    rf"|(?P<end>(?:a\s+la\s+|(?:at|by|before)\s+the\s+)?(?:fin|end)\s+(?:du|de|of\s+the|of)\s+(?:mois|month))){_E}"
)
OFFSET = re.compile(
    rf"{_B}(?:(?:dans|d'ici|in)\s+(?P<n>{_NUM})\s+(?P<u>jours?|semaines?|mois|days?|weeks?|months?)"
    rf"|il\s+y\s+a\s+(?P<n2>{_NUM})\s+(?P<u2>jours?|semaines?|mois)"
    rf"|(?P<n3>{_NUM})\s+(?P<u3>days?|weeks?|months?)\s+ago){_E}"
    r"(?!\s+(?:de\s+(?:route|marche|voyage|trajet|piste)|of\s+(?:driving|walking|travel)))"
)
_NOT_A_YEAR = (
    r"(?!\s*(?:\d|[.,/:]\d|%|f\b|fcfa|cfa|francs?|xof|euros?|naira|dinars?|cedis?|dirhams?|dollars?|usd|mille"
    r"|millions?|personnes|km|kg|metres|migrants|passagers|litres|h\b|heures?)"
    r"|\s+(?:a|et|to|and|-)\s+\d[\d\s.,]*(?:f\b|fcfa|cfa|francs?|euros?|naira|dinars?|cedis?|dollars?|mille))"
)
# Month and year, or a year after a preposition: a period, not a day ("janvier 2024", "depuis 2019").
PERIOD_ABSOLUTE = re.compile(
    rf"{_B}(?:(?P<mon>{_MON})\s+(?:de\s+l'annee\s+)?|(?:en|depuis|de|a|jusqu'en|in|since|from|to|until"
    rf"|between|entre|et|and|annee|year)\s+)(?P<y>(?:19[5-9]|20[0-4])\d){_E}{_NOT_A_YEAR}"
)
# Day/month without a year ("fixé au 24/03"): only after a word that announces a date.
DAY_MONTH = re.compile(
    r"(?<![\w'-])(?:le|du|au|depuis|jusqu'au|on|since|until)\s+(?P<d>[0-3]?\d)/(?P<m>[01]?\d)(?![\d/]|\.\d)"
)
# Relative to a moment of the story, not to the document: a mention whose date cannot be computed here.
STORY_RELATIVE = re.compile(
    rf"{_B}(?:le\s+lendemain|la\s+veille|the\s+(?:next|following|previous)\s+day|the\s+day\s+before){_E}"
)
DAY_OF_MONTH = re.compile(
    rf"{_B}(?:le\s+(?P<d>\d{{1,2}})(?:er)?|on\s+the\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th))"
    r"(?:\s+(?:du\s+mois|de\s+ce\s+mois(?:-ci)?|of\s+(?:the|this)\s+month))?"
    r"(?=\s*(?:$|[.,;:!?)\n](?!\d)|(?:a|au|vers|pour|et|ou|on|il|elle|je|j'|nous|vous|ils|prochain|matin|soir|dans"
    r"|at|in|we|i|he|she|they|to|for|and|or)(?:\s|$|'|,)))"
)
_PREP = (
    r"a|vers|des|avant|apres|jusqu'a|aux\s+alentours\s+de|autour\s+de"
    r"|at|around|about|by|from|until|before|after"
)
TIME = re.compile(
    rf"(?<![\w:/.\-])(?:(?P<prep>{_PREP})\s+)?(?P<core>"
    r"(?P<h3>1[0-2]|0?[1-9])(?:[:h.](?P<m3>[0-5]\d))?\s*(?P<ap>[ap])(?:\.\s?m\.|\s?m)(?![a-z])"
    r"|(?P<h>[01]?\d|2[0-3])\s*(?:h|:)\s*(?P<m>[0-5]\d)(?!\s*(?:[:'\d]|mi?n|s(?:ec)?\b))"
    r"|(?P<h2>[01]?\d|2[0-4])\s*(?:heures?|hrs?|h)(?![\w'])(?!\s*\d)"
    r"|(?P<named>minuit|midi|midnight|noon)(?![\w-]))"
    r"(?:\s+(?P<suf>du\s+matin|du\s+soir|de\s+l'apres[\s-]midi|de\s+la\s+nuit"
    r"|in\s+the\s+(?:morning|afternoon|evening)|at\s+night))?"
    r"(?!\s+(?:de\s+(?:route|marche|voyage|trajet|piste|temps)|of\s+(?:driving|walking|travel)))"
)
DURATION_BEFORE = re.compile(r"(?:pendant|durant|duree|during|for|lasted|dure|environ)\s+$")
JOIN_GAP = re.compile(r"[\s,\-]{0,4}")
