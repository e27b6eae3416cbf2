"""One cell as a value, or the reason (Chinese) it cannot be one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from apps.households.imports.limits import EXCEL_MAX_SERIAL, BadCell

from .columns import Column

EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_PATTERNS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d", "%Y年%m月%d日")
_DATE_FORMATS = "日期格式应为2020-11-03、2020/11/3、20201103或2020年11月3日"
_INT_MAX = 2_147_483_647


class CellError(ValueError):
    pass


def cell_text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def parse(column: Column, raw):
    if type(raw) is BadCell:
        raise CellError(raw.reason)
    text = cell_text(raw)
    if not text:
        if column.required:
            raise CellError("必填项为空")
        return "" if column.kind == "text" else None
    if column.kind == "text":
        if len(text) > column.max_length:
            raise CellError(f"长度超过{column.max_length}个字符")
        return text
    if column.kind == "money":
        return money(raw, text, column.places)
    if column.kind in ("int", "year"):
        number = _number(raw, text)
        if number != number.to_integral_value() or number < 0 or number > _INT_MAX:
            raise CellError("应为非负整数")
        if column.kind == "year" and not 2000 <= number <= 2100:
            raise CellError("年度应为2000至2100之间的四位数")
        return int(number)
    if column.kind == "date":
        return date(raw, text)
    raise AssertionError(column.kind)


def _number(raw, text: str) -> Decimal:
    try:
        # Floats through repr: 120.5 stays 120.5, not its binary expansion.
        value = Decimal(repr(raw) if isinstance(raw, float) else text.replace(",", ""))
    except InvalidOperation:
        raise CellError("应为数字") from None
    if not value.is_finite() or abs(value) >= Decimal("1e10"):
        raise CellError("应为数字")
    return value


def money(raw, text: str, places: int) -> Decimal:
    """An amount in 万元: not negative, at most ``places`` decimals (never rounded)."""
    value = _number(raw, text)
    if value < 0:
        raise CellError("金额不得为负数")
    if value != value.quantize(Decimal(1).scaleb(-places)):
        raise CellError(f"金额最多保留{places}位小数")
    return value.quantize(Decimal(1).scaleb(-places))


def date(raw, text: str) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float) and not (text.isdigit() and len(text) == 8):
        if not 1 <= raw <= EXCEL_MAX_SERIAL:
            raise CellError("Excel日期序号超出范围")
        return EXCEL_EPOCH + dt.timedelta(days=int(raw))
    if _plain_iso(text):  # 2020-06-01, most cells: without strptime's cost
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise CellError(_DATE_FORMATS) from None
    for pattern in _DATE_PATTERNS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(_DATE_FORMATS)


def _plain_iso(text: str) -> bool:
    """YYYY-MM-DD with digits only (fromisoformat alone would also take week dates)."""
    return (
        len(text) == 10
        and text[4] == text[7] == "-"
        and (text[:4] + text[5:7] + text[8:]).isdigit()
    )
