"""One cell of the national file as a stored value, or the reason it cannot be one."""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal, InvalidOperation

from ..columns import (
    KEEPS_WHEN_EMPTY,
    Column,
)
from ..idnumbers import (
    birth_date_of,
)
from ..models.vocabulary import YES
from ..vocabulary import ColumnWords, Vocabulary
from .limits import EXCEL_MAX_SERIAL, BadCell
from .results import KEEP, absent_value

EXCEL_EPOCH = dt.date(1899, 12, 30)
INT_MAX = 2_147_483_647  # the registry's integer columns


class CellError(ValueError):
    pass


# --- cells -------------------------------------------------------------------


def cell_text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def unknown_word(words: ColumnWords, text: str) -> str:
    """Why a word is refused, with the nearest accepted word when there is one."""
    allowed = "、".join(words.shown)
    nearest = words.nearest(text)
    hint = f"最接近的可接受取值：{nearest}；" if nearest else ""
    return f"不是可接受的取值（{hint}可选：{allowed}；同义词可由市扶贫办在后台“导入同义词”中添加）"


def parse_cell(column: Column, raw, words: ColumnWords):
    """The cell's value for ``column``; raises CellError with a Chinese reason.
    ``words`` is the column's vocabulary (choice and yes/no columns)."""
    if type(raw) is BadCell:
        raise CellError(raw.reason)
    text = cell_text(raw)
    if column.required and not text:
        raise CellError("必填项为空")
    kind = column.kind
    if kind == "text":
        if column.max_length and len(text) > column.max_length:
            raise CellError(f"长度超过{column.max_length}个字符")
        return text
    if kind == "choice":
        if not text:
            return KEEP if column.field in KEEPS_WHEN_EMPTY else absent_value(column)
        code = words.lookup(text)
        if code is None:
            raise CellError(unknown_word(words, text))
        return code
    if not text:
        return None
    if kind == "bool":
        code = words.lookup(text)
        if code is None:
            raise CellError("应填“是”或“否”：" + unknown_word(words, text))
        return code == YES
    if kind == "decimal":
        return _decimal(raw, text)
    if kind == "int":
        number = _decimal(raw, text)
        if number != number.to_integral_value() or number < 0:
            raise CellError("应为非负整数")
        if number > INT_MAX:
            raise CellError(f"数值超过上限{INT_MAX}")
        return int(number)
    if kind == "date":
        return _date(raw, text)
    raise AssertionError(kind)


def compile_parser(column: Column, vocabulary: Vocabulary):
    """A parser for one column: the common cells (text, a known word, a number)
    take a short path; everything else goes through ``parse_cell``."""
    words = vocabulary.for_column(column) if column.kind in ("choice", "bool") else None
    if column.kind == "text":
        limit = column.max_length
        required = column.required

        def parse_text(raw):
            if type(raw) is str:
                text = raw.strip()
                if text and not (limit and len(text) > limit):
                    return text
            elif raw is None and not required:
                return ""
            return parse_cell(column, raw, words)

        return parse_text
    if column.kind in ("int", "decimal", "date"):

        def parse_number(raw):
            if raw is None or raw == "":
                return None
            if column.kind == "int" and type(raw) is int and 0 <= raw <= INT_MAX:
                return raw
            return parse_cell(column, raw, words)

        return parse_number
    if column.kind == "choice":
        # Most cells are a word as the national export writes it: already normalised.
        terms = words.codes

        def parse_choice(raw):
            found = terms.get(raw) if type(raw) is str and raw else None
            return found if found is not None else parse_cell(column, raw, words)

        return parse_choice
    if column.kind == "bool":
        bools = {word: code == YES for word, code in words.codes.items()}

        def parse_bool(raw):
            if raw is None:
                return None
            found = bools.get(raw) if type(raw) is str else None
            return found if found is not None else parse_cell(column, raw, words)

        return parse_bool
    return lambda raw: parse_cell(column, raw, words)


def _decimal(raw, text: str) -> Decimal:
    try:
        value = Decimal(str(raw) if isinstance(raw, int | float) else text.replace(",", ""))
    except InvalidOperation:
        raise CellError("应为数字") from None
    if not value.is_finite() or abs(value) >= Decimal("1e10"):
        raise CellError("应为数字")
    return value.quantize(Decimal("0.01"))


_BIRTH_DATES: dict[str, dt.date] = {}


@functools.lru_cache(maxsize=50_000)
def _serial_date(serial: int) -> dt.date:
    return EXCEL_EPOCH + dt.timedelta(days=serial)  # an Excel date serial


def birth_date_from(digits: str, id_number: str) -> dt.date:
    """The ID's birth date; one date object per distinct date (memory)."""
    found = _BIRTH_DATES.get(digits)
    if found is None:
        found = _BIRTH_DATES[digits] = birth_date_of(id_number)
    return found


def _date(raw, text: str) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float) and not (text.isdigit() and len(text) == 8):
        if not 1 <= raw <= EXCEL_MAX_SERIAL:  # also NaN and infinities
            raise CellError(
                f"Excel日期序号超出范围（应在1至{EXCEL_MAX_SERIAL}之间，"
                "即1900年1月1日至9999年12月31日）"
            )
        return _serial_date(int(raw))
    for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d", "%Y年%m月%d日"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError("日期格式应为2020-11-03、2020/11/3、20201103或2020年11月3日")
