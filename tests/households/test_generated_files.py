"""The generated registry files (demo, tests, benchmarks) are written by a
small writer of its own (``apps.demo.xlsx``): Excel readers and the import
read back what was written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from openpyxl import load_workbook

from apps.demo.xlsx import write_sheet
from apps.households.imports.reader import SheetReader

ROWS = [
    ["户编号", "姓名", "出生日期", "人均纯收入", "人数", "备注"],
    ["44082500000001", "王某 & <李>", dt.date(1982, 1, 1), 18671.25, 3, ""],
    ["44082500000002", " 前后有空格 ", dt.date(2012, 5, 1), Decimal("8000.50"), 4, None],
]


def test_openpyxl_reads_back_text_numbers_and_dates(tmp_path):
    path = tmp_path / "generated.xlsx"
    assert write_sheet(path, "建档立卡户", ROWS) == 3
    sheet = load_workbook(path).active
    assert sheet.title == "建档立卡户"
    read = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert read[0] == ROWS[0]
    assert read[1] == ["44082500000001", "王某 & <李>", dt.datetime(1982, 1, 1), 18671.25, 3, ""]
    assert read[2][:5] == ["44082500000002", " 前后有空格 ", dt.datetime(2012, 5, 1), 8000.5, 4]
    assert read[2][5] is None
    assert sheet["C2"].number_format == "mm-dd-yy"  # shown as a date, not a serial


def test_the_import_reader_reads_the_same_cells(tmp_path):
    path = tmp_path / "generated.xlsx"
    write_sheet(path, "建档立卡户", ROWS)
    with SheetReader(path) as sheet:
        rows = [row for _number, row in sheet.numbered_rows()]
    assert rows[1][:2] == ["44082500000001", "王某 & <李>"]
    assert rows[1][2] == (dt.date(1982, 1, 1) - dt.date(1899, 12, 30)).days  # an Excel serial
    assert rows[2][1] == " 前后有空格 "
