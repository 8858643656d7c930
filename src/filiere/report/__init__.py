"""Case reports: the HTML case report with its link chart (exports and DOCX/PDF come later)."""

from filiere.report.html import write_case_report

__all__ = ["write_case_report"]
