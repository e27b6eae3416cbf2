"""Excel out: the blank import template and the problem report of a rejected import."""

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from apps.core.excel import safe_cell

from .columns import COLUMNS, HOUSEHOLD, KEEPS_WHEN_EMPTY, MEMBER, WHERE, Column
from .models import NATIONAL_TERMS, HouseholdImport

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


TEMPLATE_ROWS = 5000  # rows of the data sheet that get the choice lists
# One plausible member row, shown on the explanation sheet (never on the data
# sheet, where an upload would import it).
EXAMPLE = {
    "县": "吴川市",
    "乡镇": "兰石镇",
    "行政村": "名利村",
    "户编号": "4408830001",
    "贫困户属性": "一般贫困户",
    "脱贫属性": "已脱贫",
    "脱贫年度": "2019",
    "主要致贫原因": "缺技术",
    "家庭年人均纯收入": "12000.50",
    "住房是否安全": "是",
    "帮扶单位": "佛山市三水区某局",
    "姓名": "张某",
    "证件号码": "440883198001011231",
    "与户主关系": "户主",
    "出生日期": "1980-01-01",
    "健康状况": "健康",
    "劳动技能": "普通劳动力",
}


def blank_template() -> Workbook:
    """The national file's header row, ready to fill in: choice columns offer
    their words as a drop-down, and a second sheet explains every column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "建档立卡户"
    sheet.append([column.header for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(8, len(column.header) * 2 + 2)
        if words := _words(column):
            _offer(sheet, letter, words)
    sheet.freeze_panes = "A2"
    _explain_columns(workbook.create_sheet("填表说明"))
    return workbook


def _words(column: Column) -> list[str]:
    """The words a choice or yes/no column accepts (what the drop-down offers)."""
    if column.kind == "bool":
        return ["是", "否"]
    if column.kind == "choice":
        return [word for word in NATIONAL_TERMS[column.choices] if word]
    return []


def _offer(sheet, letter: str, words: list[str]) -> None:
    # A warning, not a stop: the national export's other words still import.
    rule = DataValidation(
        type="list",
        formula1='"' + ",".join(words) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="不在可选值中",
        error="可选值：" + "、".join(words),
    )
    rule.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    sheet.add_data_validation(rule)


def what_the_column_accepts(column: Column) -> str:
    if words := _words(column):
        return "、".join(words)
    return {
        "date": "日期：2020-11-03、2020/11/3、20201103或2020年11月3日",
        "decimal": "数字，如12000.50",
        "int": "整数",
    }.get(column.kind, f"文字，最多{column.max_length}字" if column.max_length else "文字")


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
    sheet.append(["列", "所属", "单元格为空时", "可填写的值或格式", "示例"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    part = {WHERE: "地址", HOUSEHOLD: "户", MEMBER: "成员"}
    for column in COLUMNS:
        sheet.append(
            [
                column.header,
                part.get(column.part, ""),
                what_an_empty_cell_does(column),
                what_the_column_accepts(column),
                EXAMPLE.get(column.header, ""),
            ]
        )
    sheet.append([])
    sheet.append(["每行一名成员；同一户的各成员行，户的各列填写相同的值。"])
    sheet.append(["文件中没有的列：已存储的值保持不变；新户取默认值。"])
    for letter, width in zip("ABCDE", (22, 8, 40, 60, 22), strict=True):
        sheet.column_dimensions[letter].width = width
