"""Case reports: the case report in HTML, PDF and Word, built once from the case's data (docs/report.md)."""

from filiere.report.write import WrittenReport, write_case_report, write_report

__all__ = ["WrittenReport", "write_case_report", "write_report"]
