"""Write the DOCX and PDF of the fictional demo case (examples/sample-case/evidence/).

Run from the repository root:  .venv/bin/python examples/make_binary_samples.py
The generated files are committed; tests read them and never run this script. Dates in the metadata
and in the DOCX zip are fixed so that a re-run with the same python-docx, fpdf2 and zlib gives
byte-identical files. Everything written here is fictional: names, numbers, references and amounts.
The PDF uses fpdf2's core Helvetica font, so its text stays within Latin-1 (no em dash, no curly quotes).
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.shared import Pt
from fpdf import FPDF

EVIDENCE = Path(__file__).parent / "sample-case" / "evidence"
DOCX_NAME = "rapport_synthese_2025-04-25.docx"
PDF_NAME = "western_union_receipt_DEMO.pdf"
FIXED = datetime(2025, 4, 25, 10, 0, 0)
FIXED_UTC = FIXED.replace(tzinfo=UTC)
ZIP_DATE = (2025, 4, 25, 10, 0, 0)

REPORT_FACTS = (
    "Depuis le début de l'année 2025, des migrants venus du Mali, du Ghana et du Nigeria sont pris en "
    "charge à la gare routière de Niamey par un rabatteur (coxeur) surnommé « Petit Abdou », acheminés "
    "en car jusqu'à Agadès, hébergés dans un « ghetto » tenu par un organisateur surnommé « Le Vieux », "
    "puis transportés en pick-up via Dirkou jusqu'à Sebha (Libye), où un certain « Chairman » les reçoit.",
    "Les écoutes des lignes 93 07 64 19, 96 12 34 56 et 90 45 11 27 (11 au 14 avril 2025) montrent le "
    "départ d'un véhicule transportant vingt-quatre migrants dans la nuit du 12 au 13 avril 2025, un prix "
    "de 150 000 F CFA par personne jusqu'à Agadès, et le versement de sommes aux militaires du poste de "
    "Dirkou.",
    "Le 16 avril 2025, la perquisition du ghetto d'Agadès a permis de libérer neuf migrants, dont un "
    "mineur malien de 17 ans, retenu jusqu'au paiement du solde de son voyage et astreint à des travaux.",
    "Une ressortissante nigériane, Mme Grace OMORUYI, entendue le 23 avril 2025, déclare avoir été "
    "contrainte à la prostitution à Sebha pour rembourser une « dette » de voyage ; sa famille a été "
    "sommée de payer par Western Union au nom de Fati ALI, épouse du « Vieux », à Agadès.",
)

REPORT_PEOPLE = (
    ("Nom (alias)", "Rôle présumé", "Téléphone", "Élément"),
    (
        "Mahamane ISSAKA (« Le Vieux »)",
        "organisateur, chef du ghetto d'Agadès",
        "93 07 64 19 ; 99 31 20 08",
        "écoutes PV-040, PV-041 ; audition TANKO",
    ),
    (
        "Abdoulaye SEYNI (« Petit Abdou »)",
        "coxeur, gare routière de Niamey",
        "96 12 34 56",
        "écoutes PV-039, INT-012 ; audition SANOGO",
    ),
    ("Ibrahim TANKO", "chauffeur", "90 45 11 27", "écoute INT-017 ; audition du 22/04/2025"),
    (
        "« Chairman » (identité inconnue)",
        "chef de ghetto à Sebha (Libye)",
        "+218 92 555 0147",
        "écoutes PV-041, INT-017 ; audition OMORUYI",
    ),
    (
        "Fati ALI",
        "collecte des fonds (Western Union)",
        "93 07 64 19 (titulaire)",
        "réponse opérateur ; reçu Western Union",
    ),
    ("Inconnu (Bamako)", "collecteur Orange Money", "+223 76 48 21 09", "audition SANOGO"),
)

REPORT_NEXT = (
    "Identifier « Chairman » : demande d'entraide à la Libye (abonné Libyana +218 92 555 0147).",
    "Identifier le titulaire du +223 76 48 21 09 : demande d'entraide au Mali (Orange Money).",
    "Obtenir de Western Union l'historique complet des transferts reçus par Fati ALI.",
    "La qualification relève du parquet ; elle tiendra compte de la loi en vigueur à la date des faits "
    "(la loi n° 2015-36 relative au trafic illicite de migrants a été abrogée par l'ordonnance "
    "n° 2023-16 ; l'ordonnance n° 2010-86 relative à la traite des personnes reste à examiner pour le "
    "mineur et pour Mme OMORUYI).",
)


def build_docx() -> bytes:
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(11)
    document.add_paragraph("DONNÉES FICTIVES — cas de démonstration Filière")
    document.add_paragraph("Réf. : DEMO-RS-2025-01/BR-AGZ")
    document.add_heading("RAPPORT DE SYNTHÈSE", level=1)
    document.add_paragraph("Affaire : réseau de passage Niamey – Agadès – Dirkou – Sebha (dossier fictif)")
    document.add_heading("1. Exposé des faits", level=2)
    for paragraph in REPORT_FACTS:
        document.add_paragraph(paragraph)
    document.add_heading("2. Personnes mises en cause", level=2)
    table = document.add_table(rows=0, cols=len(REPORT_PEOPLE[0]))
    table.style = "Table Grid"
    for row in REPORT_PEOPLE:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    document.add_heading("3. Suites à donner", level=2)
    for item in REPORT_NEXT:
        document.add_paragraph(item, style="List Bullet")
    document.add_paragraph("Fait à Agadès, le 25 avril 2025.")
    document.add_paragraph("Lieutenant Aïssa MAMANE, officier de police judiciaire (personnage fictif)")

    props = document.core_properties
    props.title = "Rapport de synthèse — dossier DEMO (fictif)"
    props.author = "Lt. Aïssa MAMANE (fictif)"
    props.subject = "Cas de démonstration Filière — données fictives"
    props.keywords = "DEMO; fictif; Filière"
    props.last_modified_by = "Filière demo generator"
    props.comments = "Generated by examples/make_binary_samples.py"
    props.created = FIXED
    props.modified = FIXED
    props.last_printed = FIXED
    props.revision = 1

    raw = io.BytesIO()
    document.save(raw)
    return _fixed_zip_dates(raw.getvalue())


def _fixed_zip_dates(data: bytes) -> bytes:
    """python-docx stamps each zip member with the current time; rewrite them with a fixed one."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(member.filename))
    return out.getvalue()


