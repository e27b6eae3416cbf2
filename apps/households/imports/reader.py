"""A streaming reader for the worksheet of an .xlsx file the import reads.

python-calamine parses fast but holds the whole sheet in memory (1.2 GB for a
city's 330 000 × 43 file); openpyxl's read-only mode streams but parses about
ten times slower. This reader streams the sheet's XML out of the zip archive
in chunks and pulls the cells of each chunk with one regular expression, so
memory stays flat (the shared-string table is the only thing kept) and the
per-cell work is done in C.

The sheet read is the one named 贫困人口明细, else the first visible one;
hidden sheets are ignored (``hidden_sheets`` names them). Hostile files are
refused while streaming, before memory grows (``limits``).

Cells come back as str (text and shared strings), int or float (numbers,
Excel dates), bool, None (empty) or ``BadCell`` (undecodable: the importer
reports it at its row and column). Dates are not converted: the importer
knows which columns hold dates and reads Excel serials there.
"""

from __future__ import annotations

import html
import re
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree import ElementTree

from .limits import (
    EXCEL_MAX_ROWS,
    BadCell,
    Deadline,
    Limits,
    SheetError,
    check_part,
    column_letters,
    column_problem,
    row_number_problem,
)
from .parts import NotAWorkbook, choose_sheet, shared_strings

__all__ = ["NotAWorkbook", "SheetReader"]

CHUNK = 4 * 1024 * 1024

