"""Excel out: the blank import template and the problem report of a rejected import."""

from openpyxl import Workbook
from openpyxl.styles import Font

from apps.core.excel import safe_cell

from .columns import COLUMNS, HOUSEHOLD, KEEPS_WHEN_EMPTY, MEMBER, WHERE, Column
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
    _explain_columns(workbook.create_sheet("填表说明"))
    return workbook


def what_an_empty_cell_does(column: Column) -> str:
    """What an empty cell of ``column`` does to a stored record on re-import."""
    if column.required:
        return "必填，不能为空"
    if column.field in ("sex", "birth_date"):
        return "由证件号码推出"
    if column.field in KEEPS_WHEN_EMPTY:
        return "保留已存储的值（新户取默认值）"
    return "清空已存储的值（导入前会列出将清空的项数，须确认）"


def _explain_columns(sheet) -> None:
    """The template's second sheet: what each column means on re-import. The
    import reads the first sheet (or one named 贫困人口明细), never this one."""
    sheet.append(["列", "所属", "单元格为空时"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    part = {WHERE: "地址", HOUSEHOLD: "户", MEMBER: "成员"}
    for column in COLUMNS:
        sheet.append([column.header, part.get(column.part, ""), what_an_empty_cell_does(column)])
    sheet.append([])
    sheet.append(["文件中没有的列：已存储的值保持不变；新户取默认值。"])
    for letter, width in zip("ABC", (22, 8, 48), strict=True):
        sheet.column_dimensions[letter].width = width
