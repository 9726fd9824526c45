"""``reportgen check``: whether a Word or PDF document meets the style profile (GB/T 9704).

``check_docx`` reads a .docx structurally and, when LibreOffice is installed, measures its
rendered pages too; ``check_pdf`` measures a PDF's pages. Both return a ``DocumentReport``.
"""
from reportgen.check.documents import check_docx, check_pdf
from reportgen.check.rules import RULES, DocumentReport, RuleResult

__all__ = ["RULES", "DocumentReport", "RuleResult", "check_docx", "check_pdf"]
