"""Reading a funds file: the first visible sheet, headers in its first row
(order free, unknown columns ignored), every cell parsed; the problems of all
rows are collected in one pass."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from apps.households.imports.limits import SheetError
from apps.households.imports.reader import NotAWorkbook, SheetReader
from apps.households.imports.results import Problem

from .cells import CellError, cell_text, parse
from .columns import Column


@dataclass
class Sheet:
    name: str
    present: frozenset[str]  # fields whose column the file has
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number, field → value)


def read(path: Path, columns: tuple[Column, ...], problems: list[Problem]) -> Sheet | None:
    """The parsed rows; None when the file cannot be read or lacks a column."""
    try:
        with SheetReader(path) as reader:
            return _read(reader, columns, problems)
    except NotAWorkbook:
        problems.append(Problem("", None, "", "", "文件不是有效的Excel工作簿（.xlsx）"))
    except SheetError as error:
        problems.append(Problem("", error.row, error.column, "", error.reason))
    return None


def _read(reader: SheetReader, columns, problems: list[Problem]) -> Sheet | None:
    rows = reader.numbered_rows()
    header_number, header = next(rows, (1, []))
    positions = {cell_text(value): index for index, value in enumerate(header) if value}
    missing = [c for c in columns if c.required and c.header not in positions]
    for column in missing:
        problems.append(
            Problem(reader.name, header_number, column.header, "", "缺少必填列，请使用导入模板")
        )
    if missing:
        return None
    used = [(c, positions[c.header]) for c in columns if c.header in positions]
    sheet = Sheet(reader.name, frozenset(c.field for c, _ in used))
    for number, cells in rows:
        if not any(cell_text(v) for v in cells if v is not None):
            continue  # an empty row
        values = {}
        for column, index in used:
            raw = cells[index] if index < len(cells) else None
            try:
                values[column.field] = parse(column, raw)
            except CellError as error:
                problems.append(
                    Problem(reader.name, number, column.header, cell_text(raw)[:40], str(error))
                )
        sheet.rows.append((number, values))
    if not sheet.rows and not problems:
        problems.append(Problem(reader.name, None, "", "", "文件中没有数据行"))
    return sheet
