"""The ranked tables as .xlsx, laid out like the annexes."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from apps.core.excel import safe_cell
from apps.regions.models import Level

from .models import RankingRow, ScoringScheme
from .selectors import REGION_HEADERS


def annex_columns(scheme: ScoringScheme, rows: QuerySet[RankingRow]) -> list[str]:
    """The annex's columns: scored tables show 初步打分 and 综合评价 (annex 1);
    published-position tables list the order only (annexes 2 and 3)."""
    columns = ["序号", REGION_HEADERS[scheme.level]]
    if rows.filter(total__isnull=False).exists():
        columns += ["初步打分", "综合评价"]
    if scheme.level == Level.VILLAGE:
        columns.append("贫困村/非贫困村")
    return columns


def annex_values(row: RankingRow, columns: list[str]) -> list:
    """The row's values under the annex's columns (raw: escape before a spreadsheet)."""
    values = {
        "序号": row.position,
        "初步打分": _number(row.total),
        "综合评价": row.rating,
        "贫困村/非贫困村": "贫困村" if row.is_poor_village else "非贫困村",
    }
    return [values.get(column, row.label) for column in columns]


def _cells(row: RankingRow, columns: list[str]) -> list:
    return [safe_cell(value) for value in annex_values(row, columns)]


def _number(value):
    """Scores as spreadsheet numbers: 92, 85.5."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def ranking_workbook(scheme: ScoringScheme, rows: QuerySet[RankingRow]) -> Workbook:
    """Title row, header row, one row per region; streamed (write-only) for big tables."""
    columns = annex_columns(scheme, rows)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=REGION_HEADERS[scheme.level].replace(" ", ""))
    sheet.column_dimensions["B"].width = 32
    title = WriteOnlyCell(sheet, value=safe_cell(scheme.title))
    title.font = Font(bold=True, size=14)
    title.alignment = Alignment(horizontal="center")
    sheet.append([title])
    header = []
    for name in columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in iter_annex_rows(rows):
        sheet.append(_cells(row, columns))
    return workbook


def iter_annex_rows(rows: QuerySet[RankingRow]) -> Iterable[RankingRow]:
    fields = ("position", "label", "total", "rating", "is_poor_village", "rank", "tie_size")
    return rows.only(*fields).iterator(chunk_size=2000)
