"""Hearing records: identity block, where the statement starts, question/answer turns, kind score."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from filiere.errors import EvidenceError
from filiere.ingest.interview import interview_score, parse_interview
from filiere.ingest.records import ParsedInterview
from filiere.ingest.transcript import transcript_score

# All names, numbers and events below are invented for these tests.
FRENCH_QA = """\
RÉPUBLIQUE DU MALI
Un Peuple – Un But – Une Foi
PROCÈS-VERBAL D'AUDITION DE VICTIME

PV n° : 0087/CNLTP/2025
Date : 2 mai 2025         Heure : 10h30
Lieu : Commissariat du 3e arrondissement, Bamako
OPJ : Adjudant-chef KONATÉ Bréhima
Nom : TRAORÉ
Prénom(s) : Awa
Surnom : Petite Awa
Né(e) le : 12/03/2004 à Kayes
Nationalité : malienne
Profession : ménagère
Pièce d'identité : CNI n° ML-0000-1234
Tél. : +223 76 45 12 90
Qualité : victime
Langue : bambara
Interprète : Mme SANOGO Fatoumata

Sur interpellation, l'intéressée déclare :

Question : Comment avez-vous rencontré cet homme ?
Réponse : Il est venu au marché de Kayes. Il m'a promis un travail
en Libye, à Sebha.

Il m'a dit : tu paieras plus tard.
Q : Combien avez-vous payé ?
R : 150 000 F CFA par Orange Money au numéro 76 00 00 01.

Lecture faite, persiste et signe avec nous.
L'OPJ
"""

ENGLISH_NARRATIVE = """\
FICTIONAL DATA — TRAINING
RECORD OF INTERVIEW
Reference: ROI-2025-003
Date: 23/04/2025
Place: Agadez transit centre
Interviewing officer: Insp. MAMANE
Surname: OKAFOR
Given names: Blessing Ada
Date of birth: 4 July 1998
Place of birth: Benin City
Nationality: Nigerian
Passport no.: A00000000
Status: witness

STATEMENT:
I am from Benin City. A woman offered me work in a salon in Italy.
I travelled by bus to Kano and then to Niamey.

In Agadez a man called Chairman took my phone.
Read over to the witness in English, who confirms it is true and signs.
"""

ENGLISH_QA = """\
WITNESS STATEMENT
Name: Yusuf BELLO
DOB: 01/01/1990
Phone: +234 803 000 1122
Capacity: suspect