RECEIPT_LINES = (
    ("Reference", "DEMO-WU-2025-0403"),
    ("MTCN", "0000000417 (fictional)"),
    ("Date sent", "03 April 2025, 11:42"),
    ("Sending agent", "DEMO Agent 118, Ring Road, Benin City, Nigeria"),
    ("Sender", "Patience OMORUYI"),
    ("Sender phone", "+234 806 000 4417"),
    ("Receiver", "Fati ALI"),
    ("Receiver phone", "+227 93 07 64 19"),
    ("Destination", "Agadez, Niger"),
    ("Amount sent", "NGN 450,000.00"),
    ("Transfer fee", "NGN 9,500.00"),
    ("Exchange rate", "1 NGN = 0.39 XOF"),
    ("Amount to receiver", "XOF 175,500"),
    ("Paid out", "04 April 2025, 09:15, DEMO Agence Agadez Centre"),
    ("Receiver ID", "CNI DEMO-NE-2210-7745"),
)

HISTORY_HEADER = ("Date", "MTCN", "Sender", "Sender city", "Sent", "Paid (XOF)")
HISTORY_ROWS = (
    ("12/02/2025", "0000000233", "Patience OMORUYI", "Benin City", "NGN 300,000", "117,000"),
    ("27/02/2025", "0000000291", "Mercy EDOSA", "Lagos", "NGN 250,000", "97,500"),
    ("03/04/2025", "0000000417", "Patience OMORUYI", "Benin City", "NGN 450,000", "175,500"),
    ("15/04/2025", "0000000452", "Mercy EDOSA", "Lagos", "NGN 200,000", "78,000"),
)


def build_pdf() -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED_UTC)
    pdf.set_title("Money transfer receipt DEMO-WU-2025-0403 (fictional)")
    pdf.set_author("Filiere demo generator")
    pdf.set_subject("FICTIONAL DATA - Filiere demo case")
    pdf.set_producer("Filiere demo generator (fpdf2)")
    pdf.set_auto_page_break(auto=True, margin=15)

    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=10)
    pdf.cell(
        0,
        6,
        "FICTIONAL DATA - Filière demo case (not a real Western Union document)",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    pdf.set_font("Helvetica", style="B", size=14)
    pdf.cell(0, 9, "WESTERN UNION - MONEY TRANSFER RECEIPT (specimen)", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", size=11)
    for label, value in RECEIPT_LINES:
        pdf.cell(55, 7, f"{label}:")
        pdf.cell(0, 7, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)
    pdf.multi_cell(
        0,
        6,
        "Seized on 21 April 2025 at the home of Fati ALI, Agadez, during the search recorded "
        "in PV DEMO-2025-120/BR-AGZ. Copy certified by the investigating officer.",
    )

    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=10)
    pdf.cell(0, 6, "FICTIONAL DATA - Filière demo case", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", style="B", size=12)
    pdf.multi_cell(
        0,
        7,
        "Answer to judicial requisition DEMO-REQ-2025-22: transfers paid to Fati ALI, "
        "Agadez, from 01/02/2025 to 20/04/2025",
    )
    pdf.ln(3)
    widths = (24, 26, 40, 28, 30, 24)
    pdf.set_font("Helvetica", style="B", size=9)
    for width, title in zip(widths, HISTORY_HEADER, strict=True):
        pdf.cell(width, 7, title, border=1)
    pdf.ln()
    pdf.set_font("Helvetica", size=9)
    for row in HISTORY_ROWS:
        for width, value in zip(widths, row, strict=True):
            pdf.cell(width, 7, value, border=1)
        pdf.ln()
    pdf.ln(4)
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 6, "Total paid to the receiver: XOF 468,000 in 4 transfers.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def main() -> None:
    EVIDENCE.mkdir(parents=True, exist_ok=True)
    (EVIDENCE / DOCX_NAME).write_bytes(build_docx())
    (EVIDENCE / PDF_NAME).write_bytes(build_pdf())
    print(f"wrote {EVIDENCE / DOCX_NAME}")
    print(f"wrote {EVIDENCE / PDF_NAME}")


if __name__ == "__main__":
    main()
