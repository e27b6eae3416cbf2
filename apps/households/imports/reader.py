"""A streaming reader for the first worksheet of an .xlsx file.

python-calamine parses fast but holds the whole sheet in memory (1.2 GB for a
city's 330 000 × 43 file); openpyxl's read-only mode streams but parses about
ten times slower. This reader streams the sheet's XML out of the zip archive
in chunks and pulls the cells of each chunk with one regular expression, so
memory stays flat (the shared-string table is the only thing kept) and the
per-cell work is done in C.

Cells come back as str (text and shared strings), float (numbers, Excel
dates), bool, or None (empty). Dates are not converted: the importer knows
which columns hold dates and reads Excel serials there.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CHUNK = 4 * 1024 * 1024

_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_CELL = re.compile(
    rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)",
    re.S,
)
_REF = re.compile(rb'\br="([A-Z]+)\d*"')
_TYPE = re.compile(rb'\bt="(\w+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_INLINE = re.compile(rb"<(?:\w+:)?t\b[^>]*>([^<]*)</(?:\w+:)?t>")


# The common shape, attributes in the order every spreadsheet program writes them
# (r, then s and t in either order); rows that differ go through the general path.
_FAST_CELL = re.compile(
    rb'<c r="([A-Z]+)\d+"(?: s="\d+")?(?: t="(\w+)")?(?: s="\d+")?\s*'
    rb"(?:/>|><v>([^<]*)</v></c>|><is><t>([^<]*)</t></is></c>|>(.*?)</c>)",
    re.S,
)
_COLUMNS: dict[bytes, int] = {}


class NotAWorkbook(ValueError):
    pass


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + (letter - 64)
    return index - 1


_DECODED: dict[bytes, str] = {}
_DECODED_LIMIT = 100_000


def _text(raw: bytes) -> str:
    """Decoded text; repeated values (县, 民族, 是/否 …) share one string object,
    which keeps a city's file in a few hundred MB instead of over a GB."""
    text = _DECODED.get(raw)
    if text is None:
        text = raw.decode("utf-8")
        if "&" in text:
            text = html.unescape(text)
        if len(_DECODED) < _DECODED_LIMIT:
            _DECODED[raw] = text
    return text


