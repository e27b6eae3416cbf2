"""A ledger template's items from .xlsx (台账目录导入).

The first sheet's first row holds the headers (order free, unknown columns
ignored): 编号, 名称, 上级编号, 适用层级, 佐证类型, 是否必需, and optionally
关联指标 (a scheme indicator's name) and 仅贫困村. Every problem of the file is
collected in one pass, each naming the file, sheet, row, column, value and
reason; nothing is written unless there are none. A re-import updates items by
their 编号 and never duplicates them.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .models import EvidenceKind, ItemLevel

CODE, TITLE, PARENT, LEVEL, KINDS, REQUIRED = (
    "编号",
    "名称",
    "上级编号",
    "适用层级",
    "佐证类型",
    "是否必需",
)
INDICATOR, POOR_ONLY = "关联指标", "仅贫困村"
REQUIRED_COLUMNS = (CODE, TITLE, LEVEL)
MAX_ROWS = 2000

LEVEL_WORDS = {
    ItemLevel.COUNTY: ("县", "县级", "县（市、区）", "县(市、区)", "区", "county"),
    ItemLevel.TOWN: ("镇", "镇级", "乡镇", "乡", "街道", "town"),
    ItemLevel.VILLAGE: ("村", "村级", "行政村", "village"),
    ItemLevel.HOUSEHOLD: ("户", "户级", "农户", "贫困户", "household"),
}
KIND_WORDS = {
    EvidenceKind.PDF: ("pdf",),
    EvidenceKind.IMAGE: ("图片", "照片", "image", "jpg", "jpeg", "png"),
    EvidenceKind.WORD: ("word", "docx", "文档"),
    EvidenceKind.EXCEL: ("excel", "xlsx", "表格"),
}
YES, NO = ("是", "1", "y", "yes", "true", "必需"), ("否", "0", "n", "no", "false", "可选")
SEPARATORS = "、,，/；; "


@dataclass
class ItemRow:
    row: int
    code: str
    title: str
    parent_code: str
    level: str
    kinds: list[str]
    required: bool
    indicator_name: str
    poor_only: bool


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _lookup(words: dict, value: str) -> str | None:
    lowered = value.lower()
    return next((key for key, names in words.items() if lowered in names), None)


def _kinds(value: str) -> tuple[list[str], list[str]]:
    tokens = [value]
    for sep in SEPARATORS:
        tokens = [part for token in tokens for part in token.split(sep)]
    kinds, unknown = [], []
    for token in filter(None, (t.strip() for t in tokens)):
        kind = _lookup(KIND_WORDS, token)
        if kind is None:
            unknown.append(token)
        elif kind not in kinds:
            kinds.append(kind)
    return kinds, unknown


class Problems:
    def __init__(self, file_name: str, sheet: str) -> None:
        self.file_name, self.sheet, self.messages = file_name, sheet, []

    def add(self, row: int, column: str, value: str, reason: str) -> None:
        self.messages.append(
            _(
                "%(file)s, sheet “%(sheet)s”, row %(row)d, column “%(column)s”: "
                "“%(value)s” — %(reason)s"
            )
            % {
                "file": self.file_name,
                "sheet": self.sheet,
                "row": row,
                "column": column,
                "value": value,
                "reason": reason,
            }
        )


def read_items(upload, *, indicator_names: set[str]) -> list[ItemRow]:
    """The file's rows, checked; a ValidationError listing every problem otherwise."""
    name = getattr(upload, "name", "") or _("the file")
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationError(
            _("%(file)s cannot be read as an .xlsx workbook: %(reason)s")
            % {"file": name, "reason": exc.__class__.__name__}
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        return _check(sheet, Problems(name, sheet.title), indicator_names)
    finally:
        workbook.close()


def _check(sheet, problems: Problems, indicator_names: set[str]) -> list[ItemRow]:
    rows = sheet.iter_rows(values_only=True)
    header = [_text(v) for v in next(rows, ())]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ValidationError(
            [
                _("%(file)s, sheet “%(sheet)s”, row 1: the column “%(column)s” is missing.")
                % {"file": problems.file_name, "sheet": problems.sheet, "column": column}
                for column in missing
            ]
        )
    index = {column: header.index(column) for column in header if column}
    items: list[ItemRow] = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            problems.add(
                number, CODE, "", _("a template has at most %(n)d items.") % {"n": MAX_ROWS}
            )
            break
        cell = {c: _text(values[i]) if i < len(values) else "" for c, i in index.items()}
        if not any(cell.values()):
            continue
        items.append(_check_row(number, cell, problems, indicator_names))
    _check_tree(items, problems)
    if not items and not problems.messages:
        raise ValidationError(
            _("%(file)s has no items below its header row.") % {"file": problems.file_name}
        )
    if problems.messages:
        raise ValidationError(problems.messages)
    return items


def _check_row(number: int, cell: dict, problems: Problems, indicator_names: set[str]) -> ItemRow:
    code, title = cell.get(CODE, ""), cell.get(TITLE, "")
    if not code:
        problems.add(number, CODE, code, _("every item needs a code."))
    if not title:
        problems.add(number, TITLE, title, _("every item needs a title."))
    elif len(title) > 200:
        problems.add(number, TITLE, title[:20] + "…", _("a title has at most 200 characters."))
    level_text = cell.get(LEVEL, "")
    level = _lookup(LEVEL_WORDS, level_text)
    if level is None:
        problems.add(number, LEVEL, level_text, _("the level must be one of 县, 镇, 村, 户."))
    kinds, unknown = _kinds(cell.get(KINDS, "")) if cell.get(KINDS) else (["pdf", "image"], [])
    for token in unknown:
        problems.add(number, KINDS, token, _("accepted evidence types are PDF, 图片, Word, Excel."))
    required = _yes_no(number, REQUIRED, cell.get(REQUIRED, ""), True, problems)
    poor_only = _yes_no(number, POOR_ONLY, cell.get(POOR_ONLY, ""), False, problems)
    if poor_only and level not in (ItemLevel.VILLAGE, None):
        problems.add(
            number,
            POOR_ONLY,
            cell[POOR_ONLY],
            _("only village items can be for poor villages only."),
        )
    indicator = cell.get(INDICATOR, "")
    if indicator and indicator not in indicator_names:
        problems.add(
            number, INDICATOR, indicator, _("the template's scheme has no indicator of that name.")
        )
    return ItemRow(
        number,
        code,
        title,
        cell.get(PARENT, ""),
        level or "",
        kinds,
        required,
        indicator,
        poor_only,
    )


def _yes_no(number: int, column: str, value: str, default: bool, problems: Problems) -> bool:
    if not value:
        return default
    if value.lower() in YES:
        return True
    if value.lower() in NO:
        return False
    problems.add(number, column, value, _("write 是 or 否."))
    return default


def _check_tree(items: list[ItemRow], problems: Problems) -> None:
    first_row: dict[str, int] = {}
    for item in items:
        if item.code and item.code in first_row:
            problems.add(
                item.row,
                CODE,
                item.code,
                _("the code is used already in row %(row)d.") % {"row": first_row[item.code]},
            )
        first_row.setdefault(item.code, item.row)
    parents = {item.code: item.parent_code for item in items if item.code}
    for item in items:
        if item.parent_code and item.parent_code not in first_row:
            problems.add(
                item.row, PARENT, item.parent_code, _("no item of the file has that code.")
            )
        elif item.parent_code and first_row[item.parent_code] >= item.row:
            problems.add(
                item.row,
                PARENT,
                item.parent_code,
                _("a parent item must come before its children."),
            )
        elif item.parent_code and _depth(item.code, parents) > 2:
            problems.add(
                item.row,
                PARENT,
                item.parent_code,
                _("the tree has at most three levels (一、 / 1. / (1))."),
            )


def _depth(code: str, parents: dict[str, str]) -> int:
    depth, seen = 0, {code}
    while (code := parents.get(code, "")) and code not in seen:
        seen.add(code)
        depth += 1
    return depth
