"""The streaming sheet reader reads what spreadsheet programs write."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from apps.households.imports.reader import NotAWorkbook, SheetReader


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


def _workbook_with_sheet_xml(path, sheet_xml: str) -> None:
    """An .xlsx whose only sheet is ``sheet_xml`` verbatim (shapes openpyxl never writes)."""
    import zipfile

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="x"/></Relationships>',
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)


ROWS_XML = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>县</t></is></c><c r="C1"><v>3</v></c></row>'
    '<row r="2" spans="1:3"/>'  # a formatted empty row: no cells
    '<row r="3"><c r="B3" t="inlineStr"><is><t>甲&amp;乙</t></is></c><c r="C3"><v>2.5</v></c></row>'
    '<row r="4"><c r="C4"><v>1</v></c><c r="A4"><v>9</v></c></row>'  # cells out of order
)


@pytest.mark.parametrize("prefix", ["", "x:"], ids=["plain", "prefixed"])
def test_reads_row_shapes_other_programs_write(tmp_path, prefix):
    """Self-closing rows, cells out of column order, a <rowBreaks> element after
    the data and namespace-prefixed tags all read the same."""
    xml = ROWS_XML
    if prefix:
        xml = xml.replace("<row", "<x:row").replace("</row>", "</x:row>")
        xml = xml.replace("<c ", "<x:c ").replace("</c>", "</x:c>")
        xml = xml.replace("<v>", "<x:v>").replace("</v>", "</x:v>")
        xml = xml.replace("<is><t>", "<x:is><x:t>").replace("</t></is>", "</x:t></x:is>")
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    namespace = f'xmlns:x="{main}"' if prefix else f'xmlns="{main}"'
    sheet = (
        f"<{prefix}worksheet {namespace}><{prefix}sheetData>{xml}</{prefix}sheetData>"
        f'<{prefix}rowBreaks count="1"><{prefix}brk id="2"/></{prefix}rowBreaks>'
        f"</{prefix}worksheet>"
    )
    path = tmp_path / "f.xlsx"
    _workbook_with_sheet_xml(path, sheet)
    with SheetReader(path) as reader:
        rows = list(reader.rows())
    assert rows[0] == ["县", None, 3]
    assert rows[1] == []
    assert rows[2] == [None, "甲&乙", 2.5]
    assert rows[3] == [9, None, 1]
    assert len(rows) == 4


@pytest.mark.parametrize("prefix", ["", "x:"], ids=["plain", "prefixed"])
def test_rows_read_the_same_whatever_the_chunk_boundaries(tmp_path, monkeypatch, prefix):
    """Rows are cut at a row's start or after </row> as chunks stream in: any
    chunk size gives the same rows (self-closing rows and markup after the data too)."""
    from apps.households.imports import reader as xlsx_reader

    xml = ROWS_XML + '<row r="7"><c r="B7" t="inlineStr"><is><t>末行</t></is></c></row>'
    if prefix:
        xml = xml.replace("<row", "<x:row").replace("</row>", "</x:row>")
        xml = xml.replace("<c ", "<x:c ").replace("</c>", "</x:c>")
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    namespace = f'xmlns:x="{main}"' if prefix else f'xmlns="{main}"'
    sheet = (
        f"<{prefix}worksheet {namespace}><{prefix}sheetData>{xml}</{prefix}sheetData>"
        f"<{prefix}mergeCells/></{prefix}worksheet>"
    )
    path = tmp_path / "f.xlsx"
    _workbook_with_sheet_xml(path, sheet)
    with SheetReader(path) as reader:
        whole = list(reader.numbered_rows())
    assert [number for number, _cells in whole] == [1, 3, 4, 7]
    for size in (1, 3, 7, 64):
        monkeypatch.setattr(xlsx_reader, "CHUNK", size)
        with SheetReader(path) as reader:
            assert list(reader.numbered_rows()) == whole, size
