"""Shared helpers for .xlsx downloads."""

from __future__ import annotations

import io
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text that a spreadsheet would run as a formula is written as text."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


# Figures shown in the spreadsheet as on the page (1,606; 97.89), kept as numbers.
COUNT_FORMAT = "#,##0"
RATE_FORMAT = "0.00"


def figure_cell(sheet, value, number_format: str = COUNT_FORMAT):
    """A number cell of a write-only sheet with its display format; other values as they are."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(workbook: Workbook, filename: str) -> HttpResponse:
    response = HttpResponse(workbook_bytes(workbook), content_type=XLSX_CONTENT_TYPE)
    # RFC 5987 so Chinese file names survive.
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
