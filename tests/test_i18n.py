"""French and English are complete: every user-facing string has a French translation, compiled."""

from __future__ import annotations

import gettext
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import filiere
from filiere.i18n import LOCALE_DIR, _, set_language

SOURCE = Path(filiere.__file__).parent


def _source_messages() -> set[str]:
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        SOURCE, keywords={"_": None, "ngettext": (1, 2)}, method_map=[("**.py", "python")]
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _french_catalog():
    with open(LOCALE_DIR / "fr" / "LC_MESSAGES" / "filiere.po", "rb") as handle:
        return read_po(handle, locale="fr")


def test_every_message_has_a_french_translation() -> None:
    catalog = _french_catalog()
    missing = sorted(m for m in _source_messages() if not (catalog.get(m) and catalog.get(m).string))
    assert missing == [], "run `make locale` and translate:\n" + "\n".join(missing)


def test_compiled_catalog_matches_the_po_file() -> None:
    with open(LOCALE_DIR / "fr" / "LC_MESSAGES" / "filiere.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        m.id
        for m in _french_catalog()
        if m.id and isinstance(m.id, str) and m.string and compiled.gettext(m.id) != m.string
    ]
    assert stale == [], "run `make locale` to recompile filiere.mo"


def test_placeholders_survive_translation() -> None:
    import re

    for message in _french_catalog():
        if message.id and isinstance(message.id, str) and message.string:
            assert set(re.findall(r"\{(\w+)", message.id)) == set(re.findall(r"\{(\w+)", message.string)), (
                message.id
            )


def test_switching_language() -> None:
    set_language("fr")
    assert _("Cases") == "Affaires"
    set_language("en")
    assert _("Cases") == "Cases"


def test_every_command_has_a_translatable_help() -> None:
    """A command's help comes from `help=_(…)`, not its docstring alone: `--lang fr --help` is French."""
    import re
    from pathlib import Path

    cli = Path(__file__).parents[1] / "src" / "filiere" / "cli"
    untranslated = [
        f"{path.name}: {m.group(0)}"
        for path in sorted(cli.glob("*.py"))
        for m in re.finditer(r"\bapp\.command\((?:(?!help=)[^()])*\)", path.read_text(encoding="utf-8"))
    ]
    assert untranslated == []