Q: Who owns the bus?
A: A man in Kano. I only drive.
Q: How many passengers?
A: Eighteen.
End of interview.
"""


def _check_spans(result: ParsedInterview) -> None:
    for turn in result.turns:
        assert result.text[turn.start : turn.end] == turn.text


def test_french_record_with_questions_and_answers() -> None:
    result = parse_interview(FRENCH_QA, "audition.txt")
    header = result.header
    assert header["reference"] == "0087/CNLTP/2025"
    assert (header["date"], header["time"]) == ("2 mai 2025", "10h30")
    assert header["place"] == "Commissariat du 3e arrondissement, Bamako"
    assert header["officer"] == "Adjudant-chef KONATÉ Bréhima"
    assert (header["surname"], header["given_names"], header["name"]) == ("TRAORÉ", "Awa", "TRAORÉ Awa")
    assert header["alias"] == "Petite Awa"
    assert (header["birth_date"], header["birth_place"]) == ("12/03/2004", "Kayes")
    assert header["nationality"] == "malienne"
    assert header["occupation"] == "ménagère"
    assert header["id_document"] == "CNI n° ML-0000-1234"
    assert header["phone"] == "+223 76 45 12 90"
    assert header["status"] == "victime"
    assert header["language"] == "bambara"
    assert header["interpreter"] == "Mme SANOGO Fatoumata"
    assert result.header_lines["name"] == 9
    assert result.header_lines["birth_place"] == 12
    assert FRENCH_QA[result.statement_start :].startswith("Question : Comment")
    assert [(t.speaker, t.line) for t in result.turns] == [("Q", 23), ("R", 24), ("Q", 28), ("R", 29)]
    assert result.turns[1].text == (
        "Il est venu au marché de Kayes. Il m'a promis un travail\nen Libye, à Sebha.\n\n"
        "Il m'a dit : tu paieras plus tard."
    )
    assert result.turns[3].text.endswith("76 00 00 01.")
    assert result.warnings == []
    _check_spans(result)


def test_english_narrative_statement() -> None:
    result = parse_interview(ENGLISH_NARRATIVE, "roi.txt")
    header = result.header
    assert header["name"] == "Blessing Ada OKAFOR"
    assert header["birth_date"] == "4 July 1998"
    assert header["birth_place"] == "Benin City"
    assert header["id_document"] == "A00000000"
    assert header["officer"] == "Insp. MAMANE"
    assert header["status"] == "witness"
    assert ENGLISH_NARRATIVE[result.statement_start :].startswith("I am from Benin City")
    assert result.turns == []


def test_english_questions_and_answers_use_a() -> None:
    result = parse_interview(ENGLISH_QA, "ws.txt")
    assert result.header["name"] == "Yusuf BELLO"
    assert result.header["status"] == "suspect"
    assert [(t.speaker, t.text) for t in result.turns] == [
        ("Q", "Who owns the bus?"),
        ("A", "A man in Kano. I only drive."),
        ("Q", "How many passengers?"),
        ("A", "Eighteen."),
    ]
    _check_spans(result)


def test_declare_marker_with_text_on_the_same_line() -> None:
    text = (
        "PV D'AUDITION DE TÉMOIN\nNom et prénoms : DIALLO Moussa\nQualité : témoin\n"
        "DÉCLARE : Je connais le chauffeur.\n"
    )
    result = parse_interview(text, "x.txt")
    assert text[result.statement_start :].startswith("Je connais le chauffeur.")
    assert result.header == {"name": "DIALLO Moussa", "status": "témoin"}


def test_statement_without_marker_starts_after_the_header() -> None:
    text = "HEARING RECORD\nName: Awa TRAORE\nNationality: Malian\n\nI was recruited in Bamako.\n"
    result = parse_interview(text, "x.txt")
    assert text[result.statement_start :] == "I was recruited in Bamako.\n"


def test_birth_date_and_place_apart_and_born_around() -> None:
    text = "AUDITION DE TÉMOIN\nNom : KANE\nNé vers 1985 à Tillabéri\n"
    assert parse_interview(text, "x.txt").header["surname"] == "KANE"
    text = "AUDITION DE TÉMOIN\nNom : KANE\nNé le : vers 1985 à Tillabéri\n"
    header = parse_interview(text, "x.txt").header
    assert (header["birth_date"], header["birth_place"]) == ("vers 1985", "Tillabéri")


def test_unreadable_date_is_a_warning() -> None:
    text = "PROCÈS-VERBAL D'AUDITION\nDate : le jour de la Tabaski\nNom : KANE\n\nJe déclare.\n"
    result = parse_interview(text, "x.txt")
    assert [w.line for w in result.warnings] == [2]


def test_header_only_warns_about_the_missing_statement() -> None:
    result = parse_interview("RECORD OF INTERVIEW\nName: A. SANI\nNationality: Nigerien\n", "x.txt")
    assert result.statement_start == len(result.text)
    assert len(result.warnings) == 1


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n \n",
        "Les pluies ont commencé tôt cette année à Mopti.\nLe fleuve a monté.\n",
        "Date : 01/01/2025\n",
    ],
)
def test_clearly_not_a_hearing_record(text: str) -> None:
    with pytest.raises(EvidenceError):
        parse_interview(text, "x.txt")


def test_scores() -> None:
    assert interview_score(FRENCH_QA) >= 0.7
    assert interview_score(ENGLISH_NARRATIVE) >= 0.7
    assert interview_score(ENGLISH_QA) >= 0.5
    assert transcript_score(FRENCH_QA) <= 0.2
    assert transcript_score(ENGLISH_NARRATIVE) <= 0.2
    assert transcript_score(ENGLISH_QA) <= 0.3


# --- properties -----------------------------------------------------------------------------------

sentence = st.from_regex(r"[A-Za-zÀ-ÿ][a-zà-ÿ0-9 ,'?!]{0,40}[a-z.?!]", fullmatch=True)


@st.composite
def qa_records(draw: st.DrawFn) -> tuple[str, list[tuple[str, str]]]:
    french = draw(st.booleans())
    q_label = draw(
        st.sampled_from(["Question", "Q", "QUESTION", "D"] if french else ["Question", "Q", "QUESTION"])
    )
    a_label = draw(st.sampled_from(["Réponse", "R", "RÉPONSE"] if french else ["Answer", "A", "ANSWER"]))
    lines = [
        "PROCÈS-VERBAL D'AUDITION" if french else "RECORD OF INTERVIEW",
        f"Nom : {draw(st.sampled_from(['DIALLO', 'KANE', 'SANI']))}",
        "",
        draw(st.sampled_from(["DÉCLARATION", "Questions et réponses :", "STATEMENT", ""])),
    ]
    expected: list[tuple[str, str]] = []
    for _ in range(draw(st.integers(1, 5))):
        for label, speaker in ((q_label, "Q"), (a_label, "R" if french else "A")):
            text = draw(sentence)
            lines.append(f"{label}{draw(st.sampled_from([' : ', ': ', ' :']))}{text}")
            if speaker != "Q" and draw(st.booleans()):
                more = draw(st.from_regex(r"[a-z][a-z ,']{0,30}[a-z.]", fullmatch=True))
                lines += ["", more]
                text = f"{text}\n\n{more}"
            expected.append((speaker, text))
    lines.append(draw(st.sampled_from(["Lecture faite, persiste et signe.", "Read over and signed.", ""])))
    return "\n".join(lines) + "\n", expected


@given(qa_records())
def test_generated_questions_and_answers_round_trip(case: tuple[str, list[tuple[str, str]]]) -> None:
    text, expected = case
    result = parse_interview(text, "gen.txt")
    assert [(t.speaker, t.text) for t in result.turns] == expected
    _check_spans(result)
    assert interview_score(text) >= 0.5


@settings(max_examples=200)
@given(st.text(max_size=400))
def test_arbitrary_text_raises_only_evidence_errors(text: str) -> None:
    try:
        result = parse_interview(text, "any.txt")
    except EvidenceError:
        return
    _check_spans(result)
    assert 0 <= result.statement_start <= len(text)
    assert 0.0 <= interview_score(text) <= 1.0
