"""Small national-format files written on the fly (import tests, browser journeys)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from apps.demo.generator import HEADERS, make_id_number


def id_number(birth: str = "19800101", order: int = 11, area: str = "440883") -> str:
    return make_id_number(area, dt.datetime.strptime(birth, "%Y%m%d").date(), order)


def member_row(number: str = "H0001", *, order: int = 11, **overrides) -> dict:
    """One valid member row of a household in 吴川市兰石镇名利村."""
    birth = overrides.pop("birth", "19800101")
    row = {
        "县": "吴川市",
        "乡镇": "兰石镇",
        "行政村": "名利村",
        "户编号": number,
        "贫困户属性": "一般贫困户",
        "脱贫属性": "已脱贫",
        "脱贫年度": 2019,
        "主要致贫原因": "缺技术",
        "家庭年人均纯收入": 12000,
        "住房是否安全": "是",
        "饮水是否安全": "是",
        "帮扶单位": "佛山市三水区某局",
        "姓名": f"张某{order}",
        "证件号码": id_number(birth, order),
        "与户主关系": "户主",
        "性别": "男" if order % 2 else "女",
        "出生日期": f"{birth[:4]}-{birth[4:6]}-{birth[6:]}",
        "在校生状况": "非在校生",
        "健康状况": "健康",
        "劳动技能": "普通劳动力",
        "是否参加基本医疗保险": "是",
    }
    row.update(overrides)
    return row


def write_rows(path: Path, rows: list[dict], *, headers: list[str] | None = None) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "建档立卡户"
    headers = headers or HEADERS
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    workbook.save(path)
    return path


def two_households() -> list[dict]:
    """Two households in 吴川市兰石镇名利村: a couple (H0001) and one person (H0002)."""
    return [
        member_row("H0001", order=11),
        member_row("H0001", order=12, 姓名="李某", 与户主关系="配偶", birth="19820202"),
        member_row("H0002", order=13, 姓名="王某"),
    ]
