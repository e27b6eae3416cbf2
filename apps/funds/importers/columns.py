"""The columns of each funds import: Chinese header, field, kind of cell,
whether required, decimals for amounts, and the template's example value."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..models import LOAN_PLACES, ImportKind


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str = "text"  # text, int, year, money, date
    required: bool = False
    places: int = 2
    max_length: int = 200
    example: object = None
    note: str = ""


WHERE_COUNTY = Column(
    "县", "county", required=True, example="吴川市", note="县（市、区）全称或简称"
)
WHERE_TOWN = Column("乡镇", "town", example="兰石镇", note="乡镇（街道）；县级记录留空")
WHERE_VILLAGE = Column("行政村", "village", example="名利村", note="行政村；乡镇级记录留空")
WHERE = (WHERE_COUNTY, WHERE_TOWN, WHERE_VILLAGE)

_YEAR = Column("年度", "year", "year", required=True, example=2020, note="资金下达年度，如2020")
_SOURCE = Column(
    "资金来源",
    "source",
    required=True,
    example="省",
    note="中央、省、对口帮扶市、市、县本级、镇、社会帮扶",
)
_DOCUMENT = Column(
    "文号", "document_number", required=True, max_length=60, example="粤财农〔2020〕12号"
)

ALLOCATION_COLUMNS = (
    *WHERE,
    _YEAR,
    _SOURCE,
    _DOCUMENT,
    Column("下达日期", "allocated_on", "date", required=True, example="2020年3月1日"),
    Column(
        "金额（万元）",
        "amount_wan",
        "money",
        required=True,
        example=Decimal("120.50"),
        note="万元，最多2位小数，不得为负",
    ),
    Column("用途", "purpose", example="产业扶贫"),
)

PROJECT_COLUMNS = (
    *WHERE,
    Column("项目名称", "name", required=True, example="名利村百香果种植项目"),
    Column("立项年度", "year", "year", required=True, example=2020),
    Column("项目类型", "kind", required=True, max_length=40, example="村级特色产业"),
    Column("立项日期", "approved_on", "date", required=True, example="2020年3月15日"),
    Column("专项资金（万元）", "special_funds_wan", "money", example=Decimal("50.00")),
    Column("自筹资金（万元）", "self_raised_wan", "money", example=Decimal("10.00")),
    Column("其他资金（万元）", "other_wan", "money", example=Decimal("0")),
    Column("受益户数", "households_benefiting", "int", example=30),
    Column("受益人数", "people_benefiting", "int", example=96),
    Column("公示日期", "notice_on", "date", example="2020年3月20日"),
    Column("招标采购编号", "tender_reference", max_length=100, example="ZB2020-001"),
    Column("备注", "note", max_length=2000, example=""),
)

EXPENDITURE_COLUMNS = (
    Column("县", "county", required=True, example="吴川市", note="资金指标所属地区（县）"),
    Column("乡镇", "town", example="", note="资金指标下达到乡镇时填写"),
    Column("行政村", "village", example="", note="资金指标下达到行政村时填写"),
    _YEAR,
    _SOURCE,
    _DOCUMENT,
    Column("项目名称", "project", example="名利村百香果种植项目", note="留空表示非项目支出"),
    Column("项目立项年度", "project_year", "year", example=2020, note="同名项目多于一个时填写"),
    Column("凭证号", "voucher_number", required=True, max_length=60, example="PZ2020-0001"),
    Column("支付日期", "paid_on", "date", required=True, example="2020年5月6日"),
    Column(
        "金额（万元）",
        "amount_wan",
        "money",
        required=True,
        example=Decimal("20.00"),
        note="万元，最多2位小数，不得为负",
    ),
    Column("收款单位", "payee", required=True, example="吴川市某农业公司"),
)

LOAN_COLUMNS = (
    Column(
        "户编号",
        "borrower",
        required=True,
        max_length=32,
        example="H0001",
        note="借款的建档立卡户户编号",
    ),
    Column("贷款银行", "bank", required=True, max_length=100, example="吴川市农村信用合作联社"),
    Column("合同编号", "contract_number", required=True, max_length=60, example="XD2020-0001"),
    Column(
        "贷款金额（万元）",
        "amount_wan",
        "money",
        required=True,
        places=LOAN_PLACES,
        example=Decimal("5.0000"),
        note="万元，最多4位小数",
    ),
    Column("发放日期", "issued_on", "date", required=True, example="2020年1月10日"),
    Column("期限（月）", "term_months", "int", required=True, example=36),
    Column("到期日期", "due_on", "date", example=None, note="留空则按期限计算"),
    Column(
        "贴息（万元）",
        "interest_subsidy_wan",
        "money",
        places=LOAN_PLACES,
        example=Decimal("0.1200"),
    ),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    ImportKind.ALLOCATIONS: ALLOCATION_COLUMNS,
    ImportKind.PROJECTS: PROJECT_COLUMNS,
    ImportKind.EXPENDITURES: EXPENDITURE_COLUMNS,
    ImportKind.LOANS: LOAN_COLUMNS,
}

SHEET_NAMES: dict[str, str] = {
    ImportKind.ALLOCATIONS: "资金下达",
    ImportKind.PROJECTS: "扶贫项目",
    ImportKind.EXPENDITURES: "资金支出",
    ImportKind.LOANS: "小额信贷",
}

# What re-importing matches on (the models' natural keys), for the notes sheet.
KEYS: dict[str, str] = {
    ImportKind.ALLOCATIONS: "县/乡镇/行政村 + 年度 + 资金来源 + 文号",
    ImportKind.PROJECTS: "县/乡镇/行政村 + 立项年度 + 项目名称",
    ImportKind.EXPENDITURES: "资金指标（县/乡镇/行政村 + 年度 + 资金来源 + 文号） + 凭证号",
    ImportKind.LOANS: "贷款银行 + 合同编号",
}
