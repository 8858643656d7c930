"""Who paid whom in a sentence that tells a payment — and nobody when the sentence does not say."""

from __future__ import annotations

import pytest

from filiere.network.payment_parties import payment_parties


@pytest.mark.parametrize(
    ("sentence", "names", "expected"),
    [
        (
            "Mon père Adama a envoyé 100 000 F par Orange Money sur le numéro de Tantie.",
            ["Adama", "Tantie"],
            ("Adama", "Tantie"),
        ),
        ("Tantie a reçu 90 000 F de Moussa.", ["Tantie", "Moussa"], ("Moussa", "Tantie")),
        (
            "My brother Kwabena sent 90,000 CFA from Accra to Aïchatou Hamani.",
            ["Kwabena", "Aïchatou Hamani"],
            ("Kwabena", "Aïchatou Hamani"),
        ),
        ("J'ai remis 70 mille francs à Djo, je m'en souviens.", ["Djo"], (None, "Djo")),
        ("Selon Djamel, ma famille n'avait pas tout payé.", ["Djamel"], (None, None)),
        ("Djamel a dit que je devais encore 30 000 dinars.", ["Djamel"], (None, None)),
        ("Le prix était 70 000 francs.", [], (None, None)),
    ],
)
def test_payment_parties(sentence: str, names: list[str], expected: tuple) -> None:
    assert payment_parties(sentence, names) == expected