def _first_sheet(archive: zipfile.ZipFile) -> tuple[str, str]:
    """(sheet name, path of its XML in the archive)."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    sheet = workbook.find(f"{MAIN}sheets/{MAIN}sheet")
    if sheet is None:
        raise NotAWorkbook("no worksheet")
    rel_id = sheet.get(f"{REL}id")
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{PKG_REL}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            return sheet.get("name"), posixpath.normpath(path)
    raise NotAWorkbook("worksheet not found")


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    try:
        handle = archive.open("xl/sharedStrings.xml")
    except KeyError:
        return []
    strings = []
    with handle:
        for _event, element in ElementTree.iterparse(handle):
            if element.tag == f"{MAIN}si":
                strings.append("".join(t.text or "" for t in element.iter(f"{MAIN}t")))
                element.clear()
    return strings


def _match_rows(data: bytes) -> Iterator[tuple[int | None, bytes]]:
    for attributes, cells in _ROW.findall(data):
        number = _ROW_NUMBER.search(attributes)
        yield (int(number.group(1)) if number else None), cells


def _split_rows(data: bytes) -> Iterator[tuple[int | None, bytes]]:
    """Rows of unprefixed sheet XML: (row number, the XML of its cells)."""
    for piece in data.split(b"</row>"):
        # Everything before a piece's first <row is sheet markup; a row
        # written as <row …/> has no cells.
        for part in piece.split(b"<row")[1:]:
            if part[:1] not in (b" ", b">", b"/"):
                continue  # another tag that starts with "row"
            close = part.find(b">")
            attributes = part[:close]
            number = _ROW_NUMBER.search(attributes)
            number = int(number.group(1)) if number else None
            yield number, b"" if attributes.endswith(b"/") else part[close + 1 :]


class SheetReader:
    """``with SheetReader(path) as sheet: for row in sheet.rows(): …``"""

    def __init__(self, path):
        try:
            self.archive = zipfile.ZipFile(path)
            self.name, self._sheet_path = _first_sheet(self.archive)
            self._strings = _shared_strings(self.archive)
            self._total_bytes = self.archive.getinfo(self._sheet_path).file_size
            self._bytes_read = 0
            self._prefixed = False  # tags written as <x:row>, <x:c>: the general path
        except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError) as error:
            raise NotAWorkbook(str(error)) from None

    def __enter__(self) -> SheetReader:
        return self

    def __exit__(self, *exc) -> None:
        self.archive.close()

    @property
    def fraction_read(self) -> float:
        """How far through the sheet's XML the reader is (for progress bars)."""
        return self._bytes_read / self._total_bytes if self._total_bytes else 1.0

    def rows(self) -> Iterator[list]:
        """Rows as lists of cell values; missing rows come back empty."""
        expected = 1
        for number, cells in self._raw_rows():
            while number is not None and number > expected:
                yield []
                expected += 1
            yield self._cells(cells)
            expected += 1

    def _raw_rows(self) -> Iterator[tuple[int | None, bytes]]:
        with self.archive.open(self._sheet_path) as handle:
            pending = b""
            split = None
            while True:
                chunk = handle.read(CHUNK)
                self._bytes_read += len(chunk)
                buffer = pending + chunk
                if chunk:
                    last = buffer.rfind(b"</row>")
                    if last < 0:
                        pending = buffer
                        continue
                    end = last + len(b"</row>")
                else:
                    end = len(buffer)
                complete, pending = buffer[:end], buffer[end:]
                if split is None:
                    # Unprefixed tags (what spreadsheet programs write) are cut
                    # at C speed; anything else goes through the regular expression.
                    self._prefixed = b":row" in complete
                    split = _match_rows if self._prefixed else _split_rows
                yield from split(complete)
                if not chunk:
                    return

    def _cells(self, raw: bytes) -> list:
        if self._prefixed:
            return self._cells_generic(raw)
        fast = _FAST_CELL.findall(raw)
        if len(fast) != raw.count(b"<c "):
            return self._cells_generic(raw)
        # The hot loop of an import (one pass per cell of the file): locals
        # only, the common cases first, cells appended in column order.
        row: list = []
        append = row.append
        strings = self._strings
        decoded = _DECODED
        columns = _COLUMNS
        for letters, kind, value, inline, body in fast:
            index = columns.get(letters)
            if index is None:
                index = columns[letters] = _column_index(letters)
            if index != len(row):
                if index < len(row):
                    return self._cells_generic(raw)  # cells out of order
                row.extend([None] * (index - len(row)))
            if inline:
                text = decoded.get(inline)
                append(text if text is not None else _text(inline))
            elif kind == b"s":
                append(strings[int(value)] if value else None)
            elif body:
                append(self._value(b't="' + kind + b'"', body))
            elif not value:
                append(None)
            elif kind in (b"", b"n"):
                if value.isdigit():
                    append(int(value))
                else:
                    number = float(value)
                    append(int(number) if number.is_integer() and b"." not in value else number)
            else:
                append(self._value(b't="' + kind + b'"', b"<v>" + value + b"</v>"))
        return row

    def _cells_generic(self, raw: bytes) -> list:
        row: list = []
        position = 0
        for attributes, body in _CELL.findall(raw):
            ref = _REF.search(attributes)
            index = _column_index(ref.group(1)) if ref else position
            position = index + 1
            if index >= len(row):
                row.extend([None] * (index + 1 - len(row)))
            row[index] = self._value(attributes, body)
        return row

    def _value(self, attributes: bytes, body: bytes):
        kind = _TYPE.search(attributes)
        kind = kind.group(1) if kind else b"n"
        if kind == b"inlineStr":
            return _text(b"".join(_INLINE.findall(body)))
        value = _VALUE.search(body)
        if value is None:
            return None
        raw = value.group(1)
        if kind == b"s":
            return self._strings[int(raw)]
        if kind in (b"str", b"e"):
            return _text(raw)
        if kind == b"b":
            return raw == b"1"
        number = float(raw)
        return (
            int(number) if number.is_integer() and b"." not in raw and b"E" not in raw else number
        )
