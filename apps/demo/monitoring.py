"""Demo monitoring records: seed 000 (十)'s family in 吴川市兰石镇名利村 (four
people, three with intellectual disability) opened from the inspection
finding with a dibao measure in progress, and cases for a sample of the
generated households — some with visits, some removed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q

from apps.accounts.access import SYSTEM
from apps.households.models import ExitStatus, Health, Household, LabourCapacity, Member
from apps.inspections.models import Finding
from apps.inspections.services import open_case_from_finding
from apps.monitoring import services
from apps.monitoring.models import MeasureStatus, MonitoringCase
from apps.regions.models import Region

FAMILY = [
    ("张亚陆", "户主", "440883196502030011", Health.DISABLED),
    ("李桂英", "配偶", "440883196808120025", Health.HEALTHY),
    ("张家明", "之子", "440883199205160038", Health.DISABLED),
    ("张家慧", "之女", "440883199511200043", Health.DISABLED),
]


def load_monitoring_demo(*, sample: int = 40) -> int:
    """Cases created (a second call creates none)."""
    created = _minglicun_family()
    households = (
        Household.objects.filter(monitoring_cases__isnull=True, number__startswith="DEMO")
        .select_related("village")
        .order_by("number")[:sample]
    )
    for index, household in enumerate(households):
        _generated_case(index, household)
        created += 1
    return created


def _minglicun_family() -> int:
    village = (
        Region.objects.filter(Q(name="名利村") | Q(short_name="名利村"), county__name="吴川市")
        .order_by("pk")
        .first()
    )
    finding = Finding.objects.filter(region=village, description__contains="张亚陆").first()
    if village is None or finding is None or finding.monitoring_case_id:
        return 0
    household, _created = Household.objects.get_or_create(
        number="440883105201001",
        defaults={
            "village": village,
            "exit_status": ExitStatus.LIFTED,
            "exit_year": 2019,
            "main_cause": "因残",
            "per_capita_income": Decimal("4650.00"),
            "helper": "陈志强",
        },
    )
    for name, relationship, id_number, health in FAMILY:
        Member.objects.get_or_create(
            household=household,
            id_number=id_number,
            defaults={
                "name": name,
                "relationship": relationship,
                "health": health,
                "labour_capacity": LabourCapacity.NONE
                if health == Health.DISABLED
                else LabourCapacity.ORDINARY,
                "receives_dibao": False,
            },
        )
    case = open_case_from_finding(
        user=SYSTEM,
        finding=finding,
        household=household,
        kind="unstable",
        identified_on=dt.date(2020, 11, 10),
        identified_how="inspection",
        risk_types=["disability", "income_drop"],
        income_at_identification=Decimal("4650.00"),
        helper="陈志强",
        helper_unit="吴川市民政局",
        note=finding.description,
    )
    disabled = [m for m in household.members.all() if m.health == Health.DISABLED]
    services.do_add_measure(
        actor=SYSTEM,
        case=case,
        kind="dibao",
        content="协调民政部门将三名智力残疾成员纳入低保，办理残疾人两项补贴",
        department="吴川市民政局",
        planned_on=dt.date(2020, 11, 30),
        status=MeasureStatus.IN_PROGRESS,
        members=disabled,
        member_fields=["receives_dibao", "dibao_amount", "receives_disability_subsidy"],
    )
    services.do_log_visit(
        actor=SYSTEM,
        case=case,
        visited_on=dt.date(2020, 11, 12),
        visitor="陈志强（帮扶责任人）",
        findings="一家四口，三人智力残疾，无稳定收入；已收集低保申请材料。",
    )
    return 1


def _generated_case(index: int, household: Household) -> MonitoringCase:
    kinds = ["unstable", "marginal", "sudden", "not_lifted"]
    risks = [["illness"], ["disability"], ["disaster", "income_drop"], ["unstable_work"]]
    identified = dt.date(2020, 9, 1) + dt.timedelta(days=index * 2)
    case = services.do_open_case(
        actor=SYSTEM,
        household=household,
        kind=kinds[index % 4],
        identified_on=identified,
        identified_how=["cadre_check", "application", "department_alert"][index % 3],
        risk_types=risks[index % 4],
        income_at_identification=household.per_capita_income or Decimal("5000.00"),
        helper=household.helper,
    )
    if index % 5 == 4:
        return case  # a few without any measure yet (red light R13-01)
    measure = services.do_add_measure(
        actor=SYSTEM,
        case=case,
        kind=["employment", "health", "industry", "education"][index % 4],
        content="落实帮扶措施",
        department="镇人民政府",
        planned_on=identified + dt.timedelta(days=30),
    )
    if index % 2 == 0:
        services.do_log_visit(
            actor=SYSTEM,
            case=case,
            visited_on=identified + dt.timedelta(days=7),
            visitor=household.helper or "驻村工作队",
            findings="入户走访，核实收入和两不愁三保障情况。",
        )
    if index % 3 == 0:
        services.do_complete_measure(
            actor=SYSTEM, measure=measure, done_on=identified + dt.timedelta(days=20)
        )
        case = services.do_take_step(
            actor=SYSTEM,
            case=case,
            action="propose",
            reason="收入稳定超过监测标准，两不愁三保障已落实",
            income=Decimal("9800.00"),
        )
        if index % 2 == 0:
            case = services.do_take_step(actor=SYSTEM, case=case, action="confirm")
    return case
