"""Intercept transcripts: header, call record, dialogue turns with exact spans, kind score."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from filiere.errors import EvidenceError
from filiere.ingest.interview import interview_score
from filiere.ingest.records import CallRow, ParsedTranscript
from filiere.ingest.transcript import parse_transcript, transcript_score

# All names and numbers below are invented for these tests.
FRENCH = """\
RÉPUBLIQUE DU NIGER
PROCÈS-VERBAL DE RETRANSCRIPTION D'ÉCOUTE TÉLÉPHONIQUE

Réf. : PV n° 0142/BR-AGZ/2025
Ligne écoutée : +227 96 12 34 56
Date : 13/04/2025            Heure : 21h04
Appelant : +227 96 12 34 56
Appelé : +218 92 345 6789
Durée : 00:03:12
Langue : haoussa, traduit en français
Traducteur : Sgt ISSOUFOU Ali

--- Début de la communication ---
MOUSSA : Allô, tu es où ?
IBRAHIM : Je suis à Agadez, [inaudible] on part demain
  avec les deux Toyota.
MOUSSA : Combien de passagers ?
Homme 1 : (rires) Trente-deux.
Voix féminine : Il m'a dit : viens demain.
Il dit : pas avant jeudi.
--- Fin de la communication ---

Fait à Agadez, le 14/04/2025
L'OPJ : Sgt ISSOUFOU
"""

ENGLISH = """\
GENERATED FOR TRAINING — FICTIONAL DATA
TRANSCRIPT OF INTERCEPTED CALL
Reference: TR-2025-0077
Intercepted line: +234 803 000 1122
Date/Time: April 13, 2025 at 9:05 PM
From: +234 803 000 1122
To: +227 90 11 22 33
Duration: 3'12''
Interpreter: Ms. Bello (Hausa)

