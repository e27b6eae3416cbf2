"""The figures behind the demo's fund records (``funds.py`` loads them): the
seeds' totals and the demo's own split below them (the README's "Demo data")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

D = Decimal
ZERO = D("0")
XUWEN = "徐闻县"
XUWEN_TOWNS = ("南山镇", "迈陈镇", "西连镇", "城北乡")
XUWEN_VILLAGES = (
    ("南山镇", "三塘村"),
    ("南山镇", "长乐村"),
    ("迈陈镇", "迈陈村"),
    ("迈陈镇", "白坡村"),
    ("西连镇", "大井村"),
    ("西连镇", "龙腋村"),
    ("城北乡", "头铺村"),
    ("城北乡", "桃园村"),
)
# Per year: 省, 对口帮扶市 (to the towns), 市, 县本级 — 44891.00 in all.
XUWEN_ALLOCATIONS = {
    2016: (D("6800"), D("2600"), D("500"), D("600")),
    2017: (D("7200"), D("2900"), D("520"), D("640")),
    2018: (D("7500"), D("3100"), D("560"), D("690")),
    2019: (D("7400"), D("2980"), D("540"), D("361")),
}
SOURCES = ("省", "对口帮扶市", "市", "县本级")
SHARES = {"省": D("0.600"), "对口帮扶市": D("0.300"), "市": D("0.050"), "县本级": D("0.050")}
DOCUMENT_PREFIX = {"省": "粤财农", "对口帮扶市": "佛扶协", "市": "湛财农", "县本级": "徐财农"}
# Not paid out of the 2019 money (947.30 in all; 对口帮扶市: per town).
XUWEN_2019_UNSPENT = {"省": D("500"), "对口帮扶市": D("70"), "市": D("67.30"), "县本级": D("100")}

TOWN_PROJECTS = (23, D("7670.12"))
VILLAGE_PROJECTS = (36, D("3448.75"))
ONE_VILLAGE_ONE_PRODUCT = (
    "南山镇",
    "南山镇“一村一品”菠萝产业提升项目",
    2018,
    D("800"),
    D("1697.98"),
)
PRODUCTS = ("菠萝", "香蕉", "玉米", "韭菜", "北运菜", "鸡", "鸭", "羊", "对虾", "火龙果", "甘蔗")
TOWN_WORKS = ("种植基地", "产业园", "养殖基地", "冷链加工", "合作社")
VILLAGE_WORKS = ("种植", "养殖", "产销合作")
DEPARTMENTS = (
    "徐闻县教育局",
    "徐闻县住房和城乡建设局",
    "徐闻县人力资源和社会保障局",
    "徐闻县医疗保障局",
    "徐闻县农业农村局",
)

# The other counties' 2020 money: (source, allocated, paid by 2020-11-20, last
# payment day, paid after the deadline).
DEADLINE = dt.date(2020, 11, 20)
OTHER_COUNTIES: dict[str, list[tuple[str, Decimal, Decimal, dt.date, Decimal]]] = {
    "雷州市": [
        ("省", D("1500"), D("900"), dt.date(2020, 9, 30), D("300")),
        ("市", D("300"), D("150"), dt.date(2020, 8, 31), D("0")),
    ],
    "廉江市": [
        ("省", D("1400"), D("1100"), dt.date(2020, 10, 15), D("0")),
        ("市", D("300"), D("260"), dt.date(2020, 9, 15), D("0")),
    ],
    "吴川市": [
        ("省", D("1200"), D("1050"), dt.date(2020, 10, 20), D("0")),
        ("市", D("200"), D("200"), dt.date(2020, 9, 10), D("0")),
    ],
    "遂溪县": [
        ("省", D("1300"), D("1200"), dt.date(2020, 10, 30), D("0")),
        ("市", D("250"), D("250"), dt.date(2020, 9, 20), D("0")),
    ],
    "赤坎区": [("省", D("300"), D("300"), dt.date(2020, 9, 25), D("0"))],
    "霞山区": [("省", D("320"), D("320"), dt.date(2020, 9, 28), D("0"))],
    "坡头区": [
        ("省", D("500"), D("500"), dt.date(2020, 11, 10), D("0")),
        ("市", D("80"), D("80"), dt.date(2020, 9, 18), D("0")),
    ],
    "麻章区": [("省", D("450"), D("450"), dt.date(2020, 10, 12), D("0"))],
    "湛江经济技术开发区": [("省", D("280"), D("280"), dt.date(2020, 10, 9), D("0"))],
}
# One village industry project a county in 2020, paid from its 省 money.
OTHER_PROJECT_WAN = D("120")
