"""Per-request language (no process-global switch), the templates' catalog, and the reader's segments."""

from __future__ import annotations

import threading
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import filiere
from filiere.i18n import LOCALE_DIR, _, current_language, set_language, translator, using_language
from filiere.web.language import accepted_language, number, when
from filiere.web.reader import segments

TEMPLATES = Path(filiere.__file__).parent / "web" / "templates"


def test_translator_leaves_the_process_language_alone() -> None:
    set_language("en")
    assert translator("fr")("Cases") == "Affaires"
    assert translator("en")("Cases") == "Cases"
    assert translator("de")("Cases") == "Cases"  # unknown: English
    assert _("Cases") == "Cases" and current_language() == "en"


def test_using_language_holds_for_this_thread_only() -> None:
    set_language("en")
    seen: dict[str, str] = {}
    inside = threading.Event()
    done = threading.Event()

    def other_thread() -> None:
        inside.wait(5)
        seen["other"] = _("Cases")
        done.set()

    worker = threading.Thread(target=other_thread)
    worker.start()
    with using_language("fr") as lang:
        assert lang == "fr" and current_language() == "fr"
        seen["here"] = _("Cases")
        inside.set()
        done.wait(5)
    worker.join(5)
    assert seen == {"here": "Affaires", "other": "Cases"}
    assert _("Cases") == "Cases" and current_language() == "en"


def test_accept_language_by_preference() -> None:
    assert accepted_language("fr-FR,fr;q=0.9,en;q=0.8") == "fr"
    assert accepted_language("de, en;q=0.5, fr;q=0.7") == "fr"
    assert accepted_language("fr;q=0, en") == "en"
    assert accepted_language("") == "en"
    assert accepted_language("de-DE") == "en"


def test_dates_and_numbers_follow_the_language() -> None:
    assert when("2025-03-04", "fr") == "4 mars 2025"
    assert when("2025-03-04", "en") == "Mar 4, 2025"
    assert "21:04" in when("2025-03-04T21:04:00", "fr")
    assert when("sometime", "fr") == "sometime" and when(None, "en") == ""
    assert number(1234567.5, "en") == "1,234,567.5"
    assert number(1234567.5, "fr").replace("\u202f", " ").replace("\xa0", " ") == "1 234 567,5"


def test_every_template_message_has_a_french_translation() -> None:
    found = set()
    for _f, _l, message, _c, _ctx in extract_from_dir(
        TEMPLATES, method_map=[("**.html", "jinja2")], keywords={"_": None, "ngettext": (1, 2)}
    ):
        found.add(message if isinstance(message, str) else message[0])
    assert "Dashboard" in found
    with open(LOCALE_DIR / "fr" / "LC_MESSAGES" / "filiere.po", "rb") as handle:
        catalog = read_po(handle, locale="fr")
    missing = sorted(m for m in found if not (catalog.get(m) and catalog.get(m).string))
    assert missing == [], "run `make locale` and translate:\n" + "\n".join(missing)


def test_segments_cut_text_around_mentions_once() -> None:
    text = "Call <b>Awa</b> on 77 185 18 23."
    found = segments(
        text,
        [
            {"start": 8, "end": 11, "type": "person", "id": 1},
            {"start": 8, "end": 11, "type": "person", "id": 2, "entity": 5},  # same span, resolved: wins
            {"start": 19, "end": 31, "type": "phone", "id": 3},
            {"start": 20, "end": 25, "type": "phone", "id": 4},  # inside the previous one: dropped
            {"start": 30, "end": 40, "type": "date", "id": 5},  # runs past the text: dropped
        ],
    )
    assert "".join(s.text for s in found) == text
    assert [(s.text, s.type, s.entity) for s in found if s.type] == [
        ("Awa", "person", 5),
        ("77 185 18 23", "phone", None),
    ]
    assert segments("abc", [{"start": 0, "end": 1, "type": 'x" onclick="y'}])[0].css == "m-xonclicky"
    part = segments(text, [{"start": 8, "end": 11, "type": "person"}], start=5, end=15)
    assert "".join(s.text for s in part) == text[5:15]
