"""Who paid whom, read from the sentence that tells a payment: the person before the verb of sending pays,
the person after "à", "sur le numéro de", "au nom de", "to", "in the name of" receives.

"Mon père Adama a envoyé 100 000 F par Orange Money sur le numéro de Tantie" -> Adama pays Tantie.
"Tantie a reçu 90 000 de mon frère" -> Tantie receives. When the sentence does not say, nobody is named:
a timeline with "unknown" is better than a wrong payer.
"""

from __future__ import annotations

import re

from filiere.extract.language import fold_text

SENDING = re.compile(
    r"\b(?:ai|as|a|avons|ont|avait|avaient) (?:envoye|paye|verse|transfere|remis|donne)\b"
    r"|\benvoi(?:e|ent|ait|aient)\b|\bpa(?:ie|yait|yaient)\b|\b(?:sent|paid|transferred|gave|sends|pays|wired)\b",
)
RECEIVING = re.compile(
    r"\b(?:ai|as|a|ont|avait) (?:recu|encaisse|touche)|\brecevait\b|\b(?:received|collected|got)\b"
)
TO = re.compile(
    r"\b(?:sur le (?:numero|compte) de|au nom de|a l'ordre de|pour|a|au|to|in the name of|on the number of|"
    r"into the account of|for)\s*$"
)
FROM = re.compile(r"\b(?:de la part de|de|du|from|by)\s*$")


def payment_parties(sentence: str, names: list[str]) -> tuple[str | None, str | None]:
    """(payer, payee) among `names` (person mentions of the sentence, as written), or None for each."""
    folded = fold_text(sentence)
    spots = sorted((i, n) for n in dict.fromkeys(names) if (i := folded.find(fold_text(n))) >= 0)
    if not spots:
        return None, None
    send, receive = SENDING.search(folded), RECEIVING.search(folded)
    verb = send or receive
    if verb is None:
        return None, None
    before = [n for i, n in spots if i < verb.start()]
    after = [(i, n) for i, n in spots if i >= verb.end()]
    marked_to = next((n for i, n in after if TO.search(folded[verb.end() : i])), None)
    marked_from = next((n for i, n in after if FROM.search(folded[verb.end() : i])), None)
    subject = before[-1] if before else None
    if send and (not receive or send.start() < receive.start()):
        return subject, marked_to
    return marked_from, subject
