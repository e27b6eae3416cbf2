"""The project ledger (项目台账) as an .xlsx: one sheet of projects, one of the
count and investment per kind. Chinese headers; amounts as numbers in 万元
with two decimals; every text cell through ``safe_cell`` (no formulas)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from apps.core.dates import official_date
from apps.core.excel import safe_cell

from .models import Project

MONEY_FORMAT = "0.00"


def ledger_title() -> str:
    return _("Project ledger")


def ledger_columns() -> list[tuple[str, int]]:
    """Header and width of each column of the projects sheet."""
    return [
        (pgettext("matrix", "No."), 6),
        (_("County"), 12),
        (_("Town"), 12),
        (_("Village"), 12),
        (_("project name"), 36),
        (_("project kind"), 14),
        (_("year approved"), 10),
        (_("stage"), 10),
        (_("special funds (万元)"), 14),
        (_("self-raised funds (万元)"), 14),
        (_("other funds (万元)"), 14),
        (_("Total investment (万元)"), 14),
        (_("Spent (万元)"), 14),
        (_("households benefiting"), 10),
        (_("people benefiting"), 10),
        (_("public notice on"), 16),
        (_("tender / procurement reference"), 20),
    ]


def _project_values(number: int, project: Project) -> list:
    region = project.region
    county = region.county.display_name if region.county_id else ""
    town = region.town.display_name if region.town_id else ""
    village = region.display_name if region.level == "village" else ""
    return [
        number,
        safe_cell(county),
        safe_cell(town),
        safe_cell(village),
        safe_cell(project.name),
        safe_cell(project.kind.name),
        project.year,
        str(project.get_stage_display()),
        project.special_funds_wan,
        project.self_raised_wan,
        project.other_wan,
        project.total_investment,
        project.spent,
        project.households_benefiting,
        project.people_benefiting,
        official_date(project.notice_on) if project.notice_on else "",
        safe_cell(project.tender_reference),
    ]


MONEY_COLUMNS = {8, 9, 10, 11, 12}  # 0-based: the five amounts


def _row(sheet, values: list, money: set[int]) -> list[WriteOnlyCell]:
    cells = []
    for index, value in enumerate(values):
        cell = WriteOnlyCell(sheet, value=value)
        if index in money:
            cell.number_format = MONEY_FORMAT
        cells.append(cell)
    return cells


def _header(sheet, names: Iterable[str]) -> list[WriteOnlyCell]:
    cells = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=safe_cell(name))
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def ledger_workbook(rows: QuerySet[Project], totals: list[dict]) -> Workbook:
    """``rows`` (the ledger's filtered queryset, every page) and ``totals``
    (``selectors.totals_by_kind`` of the same rows)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Projects")[:31])
    columns = ledger_columns()
    for index, (_name, width) in enumerate(columns):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    title = WriteOnlyCell(sheet, value=safe_cell(ledger_title()))
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    sheet.append(_header(sheet, [name for name, _width in columns]))
    for number, project in enumerate(rows.iterator(chunk_size=2000), start=1):
        sheet.append(_row(sheet, _project_values(number, project), MONEY_COLUMNS))
    by_kind = workbook.create_sheet(title=_("By project kind")[:31])
    for letter, width in zip("ABCDEF", (16, 10, 14, 14, 14, 14), strict=True):
        by_kind.column_dimensions[letter].width = width
    by_kind.append(
        _header(
            by_kind,
            [
                _("project kind"),
                _("Projects"),
                _("special funds (万元)"),
                _("self-raised funds (万元)"),
                _("other funds (万元)"),
                _("Total investment (万元)"),
            ],
        )
    )
    for item in totals:
        values = [
            safe_cell(item["kind_name"]),
            item["count"],
            item["special"],
            item["self_raised"],
            item["other"],
            item["total"],
        ]
        by_kind.append(_row(by_kind, values, {2, 3, 4, 5}))
    return workbook
