"""Seed 003's plan: 湛开办〔2018〕84号, the development zone's target-responsibility
plan, with its ten actions (三、（一）…（十）), the targets its text sets, and the
departments and deadlines the text names. Targets the household registry can
measure are linked to an indicator; the rest wait for reported values (the
seed gives no actual figures, so the demo reports none).

Two groups outside the ten actions hold targets the issue names: the plan's
goal (二（二）) of income above the poverty line, and the office's training,
meetings and briefings (六、制度保障).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from apps.regions.models import Level
from apps.regions.resolver import RegionResolver

from .models import Comparison, Plan, TargetKind
from .services import add_action, add_target, create_plan

DOCUMENT_NUMBER = "湛开办〔2018〕84号"
YEAR_END = dt.date(2018, 12, 31)

PCT, COUNT, YES = TargetKind.PERCENT, TargetKind.COUNT, TargetKind.YES_NO
GTE, EQ = Comparison.AT_LEAST, Comparison.EQUAL


@dataclass(frozen=True)
class T:
    description: str
    lead: str
    kind: str
    value: int
    comparison: str = GTE
    cooperating: str = ""
    unit: str = ""
    deadline: dt.date | None = None
    indicator: str = ""


ACTIONS: list[tuple[str, str, list[T]]] = [
    (
        "",
        "目标任务：实现多元脱贫达标（方案二、（二））",
        [
            T(
                "有劳动能力贫困户人口人均可支配收入达到贫困人口脱贫标准",
                "各街道（镇）",
                PCT,
                100,
                EQ,
                cooperating="区直帮扶单位、驻村工作队",
                indicator="income_labour",
            ),
        ],
    ),
    (
        "一",
        "进一步打造一批有亮点扶贫产业行动",
        [
            T(
                "2018年各街道（镇）找准落实至少一个有本地特色的扶贫产业，建立长效脱贫机制",
                "各街道（镇）",
                YES,
                1,
                EQ,
                deadline=YEAR_END,
            ),
        ],
    ),
    (
        "二",
        "实施扶贫同扶志、扶智相结合行动",
        [
            T(
                "有培训意愿的贫困家庭劳动力至少参加一次免费技能培训",
                "区委组织部",
                PCT,
                100,
                EQ,
                cooperating="各驻村工作队",
            ),
            T(
                "有劳动能力贫困户劳动力造册登记（一村一册），统计外出务工人数",
                "各驻村工作队",
                YES,
                1,
                EQ,
                cooperating="区委组织部",
            ),
        ],
    ),
    (
        "三",
        "实施社会保障扶贫行动",
        [
            T(
                "符合条件的农村五保、孤儿、残疾人、部分丧失劳动能力人员100%纳入农村低保或特困人员救助供养",
                "区人口和社会事务管理局",
                PCT,
                100,
                EQ,
                cooperating="各街道（镇）、驻村工作队",
                indicator="support",
            ),
            T(
                "临时救助标准有效保障临时救助对象1个月以上的基本生活",
                "区人口和社会事务管理局",
                COUNT,
                1,
                GTE,
                unit="个月",
            ),
            T(
                "符合领取待遇的60岁以上贫困户老人100%领取到养老金",
                "区社保局",
                PCT,
                100,
                EQ,
                cooperating="区扶贫办、各街道（镇）、驻村工作队",
                indicator="pension_elderly",
            ),
        ],
    ),
    (
        "四",
        "实施医疗保障扶贫行动",
        [
            T(
                "100%落实贫困人员参加城乡居民基本医疗保险个人缴费财政补贴政策，资助贫困人员参保",
                "区医保办",
                PCT,
                100,
                EQ,
                indicator="medical",
            ),
            T(
                "贫困人口大病救助：各项医保政策报销后的合规医疗费用按照不低于75%的比例给予补助",
                "区人口和社会事务管理局",
                PCT,
                75,
                GTE,
                cooperating="区财政局、各街道（镇）、驻村工作队",
            ),
            T(
                "特殊困难群体经医疗救助和相关医疗保障后，政策范围内医疗费用保障水平达到100%",
                "区人口和社会事务管理局",
                PCT,
                100,
                EQ,
            ),
            T(
                "组织市三甲医院义诊服务队到我区开展义诊活动，每年举行一次",
                "区人口和社会事务管理局",
                COUNT,
                1,
                GTE,
                cooperating="卫生院",
                unit="次",
                deadline=YEAR_END,
            ),
            T("完成各村标准化卫生站建设", "区人口和社会事务管理局", YES, 1, EQ),
        ],
    ),
    (
        "五",
        "实施基础设施建设扶贫行动",
        [
            T(
                "完成村村通自来水工程建设，建设覆盖全区的饮水安全保障体系",
                "区农业事务管理局",
                PCT,
                100,
                EQ,
                cooperating="各街道（镇）",
                indicator="water",
            ),
            T(
                "确保网络、电视信号全覆盖",
                "电信、移动公司",
                YES,
                1,
                EQ,
                cooperating="各街道（镇）",
            ),
        ],
    ),
    (
        "六",
        "实施教育扶贫行动",
        [
            T(
                "贫困户子女义务教育毛入学率达到93%以上",
                "区教育局",
                PCT,
                93,
                GTE,
                cooperating="各街道（镇）",
                indicator="enrolment",
            ),
            T(
                "贫困学生100%享受到各类教育扶贫政策",
                "区教育局",
                PCT,
                100,
                EQ,
            ),
            T(
                "贫困户在读学生造册登记，不落一户、不漏一人",
                "区教育局",
                YES,
                1,
                EQ,
                cooperating="各街道（镇）、驻村工作队",
            ),
        ],
    ),
    (
        "七",
        "实施人居环境改善扶贫行动",
        [
            T(
                "省级贫困村按照“七有”要求完成新农村示范村建设",
                "区农业事务管理局",
                YES,
                1,
                EQ,
                cooperating="各镇街、驻村工作队、村“两委”",
            ),
            T(
                "加快推进农村危房改造，贫困户住房安全有保障",
                "区住建局",
                PCT,
                100,
                EQ,
                cooperating="区财政局、各镇街、驻村工作队",
                indicator="housing",
            ),
        ],
    ),
    (
        "八",
        "实施农村金融扶贫行动",
        [
            T(
                "完成金融（保险）服务站和助农取款点建设",
                "区财政局",
                YES,
                1,
                EQ,
                cooperating="各街道（镇）",
            ),
            T(
                "逐户对有劳动能力贫困户入户调查，登记有贷款创业意向的贫困户",
                "各镇街",
                YES,
                1,
                EQ,
                cooperating="区财政局、区扶贫办、驻村工作队、村两委干部",
            ),
        ],
    ),
    (
        "九",
        "实施固本强基扶贫行动",
        [
            T(
                "省定贫困村由街道（镇）党政主要领导亲自驻点",
                "各街道（镇）",
                YES,
                1,
                EQ,
            ),
        ],
    ),
    (
        "十",
        "进一步提高扶贫工作要求，构建扶贫攻坚“1+N”政策措施体系行动",
        [
            T(
                "梳理1+N配套方案，结合我区实际制定切实可行的措施方案并严格执行",
                "组织部、教育、住建、医疗、民政、农业、发改、人社、国土、旅游、公安等部门",
                YES,
                1,
                EQ,
            ),
        ],
    ),
    (
        "",
        "制度保障（方案六、（四）至（六））",
        [
            T(
                "开展驻村工作队业务培训，每年最少2次以上",
                "区扶贫办",
                COUNT,
                2,
                GTE,
                unit="次",
                deadline=YEAR_END,
            ),
            T(
                "驻村工作队业务培训时间每年累计不少于4天",
                "区扶贫办",
                COUNT,
                4,
                GTE,
                unit="天",
                deadline=YEAR_END,
            ),
            T(
                "街道（镇）党委、政府每年至少召开扶贫专题会议4次",
                "各街道（镇）党委、政府",
                COUNT,
                4,
                GTE,
                unit="次",
                deadline=YEAR_END,
            ),
            T(
                "区扶贫办、各镇街每月出一份简报",
                "区扶贫办、各镇街",
                COUNT,
                12,
                GTE,
                unit="份",
                deadline=YEAR_END,
            ),
        ],
    ),
]


@transaction.atomic
def load_plan_demo(*, user) -> int:
    """Seed 003's plan for 湛江经济技术开发区; nothing when it is already there."""
    if Plan.objects.filter(document_number=DOCUMENT_NUMBER).exists():
        return 0
    region = RegionResolver().resolve("经开区", level=Level.COUNTY)
    plan = create_plan(
        user=user,
        title="湛江经济技术开发区落实新时期精准扶贫精准脱贫工作目标责任方案",
        issuer="湛江经济技术开发区党政办公室",
        document_number=DOCUMENT_NUMBER,
        year=2018,
        issued_on=dt.date(2018, 5, 24),
        region=region,
        annex_title="湛江开发区精准扶贫精准脱贫目标责任分解表",
    )
    for order, (numbering, title, targets) in enumerate(ACTIONS):
        action = add_action(user=user, plan=plan, order=order, numbering=numbering, title=title)
        for n, t in enumerate(targets, start=1):
            add_target(
                user=user,
                action=action,
                order=n,
                description=t.description,
                lead_departments=t.lead,
                cooperating_departments=t.cooperating,
                kind=t.kind,
                comparison=t.comparison,
                target_value=t.value,
                unit=t.unit,
                deadline=t.deadline,
                indicator=t.indicator,
            )
    return 1
