"""The streaming sheet reader reads what spreadsheet programs write."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from apps.households.xlsx_reader import NotAWorkbook, SheetReader


@pytest.mark.parametrize("write_only", [False, True], ids=["shared-strings", "inline-strings"])
def test_reads_values_gaps_and_entities(tmp_path, write_only):
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("户籍") if write_only else workbook.active
    if not write_only:
        sheet.title = "户籍"
    sheet.append(["县", "户编号", "收入", "出生日期", "备注"])
    sheet.append(["吴川市", "0012", 1234.5, dt.date(1980, 1, 2), "A&B <是>"])
    sheet.append([])  # an empty row keeps its number
    sheet.append([None, None, 7, None, True])
    path = tmp_path / "f.xlsx"
    workbook.save(path)
    with SheetReader(path) as reader:
        rows = list(reader.rows())
        assert reader.name == "户籍"
    assert rows[0] == ["县", "户编号", "收入", "出生日期", "备注"]
    assert rows[1][:3] == ["吴川市", "0012", 1234.5]
    assert rows[1][3] == 29222  # an Excel date serial: the importer converts date columns
    assert rows[1][4] == "A&B <是>"
    assert rows[2] in ([], [None] * len(rows[2]))
    assert rows[3][2] == 7 and rows[3][4] is True and rows[3][0] is None


def test_a_renamed_text_file_is_not_a_workbook(tmp_path):
    path = tmp_path / "f.xlsx"
    path.write_bytes(b"PK\x03\x04 but not really a zip")
    with pytest.raises(NotAWorkbook):
        SheetReader(path)
