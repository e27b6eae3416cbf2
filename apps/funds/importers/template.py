"""One downloadable template per kind: the header row, an example row and a
notes sheet (what each column takes, what re-importing matches on)."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font

from apps.core.excel import safe_cell

from .columns import COLUMNS, KEYS, SHEET_NAMES


def template_workbook(kind: str) -> Workbook:
    columns = COLUMNS[kind]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAMES[kind]
    sheet.append([c.header for c in columns])
    sheet.append([safe_cell(c.example) for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(
            12, 2 * len(column.header) + 2
        )
    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "填写要求"])
    for column in columns:
        notes.append([column.header, "必填" if column.required else "选填", _rule(column)])
    notes.append([])
    notes.append(
        [
            "说明",
            "",
            "第一个工作表的第一行为列名，列的顺序不限；第二行为示例，导入前请删除或改为实际数据。",
        ]
    )
    notes.append(["", "", "任何一行有问题则整个文件不导入，并列出每个问题所在的行、列、值和原因。"])
    notes.append(["重复导入", "", f"按“{KEYS[kind]}”匹配：已有记录更新，不会重复新增。"])
    notes.column_dimensions["A"].width = 18
    notes.column_dimensions["C"].width = 70
    return workbook


def _rule(column) -> str:
    kinds = {
        "text": "文字",
        "int": "非负整数",
        "year": "四位年度",
        "money": f"金额（万元），最多{column.places}位小数，不得为负",
        "date": "日期，如2020年11月3日、2020/11/3、20201103或Excel日期",
    }
    rule = kinds[column.kind]
    return f"{rule}；{column.note}" if column.note else rule