[00:00:04] Caller: Good evening. Is the bus ready?
[00:00:09] Callee: Ready. Twelve girls, all from Benin City.
[00:00:15] Caller: The madam wants them in Agadez
by Friday.
***
[00:01:02] Callee: Send the money through Western Union.
END OF CALL
"""


def _check_spans(result: ParsedTranscript) -> None:
    for turn in result.turns:
        assert result.text[turn.start : turn.end] == turn.text


def test_french_transcript() -> None:
    result = parse_transcript(FRENCH, "pv_0142.txt")
    assert result.header == {
        "reference": "PV n° 0142/BR-AGZ/2025",
        "target_line": "+227 96 12 34 56",
        "date": "13/04/2025",
        "time": "21h04",
        "caller": "+227 96 12 34 56",
        "callee": "+218 92 345 6789",
        "duration": "00:03:12",
        "language": "haoussa, traduit en français",
        "interpreter": "Sgt ISSOUFOU Ali",
    }
    assert result.header_lines["reference"] == 4
    assert result.header_lines["time"] == 6
    assert result.call == CallRow(
        line=6,
        caller_raw="+227 96 12 34 56",
        callee_raw="+218 92 345 6789",
        started_at="2025-04-13 21:04:00",
        duration_s=192,
        call_type="voice",
    )
    assert [(t.speaker, t.line) for t in result.turns] == [
        ("MOUSSA", 14),
        ("IBRAHIM", 15),
        ("MOUSSA", 17),
        ("Homme 1", 18),
        ("Voix féminine", 19),
    ]
    assert result.turns[1].text == "Je suis à Agadez, [inaudible] on part demain\n  avec les deux Toyota."
    assert result.turns[3].text == "(rires) Trente-deux."
    # A colon inside speech is no new speaker; the next sentence-like line continues the turn.
    assert result.turns[4].text == "Il m'a dit : viens demain.\nIl dit : pas avant jeudi."
    assert [t.seq for t in result.turns] == [1, 2, 3, 4, 5]
    assert result.warnings == []
    _check_spans(result)


def test_english_transcript_with_timecodes_and_banner() -> None:
    result = parse_transcript(ENGLISH, "tr.txt")
    assert result.header["reference"] == "TR-2025-0077"
    assert result.header["target_line"] == "+234 803 000 1122"
    assert result.header["interpreter"] == "Ms. Bello (Hausa)"
    call = result.call
    assert call is not None
    assert (call.caller_raw, call.callee_raw) == ("+234 803 000 1122", "+227 90 11 22 33")
    assert call.started_at == "2025-04-13 21:05:00"
    assert call.duration_s == 192
    assert call.line == 5
    assert [t.speaker for t in result.turns] == ["Caller", "Callee", "Caller", "Callee"]
    assert result.turns[2].text == "The madam wants them in Agadez\nby Friday."
    assert result.turns[0].text == "Good evening. Is the bus ready?"
    _check_spans(result)


def test_dialogue_right_under_the_header_with_letters_as_speakers() -> None:
    text = (
        "Ligne : 76 45 12 90\nDate : 2 mai 2025\nHeure : 10:15\nAppelant : 76 45 12 90\n"
        "Appelé : 66 10 20 30\nA : Tu as reçu ?\nB : Oui, 75 000.\nA : Bien.\n"
    )
    result = parse_transcript(text, "x.txt")
    assert set(result.header) == {"target_line", "date", "time", "caller", "callee"}
    assert [(t.speaker, t.text) for t in result.turns] == [
        ("A", "Tu as reçu ?"),
        ("B", "Oui, 75 000."),
        ("A", "Bien."),
    ]
    assert result.call is not None and result.call.started_at == "2025-05-02 10:15:00"


def test_speaker_named_like_a_header_key_after_the_header() -> None:
    text = (
        "Caller: +223 76 00 11 22\nCalled: +227 96 00 11 22\nDate: 01/03/2025\n\n"
        "Caller: Hello?\nCallee: Yes.\n"
    )
    result = parse_transcript(text, "x.txt")
    assert result.header["caller"] == "+223 76 00 11 22"
    assert [t.speaker for t in result.turns] == ["Caller", "Callee"]


def test_crlf_line_endings_keep_exact_spans() -> None:
    result = parse_transcript(FRENCH.replace("\n", "\r\n"), "crlf.txt")
    assert len(result.turns) == 5
    assert result.turns[1].text == "Je suis à Agadez, [inaudible] on part demain\r\n  avec les deux Toyota."
    _check_spans(result)


@pytest.mark.parametrize(
    ("direction", "caller", "callee"),
    [
        ("sortant", "+223 76 12 34 56", None),
        ("Outgoing call", "+223 76 12 34 56", None),
        ("entrant", None, "+223 76 12 34 56"),
        ("", None, None),
    ],
)
def test_target_line_used_only_with_a_direction(
    direction: str, caller: str | None, callee: str | None
) -> None:
    text = f"Ligne écoutée : +223 76 12 34 56\nSens : {direction}\nDate : 13/04/2025\n\nA : Allô\nB : Oui\n"
    call = parse_transcript(text, "x.txt").call
    assert call is not None
    assert (call.caller_raw, call.callee_raw) == (caller, callee)


def test_incoming_call_with_correspondent() -> None:
    text = "Ligne écoutée : 76 12 34 56\nSens : entrant\nCorrespondant : 90 45 11 27\n\nA : Allô\nB : Oui\n"
    call = parse_transcript(text, "x.txt").call
    assert call is not None
    assert (call.caller_raw, call.callee_raw) == ("90 45 11 27", "76 12 34 56")
    assert call.started_at is None


def test_no_call_without_caller_callee_or_date() -> None:
    text = "Ligne écoutée : 76 12 34 56\nDurée : 2 min\n\nA : Allô\nB : Oui\n"
    result = parse_transcript(text, "x.txt")
    assert result.call is None
    assert result.header["target_line"] == "76 12 34 56"


def test_sms_type() -> None:
    text = (
        "Type : SMS\nDe : 76 12 34 56\nÀ : 90 45 11 27\nDate : 13/04/2025 à 06h12\n\nA : Arrivé ?\nB : Oui\n"
    )
    call = parse_transcript(text, "x.txt").call
    assert call is not None
    assert call.call_type == "sms"
    assert (call.caller_raw, call.callee_raw, call.started_at) == (
        "76 12 34 56",
        "90 45 11 27",
        "2025-04-13 06:12:00",
    )


def test_unreadable_values_are_warnings_not_errors() -> None:
    text = (
        "Appelant : 76 12 34 56\nDate : le jour du marché\nHeure : vers le soir\nDurée : longtemps\n\n"
        "A : Allô\nB : Oui\n"
    )
    result = parse_transcript(text, "x.txt")
    assert result.call is not None and result.call.started_at is None and result.call.duration_s is None
    assert sorted(w.line for w in result.warnings) == [2, 3, 4]
    assert all(w.message for w in result.warnings)


def test_header_without_dialogue_is_valid_with_a_warning() -> None:
    text = "TRANSCRIPT OF INTERCEPTED CALL\nCaller: 76 12 34 56\nCallee: 90 45 11 27\nDuration: 45 s\n"
    result = parse_transcript(text, "x.txt")
    assert result.turns == []
    assert result.call is not None and result.call.duration_s == 45
    assert len(result.warnings) == 1 and result.warnings[0].line == 4


def test_dialogue_without_header() -> None:
    result = parse_transcript("MOUSSA : Allô ?\nIBRAHIM : Oui.\n", "x.txt")
    assert [t.speaker for t in result.turns] == ["MOUSSA", "IBRAHIM"]
    assert result.call is None and result.header == {}
    assert len(result.warnings) == 1


def test_footer_and_separators_are_not_turns() -> None:
    result = parse_transcript(FRENCH, "x.txt")
    assert all("OPJ" not in t.speaker and "Fait" not in t.text for t in result.turns)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n",
        "Le marché de Gao ouvre le lundi. Les prix ont monté cette année.\nRien d'autre.\n",
        "Date : 13/04/2025\nObjet : réunion de coordination\n",
    ],
)
def test_clearly_not_a_transcript(text: str) -> None:
    with pytest.raises(EvidenceError) as caught:
        parse_transcript(text, "notes.txt")
    assert caught.value.path == "notes.txt"


INTERVIEW = """\
PROCÈS-VERBAL D'AUDITION DE TÉMOIN
PV n° : 0087/2025
Date : 2 mai 2025
Nom et prénoms : TRAORÉ Awa
Né(e) le : 12/03/2004 à Kayes
Nationalité : malienne
Qualité : témoin

