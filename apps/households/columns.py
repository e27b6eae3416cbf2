"""The national household template: one row per member, household columns repeated.

Each column maps a Chinese header to a model field and a kind of cell; the
importer parses by kind, the blank template and the error reports use the same
list, so they cannot drift apart.

Re-imports: a column the file does not have leaves the stored value alone. A
column it has but whose cell is empty clears the stored value when
``blank_clears`` (the importer counts those and the uploader confirms them);
for the others an empty cell means "no information" and keeps the stored value
(a new household takes the model's default). 性别 and 出生日期 are taken from
the ID number when empty.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import (
    ExitStatus,
    Health,
    HouseholdCategory,
    LabourCapacity,
    MonitoringStatus,
    SchoolStatus,
    Sex,
)

WHERE, HOUSEHOLD, MEMBER = "where", "household", "member"


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    part: str
    kind: str = "text"  # text | choice | bool | decimal | int | date
    required: bool = False
    choices: type | None = None
    max_length: int | None = None
    # An empty cell empties the stored value (False: it keeps it; see above).
    blank_clears: bool = True


COLUMNS: tuple[Column, ...] = (
    Column("县", "county", WHERE, required=True),
    Column("乡镇", "town", WHERE, required=True),
    Column("行政村", "village", WHERE, required=True),
    Column("户编号", "number", HOUSEHOLD, required=True, max_length=32),
    # Every household has a category and an exit status: empty is no answer.
    Column(
        "贫困户属性", "category", HOUSEHOLD, "choice", choices=HouseholdCategory, blank_clears=False
    ),
    Column("脱贫属性", "exit_status", HOUSEHOLD, "choice", choices=ExitStatus, blank_clears=False),
    Column("脱贫年度", "exit_year", HOUSEHOLD, "int"),
    Column("监测对象类型", "monitoring_status", HOUSEHOLD, "choice", choices=MonitoringStatus),
    Column("主要致贫原因", "main_cause", HOUSEHOLD, max_length=32),
    Column("其他致贫原因", "other_causes", HOUSEHOLD, max_length=120),
    Column("家庭年人均纯收入", "per_capita_income", HOUSEHOLD, "decimal"),
    Column("工资性收入", "wage_income", HOUSEHOLD, "decimal"),
    Column("生产经营性收入", "business_income", HOUSEHOLD, "decimal"),
    Column("生产经营性支出", "business_expenditure", HOUSEHOLD, "decimal"),
    Column("家庭年支出", "annual_expenditure", HOUSEHOLD, "decimal"),
    Column("住房面积", "housing_area", HOUSEHOLD, "decimal"),
    Column("住房是否安全", "housing_safe", HOUSEHOLD, "bool"),
    Column("危房改造任务年度", "renovation_year", HOUSEHOLD, "int"),
    Column("危房改造竣工日期", "renovation_completed_on", HOUSEHOLD, "date"),
    Column("饮水是否安全", "water_safe", HOUSEHOLD, "bool"),
    Column("饮水是否困难", "water_difficult", HOUSEHOLD, "bool"),
    Column("帮扶责任人", "helper", HOUSEHOLD, max_length=64),
    Column("帮扶单位", "assisting_unit", HOUSEHOLD, max_length=120),
    Column("有无年度帮扶计划", "has_assistance_plan", HOUSEHOLD, "bool"),
    Column("姓名", "name", MEMBER, required=True, max_length=64),
    Column("证件号码", "id_number", MEMBER, required=True, max_length=22),
    Column("与户主关系", "relationship", MEMBER, required=True, max_length=16),
    Column("性别", "sex", MEMBER, "choice", choices=Sex, blank_clears=False),  # from the ID
    Column("出生日期", "birth_date", MEMBER, "date", blank_clears=False),  # from the ID
    Column("民族", "ethnicity", MEMBER, max_length=16),
    Column("文化程度", "education", MEMBER, max_length=32),
    Column(
        "在校生状况", "school_status", MEMBER, "choice", choices=SchoolStatus, blank_clears=False
    ),
    Column("健康状况", "health", MEMBER, "choice", choices=Health),
    Column("劳动技能", "labour_capacity", MEMBER, "choice", choices=LabourCapacity),
    Column("务工状况", "migrant_work", MEMBER, max_length=32),
    Column("务工时间（月）", "migrant_months", MEMBER, "int"),
    Column("是否参加基本医疗保险", "has_medical_insurance", MEMBER, "bool"),
    Column("是否参加大病保险", "has_serious_illness_insurance", MEMBER, "bool"),
    Column("是否参加基本养老保险", "has_pension_insurance", MEMBER, "bool"),
    Column("是否享受低保", "receives_dibao", MEMBER, "bool"),
    Column("低保金", "dibao_amount", MEMBER, "decimal"),
    Column("是否特困供养", "receives_destitute_support", MEMBER, "bool"),
    Column("特困供养金", "destitute_amount", MEMBER, "decimal"),
    Column("残疾证号", "disability_certificate", MEMBER, max_length=24),
    Column("是否享受残疾人补贴", "receives_disability_subsidy", MEMBER, "bool"),
    Column("是否享受生活补助", "receives_living_subsidy", MEMBER, "bool"),
)

# Columns whose empty cell keeps the stored value; the importer marks such cells KEEP.
KEEPS_WHEN_EMPTY = frozenset(
    c.field for c in COLUMNS if not c.blank_clears and c.field not in ("sex", "birth_date")
)
HOUSEHOLD_COLUMNS = tuple(c for c in COLUMNS if c.part == HOUSEHOLD)
MEMBER_COLUMNS = tuple(c for c in COLUMNS if c.part == MEMBER)
BY_HEADER = {c.header: c for c in COLUMNS}
# Headers people also write (full-width/half-width brackets, older exports).
HEADER_ALIASES = {"务工时间(月)": "务工时间（月）", "县（市、区）": "县", "乡（镇）": "乡镇"}
