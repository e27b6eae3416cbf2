"""Excel out: the blank import template and the problem report of a rejected import."""

from openpyxl import Workbook
from openpyxl.styles import Font

from apps.core.excel import safe_cell

from .columns import COLUMNS
from .models import HouseholdImport

PROBLEM_HEADERS = ("工作表", "行", "列", "值", "问题")


def problem_report(job: HouseholdImport) -> Workbook:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = "导入问题"
    sheet.append([f"“{job.original_name}”导入问题（共{job.problem_count}个）"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(PROBLEM_HEADERS))
    for problem in job.problems:
        sheet.append(
            [
                safe_cell(problem["sheet"]),
                problem["row"],
                safe_cell(problem["column"]),
                safe_cell(problem["value"]),
                safe_cell(problem["reason"]),
            ]
        )
    for letter, width in zip("ABCDE", (14, 8, 18, 28, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    return workbook


def blank_template() -> Workbook:
    """The national file's header row, ready to fill in."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "建档立卡户"
    sheet.append([column.header for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(8, len(column.header) * 2 + 2)
    sheet.freeze_panes = "A2"
    return workbook
