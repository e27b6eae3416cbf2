"""The hostile corpus: broken and malicious workbooks, written on the fly.

Each ``Case`` builds one .xlsx in a temporary folder from raw XML (shapes no
spreadsheet program writes) and knows the Chinese message the import must
answer with. The zip bombs stay small on disk: their XML is repetitive and
compresses about 1000:1. ``benchmarks/hostile_import.py`` imports every case in
its own process and measures peak RSS and time.
"""

from __future__ import annotations

import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from apps.demo.generator import HEADERS
from apps.households.imports.limits import column_letters
from apps.households.imports.reader import NOT_UTF8

from .workbooks import member_row

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET = "贫困人口明细"
COLUMN = {header: column_letters(index) for index, header in enumerate(HEADERS)}


def cell(ref: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def row_xml(number: int, values: list, *, extra: str = "") -> str:
    cells = "".join(cell(f"{COLUMN[h]}{number}", v) for h, v in zip(HEADERS, values, strict=True))
    return f'<row r="{number}">{cells}{extra}</row>'


def member_values(number: str = "H0001", **overrides) -> list:
    row = member_row(number, **overrides)
    return [row.get(header) for header in HEADERS]


def header_xml() -> str:
    return row_xml(1, list(HEADERS))


def sheet_xml(rows: str) -> str:
    return f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'


def valid_sheet(*more_rows: str) -> str:
    return sheet_xml(header_xml() + row_xml(2, member_values()) + "".join(more_rows))


def write_workbook(
    path: Path,
    sheets: list[tuple[str, str | bytes, str]],
    *,
    shared_strings: bytes | None = None,
    level: int = 6,
) -> Path:
    """``sheets``: (name, sheet XML, state) with state "", "hidden" or "veryHidden"."""
    entries = "".join(
        f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"'
        + (f' state="{state}"' if state else "")
        + "/>"
        for i, (name, _xml, state) in enumerate(sheets, start=1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Target="worksheets/sheet{i}.xml" Type="{REL}/worksheet"/>'
        for i in range(1, len(sheets) + 1)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{entries}</sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PKG}">{rels}</Relationships>'
        )
        for i, (_name, xml, _state) in enumerate(sheets, start=1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        if shared_strings is not None:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
    return path


def one_sheet(path: Path, xml: str | bytes, **options) -> Path:
    return write_workbook(path, [(SHEET, xml, "")], **options)


def at(row: int, header: str, value: str, reason: str) -> str:
    return f"工作表“{SHEET}”第{row}行“{header}”列（值：{value}）：{reason}"


def ratio_of(path: Path, part: str = "xl/worksheets/sheet1.xml") -> str:
    info = zipfile.ZipFile(path).getinfo(part)
    return f"{info.file_size / info.compress_size:.0f}"


def size_mb(path: Path, part: str = "xl/worksheets/sheet1.xml") -> str:
    return f"{zipfile.ZipFile(path).getinfo(part).file_size / 2**20:.1f}"


@dataclass
class Case:
    name: str
    build: Callable[[Path], Path]
    # The messages (str(Problem)), given the built file: some name a measured ratio.
    expected: Callable[[Path], list[str]]
    settings: dict = field(default_factory=dict)


def _no_row_end(path: Path) -> Path:
    rng = random.Random(4)
    cells = "".join(
        f'<c r="{column_letters(i % 40)}2"><v>{rng.randrange(10**12)}</v></c>'
        for i in range(60_000)
    )
    return one_sheet(path, sheet_xml(header_xml() + '<row r="2">' + cells))


def _empty_rows_bomb(path: Path) -> Path:
    # 140 million empty rows in the issue; 6 million keep the test quick
    # (36 MB of XML, 36 KB zipped).
    return one_sheet(path, sheet_xml(header_xml() + "<row/>" * 6_000_000), level=9)


def _cells_bomb(path: Path) -> Path:
    # Under the ratio, over a (lowered) part limit: random digits compress about 2:1.
    rng = random.Random(5)
    rows = "".join(
        row_xml(n, member_values(f"H{n:04d}", 家庭年人均纯收入=rng.randrange(10**9)))
        for n in range(2, 1000)
    )
    return one_sheet(path, sheet_xml(header_xml() + rows))


def _shared(strings: list[str], *, declaration: str = "") -> bytes:
    items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    return f'{declaration}<sst xmlns="{MAIN}" count="{len(strings)}">{items}</sst>'.encode()


def _gbk_shared_strings(path: Path) -> Path:
    xml = f'<?xml version="1.0" encoding="GBK"?><sst xmlns="{MAIN}"><si><t>张三</t></si></sst>'
    return one_sheet(path, valid_sheet(), shared_strings=xml.encode("gbk"))


def _replace_cell(header: str, new_cell: str) -> str:
    values = member_values()
    values[HEADERS.index(header)] = None
    return sheet_xml(header_xml() + row_xml(2, values, extra=new_cell))


NAME_GBK = "张三".encode("gbk")
SHOWN_GBK = NAME_GBK.decode("utf-8", "replace")


def _gbk_cell(path: Path) -> Path:
    xml = _replace_cell("姓名", f'<c r="{COLUMN["姓名"]}2" t="inlineStr"><is><t>@@</t></is></c>')
    return one_sheet(path, xml.encode().replace(b"@@", NAME_GBK))


def _hidden_first(path: Path) -> Path:
    stale = sheet_xml(row_xml(1, ["旧表头"] + [None] * (len(HEADERS) - 1)))
    return write_workbook(path, [("旧数据", stale, "hidden"), (SHEET, valid_sheet(), "")])


CASES = [
    Case(
        "no-row-end",
        _no_row_end,
        lambda p: [f"工作表“{SHEET}”第2行：该行XML长度超过单行上限1048576字节（缺少</row>？）"],
    ),
    Case(
        "column-ZZZZZZ",
        lambda p: one_sheet(p, valid_sheet('<row r="3"><c r="ZZZZZZ3"><v>1</v></c></row>')),
        lambda p: [f"工作表“{SHEET}”第3行“ZZZZZZ”列：列号超过Excel上限XFD（16384列）"],
    ),
    Case(
        "column-over-cap",
        lambda p: one_sheet(p, valid_sheet('<row r="3"><c r="IV3"><v>1</v></c></row>')),
        lambda p: [f"工作表“{SHEET}”第3行“IV”列：超过每个文件的列数上限200列"],
    ),
    Case(
        "row-2000000000",
        lambda p: one_sheet(p, valid_sheet('<row r="2000000000"><c r="A2000000000"/></row>')),
        lambda p: [f"工作表“{SHEET}”第2000000000行：行号超过Excel上限1048576"],
    ),
    Case(
        "row-1048577",
        lambda p: one_sheet(p, valid_sheet(row_xml(1_048_577, member_values("H0002", order=13)))),
        lambda p: [f"工作表“{SHEET}”第1048577行：行号超过Excel上限1048576"],
        settings={"HOUSEHOLD_IMPORT_MAX_ROWS": 2_000_000},
    ),
    Case(
        "row-over-cap",
        lambda p: one_sheet(p, valid_sheet(row_xml(350_001, member_values("H0002", order=13)))),
        lambda p: [f"工作表“{SHEET}”第350001行：超过每个文件的行数上限350000行"],
    ),
    Case(
        "empty-rows-bomb",
        _empty_rows_bomb,
        lambda p: [
            f"文件“{p.name}”：“xl/worksheets/sheet1.xml”的压缩比为{ratio_of(p)}:1，"
            "超过上限100:1（疑似压缩炸弹）"
        ],
    ),
    Case(
        "part-over-size",
        _cells_bomb,
        lambda p: [
            f"文件“{p.name}”：“xl/worksheets/sheet1.xml”解压后为{size_mb(p)} MB，"
            "超过单个部件的上限1.0 MB"
        ],
        settings={"HOUSEHOLD_IMPORT_MAX_PART_BYTES": 1024 * 1024},
    ),
    Case(
        "cell-too-long",
        lambda p: one_sheet(p, _replace_cell("县", cell(f"{COLUMN['县']}2", "长" * 40_000))),
        lambda p: [at(2, "县", "长" * 40, "单元格长度超过上限32767个字符")],
    ),
    Case(
        "date-serial-3000000",
        lambda p: one_sheet(p, _replace_cell("出生日期", cell(f"{COLUMN['出生日期']}2", 3000000))),
        lambda p: [
            at(
                2,
                "出生日期",
                "3000000",
                "Excel日期序号超出范围（应在1至2958465之间，即1900年1月1日至9999年12月31日）",
            )
        ],
    ),
    Case(
        "gbk-cell",
        _gbk_cell,
        lambda p: [at(2, "姓名", SHOWN_GBK, NOT_UTF8)],
    ),
    Case(
        "gbk-shared-strings",
        _gbk_shared_strings,
        lambda p: [
            f"文件“{p.name}”：共享字符串表（xl/sharedStrings.xml）声明了不支持的编码（.xlsx应为UTF-8）"
        ],
    ),
    Case(
        "shared-string-index",
        lambda p: one_sheet(
            p,
            _replace_cell("姓名", f'<c r="{COLUMN["姓名"]}2" t="s"><v>99</v></c>'),
            shared_strings=_shared(["张三"]),
        ),
        lambda p: [at(2, "姓名", "99", "共享字符串序号99超出共享字符串表（共1项）")],
    ),
    Case(
        "id-superscript-two",
        lambda p: one_sheet(
            p, _replace_cell("证件号码", cell(f"{COLUMN['证件号码']}2", "²" + "4" * 17))
        ),
        lambda p: [
            at(2, "证件号码", "²" + "4" * 17, "证件号码含非ASCII字符“²”（应为数字0–9，末位可为X）")
        ],
    ),
    Case(
        "hidden-first-sheet",
        _hidden_first,
        lambda p: [],  # imported from the visible sheet; the hidden one is named in a notice
    ),
]
