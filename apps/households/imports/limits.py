"""What the sheet reader refuses, and how it says so (Chinese, row and column).

A hostile or broken workbook must not grow memory or time without bound: the
ZIP directory's declared sizes and compression ratio are checked before a part
is opened, and the streaming loop checks bytes read, row numbers, column
letters, a row's length and the time budget — each O(1) per chunk, row or new
column letter, so a real file pays nothing measurable for them.
"""

from __future__ import annotations

import time
import zipfile
from dataclasses import dataclass

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384  # XFD
EXCEL_MAX_SERIAL = 2_958_465  # 9999-12-31
MB = 1024 * 1024
# workbook.xml and its relationships: a few KB in any real file.
SMALL_PART_BYTES = 10 * MB
# Tiny parts compress well past any ratio (a sheet of one empty row): the
# ratio matters only once a part is big enough to hurt.
RATIO_FLOOR_BYTES = 1 * MB


@dataclass(frozen=True)
class Limits:
    max_rows: int = EXCEL_MAX_ROWS
    max_columns: int = EXCEL_MAX_COLUMNS
    max_cell_chars: int = 32_767  # Excel's own limit for one cell
    max_row_bytes: int = 1 * MB
    max_part_bytes: int = 1024 * MB
    max_shared_strings_bytes: int = 200 * MB
    max_ratio: float = 100
    time_budget: float | None = None  # seconds; None: no budget


class SheetError(ValueError):
    """The workbook breaks a limit or cannot be read: ``reason`` in Chinese,
    with the row and column letters where there is one."""

    def __init__(self, reason: str, *, row: int | None = None, column: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.row = row
        self.column = column


class BadCell:
    """A cell the reader could not decode; the importer reports ``reason`` at
    its row and column when the column is one it reads (others are ignored)."""

    __slots__ = ("reason", "shown")

    def __init__(self, reason: str, shown: str = ""):
        self.reason = reason
        self.shown = shown

    def __str__(self) -> str:
        return self.shown

    def __repr__(self) -> str:
        return f"BadCell({self.reason!r})"


def column_letters(index: int) -> str:
    """0 → A, 16383 → XFD."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_part(info: zipfile.ZipInfo, limit: int, max_ratio: float) -> None:
    """Refuse a part by its declared sizes before a byte of it is inflated
    (zipfile never inflates past the declared size: a lie fails its CRC)."""
    if info.file_size > limit:
        raise SheetError(
            f"“{info.filename}”解压后为{info.file_size / MB:.1f} MB，"
            f"超过单个部件的上限{limit / MB:.1f} MB"
        )
    if info.file_size >= RATIO_FLOOR_BYTES and info.file_size > max_ratio * info.compress_size:
        ratio = info.file_size / max(info.compress_size, 1)
        raise SheetError(
            f"“{info.filename}”的压缩比为{ratio:.0f}:1，超过上限{max_ratio:.0f}:1（疑似压缩炸弹）"
        )


class Deadline:
    """The check phase's time budget (HOUSEHOLD_IMPORT_TIME_BUDGET)."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.at = time.monotonic() + seconds if seconds else None

    def check(self) -> None:
        if self.at is not None and time.monotonic() > self.at:
            raise SheetError(f"检查超过时间上限{self.seconds:g}秒，已停止（文件过大或结构异常）")


def row_number_problem(number: int, previous: int, limits: Limits) -> str | None:
    """Why a row number is refused (None: it is fine). O(1): a jump of a
    billion rows costs no more than the next row."""
    if number > EXCEL_MAX_ROWS:
        return f"行号超过Excel上限{EXCEL_MAX_ROWS}"
    if number > limits.max_rows:
        return f"超过每个文件的行数上限{limits.max_rows}行"
    if number <= previous:
        return f"行号重复或顺序颠倒（上一行为第{previous}行）"
    return None


def column_problem(letters: bytes, index: int, limits: Limits) -> str | None:
    if len(letters) > 3 or index >= EXCEL_MAX_COLUMNS:
        return f"列号超过Excel上限XFD（{EXCEL_MAX_COLUMNS}列）"
    if index >= limits.max_columns:
        return f"超过每个文件的列数上限{limits.max_columns}列"
    return None