_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
# Cell bodies stop at the next <c: a cell without </c> cannot make the
# expression scan the rest of the row from every cell (possessive, no backtracking).
_BODY = rb"((?:[^<]++|<(?!/?(?:\w+:)?c\b))*+)"
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>" + _BODY + rb"</(?:\w+:)?c>)")
_REF = re.compile(rb'\br="([A-Z]+)\d*"')
_TYPE = re.compile(rb'\bt="(\w+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_INLINE = re.compile(rb"<(?:\w+:)?t\b[^>]*>([^<]*)</(?:\w+:)?t>")
_DATA_START = re.compile(rb"<(?:(\w+):)?(?:sheetData|row)\b")

# The common shape, attributes in the order every spreadsheet program writes them
# (r, then s and t in either order); rows that differ go through the general path.
_FAST_CELL = re.compile(
    rb'<c r="([A-Z]+)\d+"(?: s="\d+")?(?: t="(\w+)")?(?: s="\d+")?\s*'
    rb"(?:/>|><v>([^<]*)</v></c>|><is><t>([^<]*)</t></is></c>|>" + _BODY + rb"</c>)"
)


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters[:4]:  # longer references are refused anyway
        index = index * 26 + (letter - 64)
    return index - 1


_DECODED: dict[bytes, str] = {}
_DECODED_LIMIT = 100_000
NOT_UTF8 = "单元格内容不是有效的UTF-8文本（可能以GBK等其他编码写入）"


def _shown(raw: bytes) -> str:
    return raw[:40].decode("utf-8", "replace")


def _text(raw: bytes) -> str | BadCell:
    """Decoded text; repeated values (县, 民族, 是/否 …) share one string object,
    which keeps a city's file in a few hundred MB instead of over a GB."""
    text = _DECODED.get(raw)
    if text is None:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return BadCell(NOT_UTF8, _shown(raw))
        if "&" in text:
            text = html.unescape(text)
        if len(_DECODED) < _DECODED_LIMIT:
            _DECODED[raw] = text
    return text


def _number(raw: bytes) -> int | float | BadCell:
    try:
        if raw.isdigit():
            return int(raw)
        number = float(raw)
    except ValueError:  # not a number, or more digits than int() takes
        return BadCell("单元格的数值无法识别", _shown(raw))
    exact = number.is_integer() and b"." not in raw and b"E" not in raw and b"e" not in raw
    return int(number) if exact else number


def _bad_index(raw: bytes) -> BadCell | None:
    return BadCell(f"共享字符串序号“{_shown(raw)}”不是非负整数", _shown(raw)) if raw else None


def _bad_string_index(raw: bytes, count: int) -> BadCell:
    return BadCell(f"共享字符串序号{_shown(raw)}超出共享字符串表（共{count}项）", _shown(raw))


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
    """``with SheetReader(path) as sheet: for number, row in sheet.numbered_rows(): …``"""

    def __init__(self, path, *, limits: Limits | None = None):
        self.limits = limits or Limits()
        self.deadline = Deadline(self.limits.time_budget)
        self._columns: dict[bytes, int] = {}  # letters → index, each checked once
        self._bytes_read = 0
        self._prefix = b""  # tags written as <x:row>, <x:c>: renamed to <row>, <c>
        try:
            self.archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise NotAWorkbook(str(error)) from None
        try:
            self.name, self._sheet_path, self.hidden_sheets = choose_sheet(
                self.archive, self.limits
            )
            info = self.archive.getinfo(self._sheet_path)
            check_part(info, self.limits.max_part_bytes, self.limits.max_ratio)
            self._strings = shared_strings(self.archive, self.limits, self.deadline)
            self._total_bytes = info.file_size
        except SheetError:
            self.archive.close()
            raise
        except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError) as error:
            self.archive.close()
            raise NotAWorkbook(str(error)) from None
        except (RuntimeError, NotImplementedError, zlib.error, EOFError):
            self.archive.close()
            raise SheetError("工作簿已加密、已损坏或使用了不支持的压缩方式") from None

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
        for number, cells in self.numbered_rows():
            yield from ([] for _ in range(number - expected))
            yield cells
            expected = number + 1

    def numbered_rows(self) -> Iterator[tuple[int, list]]:
        """(row number, cell values) of each row that has cells: runs of empty
        or missing rows cost nothing, whatever the jump in row numbers."""
        limits = self.limits
        cap = min(limits.max_rows, EXCEL_MAX_ROWS)
        previous = 0
        for number, raw in self._raw_rows():
            number = previous + 1 if number is None else number
            if number != previous + 1 or number > cap:  # O(1), whatever the jump
                reason = row_number_problem(number, previous, limits)
                if reason:
                    raise SheetError(reason, row=number)
            previous = number
            if not raw:
                continue
            if len(raw) > limits.max_row_bytes:
                raise SheetError(
                    f"该行XML长度{len(raw)}字节，超过单行上限{limits.max_row_bytes}字节",
                    row=number,
                )
            cells = self._cells(raw, number)
            if len(raw) > limits.max_cell_chars:  # only then can a cell be too long
                self._flag_long_cells(cells)
            yield number, cells

    def _raw_rows(self) -> Iterator[tuple[int | None, bytes]]:
        try:
            with self.archive.open(self._sheet_path) as handle:
                yield from self._split_stream(handle)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError) as error:
            raise SheetError(
                f"工作表“{self.name}”的压缩数据已损坏，无法解压（{type(error).__name__}）"
            ) from None

    def _split_stream(self, handle) -> Iterator[tuple[int | None, bytes]]:
        limits = self.limits
        pending = b""
        started = False
        while True:
            chunk = handle.read(CHUNK)
            self._bytes_read += len(chunk)
            self.deadline.check()
            if self._bytes_read > limits.max_part_bytes:
                raise SheetError(f"工作表解压后超过上限{limits.max_part_bytes // 2**20} MB")
            buffer = pending + chunk if pending else chunk
            if not started:
                # Until <sheetData> (or a row) there is only sheet markup: its
                # tag says whether tags carry a prefix (<x:row>, <x:c>).
                found = _DATA_START.search(buffer)
                if found is None:
                    if not chunk:
                        return
                    pending = buffer[-64:]  # a tag cut in two
                    continue
                started = True
                self._prefix = found.group(1) or b""
                buffer = buffer[found.start() :]
            buffer = self._unprefix(buffer)
            if not chunk:
                yield from _split_rows(buffer)
                return
            # Everything before the last row's start (or after the last </row>)
            # is whole rows: self-closing rows and rows without </row> included.
            closed = buffer.rfind(b"</row>")
            end = max(buffer.rfind(b"<row"), closed + len(b"</row>") if closed >= 0 else 0)
            complete, pending = buffer[:end], buffer[end:]
            if not pending.startswith(b"<row"):
                pending = pending[-16:]  # markup after the last row; keep a tag cut in two
            elif len(pending) > limits.max_row_bytes:
                row = _ROW_NUMBER.search(pending[:200])
                raise SheetError(
                    f"该行XML长度超过单行上限{limits.max_row_bytes}字节（缺少</row>？）",
                    row=int(row.group(1)) if row else None,
                )
            yield from _split_rows(complete)

    def _unprefix(self, data: bytes) -> bytes:
        """<x:row>, <x:c> … as <row>, <c> …: one C-speed pass instead of a slower
        expression for every row ("<" never occurs raw inside text or values)."""
        if not self._prefix:
            return data
        return data.replace(b"</" + self._prefix + b":", b"</").replace(
            b"<" + self._prefix + b":", b"<"
        )

    def _column(self, letters: bytes, row: int) -> int:
        index = _column_index(letters)
        reason = column_problem(letters, index, self.limits)
        if reason:
            raise SheetError(reason, row=row, column=_shown(letters[:10]))
        self._columns[letters] = index
        return index

    def _flag_long_cells(self, cells: list) -> None:
        limit = self.limits.max_cell_chars
        for index, value in enumerate(cells):
            if type(value) is str and len(value) > limit:
                cells[index] = BadCell(f"单元格长度超过上限{limit}个字符", value[:40])

    def _cells(self, raw: bytes, row_number: int) -> list:
        fast = _FAST_CELL.findall(raw)
        if len(fast) != raw.count(b"<c "):
            return self._cells_generic(raw, row_number)
        # The hot loop of an import (one pass per cell of the file): locals
        # only, the common cases first, cells appended in column order.
        row: list = []
        append = row.append
        strings = self._strings
        decoded = _DECODED
        columns = self._columns
        for letters, kind, value, inline, body in fast:
            index = columns.get(letters)
            if index is None:
                index = self._column(letters, row_number)
            if index != len(row):
                if index < len(row):
                    return self._cells_generic(raw, row_number)  # cells out of order
                row.extend([None] * (index - len(row)))
            if inline:
                text = decoded.get(inline)
                append(text if text is not None else _text(inline))
            elif kind == b"s":
                try:
                    append(strings[int(value)] if value.isdigit() else _bad_index(value))
                except (IndexError, ValueError):
                    append(_bad_string_index(value, len(strings)))
            elif body:
                append(self._value(b't="' + kind + b'"', body))
            elif not value:
                append(None)
            elif kind in (b"", b"n"):
                try:
                    if value.isdigit():
                        append(int(value))
                    else:
                        number = float(value)
                        append(int(number) if number.is_integer() and b"." not in value else number)
                except ValueError:
                    append(_number(value))
            else:
                append(self._value(b't="' + kind + b'"', b"<v>" + value + b"</v>"))
        return row

    def _cells_generic(self, raw: bytes, row_number: int) -> list:
        row: list = []
        position = 0
        columns = self._columns
        for attributes, body in _CELL.findall(raw):
            ref = _REF.search(attributes)
            if ref:
                letters = ref.group(1)
                index = columns.get(letters)
                if index is None:
                    index = self._column(letters, row_number)
            else:
                index = position
                if index >= self.limits.max_columns:
                    self._column(column_letters(index).encode(), row_number)
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
            if not raw.isdigit() or int(raw) >= len(self._strings):
                return _bad_string_index(raw, len(self._strings))
            return self._strings[int(raw)]
        if kind in (b"str", b"e"):
            return _text(raw)
        if kind == b"b":
            return raw == b"1"
        return _number(raw)