Question : Où étiez-vous ?
Réponse : À la gare routière.
Q : Avec qui ?
R : Seule.
"""


def test_scores_tell_transcripts_from_hearing_records_and_prose() -> None:
    prose = "Le convoi est parti de Agadez vers le nord. Les passagers étaient fatigués.\n" * 5
    assert transcript_score(FRENCH) >= 0.7
    assert transcript_score(ENGLISH) >= 0.7
    assert transcript_score(INTERVIEW) <= 0.2
    assert interview_score(FRENCH) <= 0.2
    assert interview_score(INTERVIEW) >= 0.7
    assert transcript_score(prose) <= 0.2 and interview_score(prose) <= 0.2
    assert transcript_score("") == 0.0


# --- properties -----------------------------------------------------------------------------------

SPEAKERS = [
    "A",
    "B",
    "MOUSSA",
    "Homme 1",
    "Voix féminine",
    "Caller",
    "INTERLOCUTEUR 2",
    "N'DIAYE Awa",
    "LE VIEUX",
]
speech = st.from_regex(r"[A-Za-zÀ-ÿ][a-zà-ÿ0-9 ,'?!\[\]()]{0,40}[a-z.?!\])]", fullmatch=True)
continuation = st.from_regex(r"[a-zà-ÿ][a-zà-ÿ0-9 ,'?!]{0,30}[a-z.?!]", fullmatch=True)


@st.composite
def transcripts(draw: st.DrawFn) -> tuple[str, list[tuple[str, str, int]], dict[str, object]]:
    lines = [
        draw(st.sampled_from(["PROCÈS-VERBAL DE RETRANSCRIPTION D'ÉCOUTE", "TRANSCRIPT OF INTERCEPTED CALL"]))
    ]
    day = draw(st.integers(1, 28))
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    seconds = draw(st.integers(0, 3 * 3600))
    caller = f"+223 76 {draw(st.integers(10, 99))} {draw(st.integers(10, 99))} {draw(st.integers(10, 99))}"
    callee = f"+218 92{draw(st.integers(1, 9))} {draw(st.integers(100, 999))} {draw(st.integers(100, 999))}"
    lines += [
        f"{draw(st.sampled_from(['Date', 'DATE', 'date']))} : {day:02d}/04/2025",
        f"{draw(st.sampled_from(['Heure', 'Time', 'HEURE']))}: {hour}h{minute:02d}",
        f"{draw(st.sampled_from(['Appelant', 'Caller', 'From', 'Numéro appelant']))} : {caller}",
        f"{draw(st.sampled_from(['Appelé', 'Called', 'To', 'Correspondant']))} - {callee}",
        f"{draw(st.sampled_from(['Durée', 'Duration']))} : {seconds // 60} min {seconds % 60} s",
        "",
    ]
    expected_turns: list[tuple[str, str, int]] = []
    for _ in range(draw(st.integers(0, 8))):
        speaker = draw(st.sampled_from(SPEAKERS))
        text = draw(speech)
        lines.append(f"{speaker}{draw(st.sampled_from([' : ', ': ', ' :  ']))}{text}")
        line_no = len(lines)
        for _ in range(draw(st.integers(0, 2))):
            more = draw(continuation)
            indent = draw(st.sampled_from(["", "  "]))
            lines.append(indent + more)
            text = f"{text}\n{indent}{more}"
        expected_turns.append((speaker, text, line_no))
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", "***", "-----"])))
    lines.append(draw(st.sampled_from(["", "--- Fin de la communication ---", "END OF CALL"])))
    call = {
        "caller_raw": caller,
        "callee_raw": callee,
        "started_at": f"2025-04-{day:02d} {hour:02d}:{minute:02d}:00",
        "duration_s": seconds,
    }
    return "\n".join(lines) + "\n", expected_turns, call


@given(transcripts())
def test_generated_transcripts_round_trip(
    case: tuple[str, list[tuple[str, str, int]], dict[str, object]],
) -> None:
    text, expected_turns, call = case
    result = parse_transcript(text, "gen.txt")
    assert [(t.speaker, t.text, t.line) for t in result.turns] == expected_turns
    assert result.call is not None
    assert {k: getattr(result.call, k) for k in call} == call
    _check_spans(result)
    assert transcript_score(text) >= 0.5


@settings(max_examples=200)
@given(st.text(max_size=400))
def test_arbitrary_text_raises_only_evidence_errors(text: str) -> None:
    try:
        result = parse_transcript(text, "any.txt")
    except EvidenceError:
        return
    _check_spans(result)
    assert 0.0 <= transcript_score(text) <= 1.0


@settings(max_examples=100)
@given(
    st.lists(
        st.sampled_from([*SPEAKERS, "Réf.", "Date", "---", "[inaudible]", "", ":", "x : y"]), max_size=20
    ),
    st.data(),
)
def test_shuffled_fragments_never_crash(fragments: list[str], data: st.DataObject) -> None:
    text = "\n".join(f"{f} : {data.draw(speech)}" if data.draw(st.booleans()) else f for f in fragments)
    try:
        result = parse_transcript(text, "frag.txt")
    except EvidenceError:
        return
    _check_spans(result)
