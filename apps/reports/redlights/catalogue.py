"""Data catalogue: the red-light rules, one entry per national check (a pure list; see base.py)."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Left, Length
from django.db.models.lookups import Exact, In

from apps.households.models import (
    HAS_LABOUR,
    IN_SCHOOL,
    Health,
    HouseholdCategory,
    LabourCapacity,
    Member,
    SchoolStatus,
    Sex,
)

from ..reporting import aged, any_member
from .base import (
    FEMALE_RELATIONSHIPS,
    HEAD,
    INCOME_CEILING,
    MALE_RELATIONSHIPS,
    SICK,
    SPOUSE,
    WORKING_AGE,
    Condition,
    NotImplementedCheck,
    Rule,
    cause,
    check_character_mismatch,
    empty_or_not_positive,
    length_then_pattern,
    lifted,
    member_lifted,
    not_true,
    same_person_elsewhere,
    spends_more_than_earns,
    works_away,
)

# --- the rules -------------------------------------------------------------------------------

RULES: list[Rule] = []


def _rule(
    code: str, group: int, message: str, *, spans_households: bool = False, **condition: Condition
) -> None:
    RULES.append(Rule(code, group, message, spans_households=spans_households, **condition))


# 1 脱贫户未解决两不愁三保障
_rule(
    "R1-01",
    1,
    "脱贫户家庭年人均纯收入低于当年贫困线",
    household=lambda c: lifted & Q(per_capita_income__lt=c.poverty_line),
)
_rule(
    "R1-02",
    1,
    "脱贫户有义务教育阶段适龄健康儿童未在校",
    member=lambda c: (
        member_lifted
        & aged(c.as_of, 6, 15)
        & Q(health=Health.HEALTHY)
        & ~Q(school_status__in=IN_SCHOOL)
    ),
)
_rule("R1-03", 1, "脱贫户住房不安全", household=lambda c: lifted & Q(housing_safe=False))
_rule("R1-04", 1, "脱贫户饮水不安全", household=lambda c: lifted & Q(water_safe=False))
_rule(
    "R1-05",
    1,
    "因病致贫的脱贫户有患病成员未参加大病保险",
    member=lambda c: (
        member_lifted
        & cause("因病", "household__")
        & Q(health__in=SICK)
        & not_true("has_serious_illness_insurance")
    ),
)
_rule(
    "R1-06",
    1,
    "脱贫户住房面积为0或为空",
    household=lambda c: lifted & empty_or_not_positive("housing_area"),
)

# 2 证件号码异常
_rule(
    "R2-01",
    2,
    "证件号码长度不是15、18、20或22位",
    # Lengths compared, not matched by a regex (the regex cost 2.6 s over 1.6 M members).
    member=lambda c: ~Q(In(Length("id_number"), [15, 18, 20, 22])),
)
_rule(
    "R2-02",
    2,
    "15位证件号码未升级为18位",
    member=lambda c: length_then_pattern(15, r"^[0-9]{15}$"),
)
_rule(
    "R2-03",
    2,
    "18位证件号码未通过GB 11643校验",
    member=lambda c: check_character_mismatch(),
)
_rule(
    "R2-04",
    2,
    "残疾证号校验不通过（应为本人证件号码加残疾类别1–7和等级1–4）",
    member=lambda c: (
        ~Q(disability_certificate="")
        & ~(
            Q(disability_certificate__regex=r"^.{18}[1-7][1-4]$")
            & Q(Exact(Left("disability_certificate", 18), F("id_number")))
        )
    ),
)

# 3 重要指标为空 (the fields the registry has)
_rule("R3-01", 3, "民族为空", member=lambda c: Q(ethnicity=""))
_rule(
    "R3-02",
    3,
    "非在校生文化程度为空",
    member=lambda c: (
        Q(education="")
        & Q(school_status__in=(SchoolStatus.NOT_STUDENT, SchoolStatus.DROPPED_OUT, ""))
        & aged(c.as_of, 6)
    ),
)
_rule(
    "R3-03",
    3,
    "6至23周岁人员在校生状况为空",
    member=lambda c: Q(school_status="") & aged(c.as_of, 6, 23),
)
_rule("R3-04", 3, "健康状况为空", member=lambda c: Q(health=""))
_rule(
    "R3-05",
    3,
    "16至65周岁人员劳动技能为空",
    member=lambda c: Q(labour_capacity="") & aged(c.as_of, *WORKING_AGE),
)
_rule("R3-06", 3, "家庭无户主", household=lambda c: ~Q(any_member(Q(relationship=HEAD))))
_rule(
    "R3-07",
    3,
    "残疾成员无残疾证号",
    member=lambda c: Q(health=Health.DISABLED, disability_certificate=""),
)
_rule("R3-08", 3, "主要致贫原因为空", household=lambda c: Q(main_cause=""))
_rule("R3-09", 3, "住房面积为空", household=lambda c: Q(housing_area__isnull=True))
_rule("R3-10", 3, "饮水是否困难为空", household=lambda c: Q(water_difficult__isnull=True))
_rule("R3-11", 3, "饮水是否安全为空", household=lambda c: Q(water_safe__isnull=True))

# 4 致贫原因问题
_rule(
    "R4-01",
    4,
    "致贫原因为因病，但家庭成员均健康",
    household=lambda c: cause("因病") & any_member() & ~any_member(~Q(health=Health.HEALTHY)),
)
_rule(
    "R4-02",
    4,
    "致贫原因为因学，但家庭无在校生",
    household=lambda c: cause("因学") & ~any_member(Q(school_status__in=IN_SCHOOL)),
)
_rule(
    "R4-03",
    4,
    "致贫原因为因残，但家庭无残疾成员",
    household=lambda c: (
        cause("因残") & ~any_member(Q(health=Health.DISABLED) | ~Q(disability_certificate=""))
    ),
)
_rule(
    "R4-04",
    4,
    "其他致贫原因与主要致贫原因重复",
    household=lambda c: ~Q(main_cause="") & Q(other_causes__contains=F("main_cause")),
)

# 5 低保、五保问题
_rule(
    "R5-01",
    5,
    "低保户无成员享受低保",
    household=lambda c: Q(category=HouseholdCategory.DIBAO) & ~any_member(Q(receives_dibao=True)),
)
_rule(
    "R5-02",
    5,
    "一般贫困户有成员享受低保",
    member=lambda c: Q(household__category=HouseholdCategory.GENERAL, receives_dibao=True),
)
_rule(
    "R5-03",
    5,
    "特困供养（五保）户有16至65周岁有劳动能力成员",
    member=lambda c: (
        Q(household__category=HouseholdCategory.DESTITUTE)
        & Q(labour_capacity__in=HAS_LABOUR)
        & aged(c.as_of, *WORKING_AGE)
    ),
)
_rule(
    "R5-04",
    5,
    "同时享受低保和特困供养",
    member=lambda c: Q(receives_dibao=True, receives_destitute_support=True),
)
_rule(
    "R5-05",
    5,
    "一般贫困户领取低保金或特困供养金",
    member=lambda c: (
        Q(household__category=HouseholdCategory.GENERAL)
        & (Q(dibao_amount__gt=0) | Q(destitute_amount__gt=0))
    ),
)
_rule(
    "R5-06",
    5,
    "低保户低保金为0或为空",
    household=lambda c: Q(category=HouseholdCategory.DIBAO) & ~any_member(Q(dibao_amount__gt=0)),
)
_rule(
    "R5-07",
    5,
    "特困供养户供养金为0或为空",
    household=lambda c: (
        Q(category=HouseholdCategory.DESTITUTE) & ~any_member(Q(destitute_amount__gt=0))
    ),
)

# 6 劳动能力问题
_rule(
    "R6-01",
    6,
    "劳动年龄内健康人员劳动技能为丧失劳动力",
    member=lambda c: (
        Q(health=Health.HEALTHY, labour_capacity=LabourCapacity.LOST) & aged(c.as_of, *WORKING_AGE)
    ),
)
_rule(
    "R6-02",
    6,
    "劳动年龄内健康非在校生劳动技能为无劳动力",
    member=lambda c: (
        Q(health=Health.HEALTHY, labour_capacity=LabourCapacity.NONE)
        & ~Q(school_status__in=IN_SCHOOL)
        & aged(c.as_of, *WORKING_AGE)
    ),
)

# 7 收入问题
_rule(
    "R7-01",
    7,
    "有生产经营性收入但无生产经营性支出",
    household=lambda c: Q(business_income__gt=0) & empty_or_not_positive("business_expenditure"),
)
_rule(
    "R7-02",
    7,
    "家庭年人均纯收入小于等于0、为空或超过10万元",
    household=lambda c: (
        empty_or_not_positive("per_capita_income") | Q(per_capita_income__gt=INCOME_CEILING)
    ),
)

# 8 务工状况问题
_rule("R8-01", 8, "务工时间不在0至12个月之间", member=lambda c: Q(migrant_months__gt=12))
_rule(
    "R8-02",
    8,
    "有务工状况但务工时间为0",
    member=lambda c: works_away & empty_or_not_positive("migrant_months"),
)
_rule(
    "R8-03",
    8,
    "无务工状况但务工时间为1至12个月",
    member=lambda c: ~works_away & Q(migrant_months__gte=1, migrant_months__lte=12),
)
_rule(
    "R8-04",
    8,
    "无劳动能力成员登记为外出务工",
    member=lambda c: Q(labour_capacity__in=(LabourCapacity.LOST, LabourCapacity.NONE)) & works_away,
)
_rule(
    "R8-05",
    8,
    "有工资性收入但家庭无务工人员",
    household=lambda c: Q(wage_income__gt=0) & ~any_member(works_away),
)
_rule(
    "R8-06",
    8,
    "有务工人员但无工资性收入",
    member=lambda c: works_away & empty_or_not_positive("household__wage_income"),
)

# 9 帮扶责任人问题
_rule("R9-01", 9, "未落实帮扶责任人", household=lambda c: Q(helper=""))

# 10 指标值异常或指标间逻辑错误
_rule("R10-01", 10, "家庭无成员（空挂户）", household=lambda c: ~any_member())
_rule(
    "R10-02",
    10,
    "与户主关系与性别矛盾",
    member=lambda c: (
        Q(relationship__in=MALE_RELATIONSHIPS, sex=Sex.FEMALE)
        | Q(relationship__in=FEMALE_RELATIONSHIPS, sex=Sex.MALE)
    ),
)
_rule(
    "R10-03",
    10,
    "户主与配偶性别相同",
    member=lambda c: (
        Q(relationship=SPOUSE)
        & ~Q(sex="")
        & Exists(
            Member.objects.filter(
                household_id=OuterRef("household_id"), relationship=HEAD, sex=OuterRef("sex")
            )
        )
    ),
)
_rule(
    "R10-04",
    10,
    "14周岁及以下人员在校生状况为高中及以上",
    member=lambda c: (
        aged(c.as_of, None, 14)
        & Q(
            school_status__in=(
                SchoolStatus.SENIOR,
                SchoolStatus.VOCATIONAL,
                SchoolStatus.HIGHER_VOCATIONAL,
                SchoolStatus.COLLEGE,
            )
        )
    ),
)
_rule(
    "R10-05",
    10,
    "20周岁及以上人员在校生状况为小学及以下",
    member=lambda c: (
        aged(c.as_of, 20) & Q(school_status__in=(SchoolStatus.PRESCHOOL, SchoolStatus.PRIMARY))
    ),
)

# 11 人员重复问题
_rule(
    "R11-01",
    11,
    "同一人员在本县（市、区）内重复登记",
    spans_households=True,
    member=lambda c: same_person_elsewhere(
        Q(household__village__county_id=OuterRef("household__village__county_id"))
    ),
)
_rule(
    "R11-02",
    11,
    "同一人员在本市跨县（市、区）重复登记",
    spans_households=True,
    member=lambda c: same_person_elsewhere(
        Q(household__village__city_id=OuterRef("household__village__city_id"))
        & ~Q(household__village__county_id=OuterRef("household__village__county_id"))
    ),
)
_rule(
    "R11-03",
    11,
    "同一人员在其他地市重复登记",
    spans_households=True,
    member=lambda c: same_person_elsewhere(
        ~Q(household__village__city_id=OuterRef("household__village__city_id"))
    ),
)

# 12 通报补充的问题 (seeds 000 and 001)
_rule(
    "R12-01",
    12,
    "收入与支出不对等（家庭年支出超过家庭纯收入）",
    household=lambda c: spends_more_than_earns(),
)
_rule("R12-02", 12, "无年度帮扶计划", household=lambda c: not_true("has_assistance_plan"))
_rule(
    "R12-03",
    12,
    "已办残疾证但未享受残疾人补贴",
    member=lambda c: ~Q(disability_certificate="") & not_true("receives_disability_subsidy"),
)
_rule(
    "R12-04",
    12,
    "系统中已停发低保但仍有低保金",
    member=lambda c: Q(receives_dibao=False, dibao_amount__gt=0),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
assert len(BY_CODE) == len(RULES), "rule codes must be unique"

NOT_IMPLEMENTED: list[NotImplementedCheck] = [
    NotImplementedCheck(
        3,
        "生产用电、是否加入合作社、与主干路距离、入户路类型、生活用电、主要燃料类型、有无卫生厕所为空",
        "The registry has no such fields (the national template columns are not imported).",
    ),
    NotImplementedCheck(
        9,
        "帮扶责任人同时是建档立卡贫困人口",
        "The helper is recorded by name only; Chinese names repeat, so a name match would "
        "flag innocent households. Needs the helper's ID number.",
    ),
    NotImplementedCheck(
        10,
        "人均耕地面积超过50亩、人均林地面积超过70亩、与主干路距离超过50公里",
        "No land or distance fields in the registry.",
    ),
    NotImplementedCheck(
        10,
        "在校生状况连续三年相同",
        "The registry keeps the current status only, no yearly snapshots to compare.",
    ),
    NotImplementedCheck(
        11,
        "省内跨市重复（本库以外的地市）",
        "Only cities held in this database are compared (R11-03); the province's other "
        "cities' records are not here.",
    ),
    NotImplementedCheck(
        12,
        "当年帮扶项目、帮扶日志缺失",
        "Only the yes/no 有无年度帮扶计划 is recorded (R12-02); no project or log records.",
    ),
]
from . import monitoring_rules  # noqa: E402, F401  (group 13 appends itself to RULES)
