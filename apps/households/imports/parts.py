"""The workbook's small parts: which sheet is read, and the shared strings.

The sheet named 贫困人口明细 is read, else the first visible one; hidden and
very hidden sheets are ignored (the import's report names them). Each part's
declared size and compression ratio are checked before it is inflated.
"""

from __future__ import annotations

import posixpath
import zipfile
from xml.etree import ElementTree

from .limits import SMALL_PART_BYTES, BadCell, Deadline, Limits, SheetError, check_part

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
PREFERRED_SHEET = "贫困人口明细"
SHARED_STRINGS = "xl/sharedStrings.xml"


class NotAWorkbook(ValueError):
    pass


def read_small(archive: zipfile.ZipFile, name: str, limits: Limits) -> ElementTree.Element:
    check_part(archive.getinfo(name), SMALL_PART_BYTES, limits.max_ratio)
    return ElementTree.fromstring(archive.read(name))


def choose_sheet(archive: zipfile.ZipFile, limits: Limits) -> tuple[str, str, list[str]]:
    """(sheet name, path of its XML in the archive, names of hidden sheets)."""
    workbook = read_small(archive, "xl/workbook.xml", limits)
    sheets = workbook.findall(f"{MAIN}sheets/{MAIN}sheet")
    if not sheets:
        raise NotAWorkbook("no worksheet")
    visible = [s for s in sheets if s.get("state", "visible") == "visible"]
    hidden = [s.get("name", "") for s in sheets if s.get("state", "visible") != "visible"]
    if not visible:
        raise SheetError("工作簿中没有可见的工作表（隐藏的工作表不导入）")
    sheet = next((s for s in visible if s.get("name") == PREFERRED_SHEET), visible[0])
    rel_id = sheet.get(f"{REL}id")
    rels = read_small(archive, "xl/_rels/workbook.xml.rels", limits)
    for rel in rels.iter(f"{PKG_REL}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target") or ""
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            return sheet.get("name") or "", posixpath.normpath(path), hidden
    raise NotAWorkbook("worksheet not found")


def shared_strings(archive: zipfile.ZipFile, limits: Limits, deadline: Deadline) -> list:
    try:
        info = archive.getinfo(SHARED_STRINGS)
    except KeyError:
        return []
    check_part(info, limits.max_shared_strings_bytes, limits.max_ratio)
    strings: list = []
    try:
        with archive.open(info) as handle:
            for _event, element in ElementTree.iterparse(handle):
                if element.tag == f"{MAIN}si":
                    strings.append(_shared_string(element, limits.max_cell_chars))
                    element.clear()
                    if len(strings) % 65536 == 0:
                        deadline.check()
    except ElementTree.ParseError as error:
        line, column = error.position
        raise SheetError(
            f"共享字符串表（{SHARED_STRINGS}）不是有效的UTF-8 XML（第{line}行第{column}列）"
        ) from None
    except ValueError as error:  # expat: "multi-byte encodings are not supported"
        if isinstance(error, SheetError):
            raise
        raise SheetError(
            f"共享字符串表（{SHARED_STRINGS}）声明了不支持的编码（.xlsx应为UTF-8）"
        ) from None
    return strings


def _shared_string(element: ElementTree.Element, max_chars: int) -> str | BadCell:
    text = "".join(t.text or "" for t in element.iter(f"{MAIN}t"))
    if len(text) > max_chars:
        return BadCell(f"单元格长度超过上限{max_chars}个字符", text[:40])
    return text
