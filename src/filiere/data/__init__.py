"""Data files shipped with Filière (gazetteer, vocabularies, legal texts), and the one way to read them.

YAML 1.1 reads the bare words yes/no/on/off/y/n as booleans, which silently drops them from word lists
("no" is a word of a telephone conversation); this loader reads them as text. Only true/false are booleans.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent


class _WordsLoader(yaml.SafeLoader):
    """SafeLoader whose booleans are only true/false."""


_WordsLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_WordsLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_yaml(text: str) -> Any:
    """Parse YAML text from a data file (yes/no/on/off stay words)."""
    return yaml.load(text, Loader=_WordsLoader)
