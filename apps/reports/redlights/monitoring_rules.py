"""Group 13 (防返贫监测): red lights on monitoring records, appended to the
catalogue's RULES (imported once at the catalogue's end)."""

from __future__ import annotations

import datetime as dt
import operator
from functools import reduce

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from apps.monitoring.models import OPEN_STATUSES, AssistanceMeasure, MeasureStatus, MonitoringCase

from ..models import HouseholdRedLight
from .base import Context, Rule
from .catalogue import BY_CODE, RULES


def _open_cases():
    return MonitoringCase.objects.filter(household_id=OuterRef("pk"), status__in=OPEN_STATUSES)


def _without_measure(c: Context) -> Q:
    """An open case identified more than N days ago with no measure at all."""
    days = getattr(settings, "MONITORING_MEASURE_DAYS", 15)
    cutoff = c.as_of - dt.timedelta(days=days)
    measures = AssistanceMeasure.objects.filter(case_id=OuterRef("pk"))
    late = _open_cases().filter(identified_on__lt=cutoff).filter(~Exists(measures))
    return Q(Exists(late))


def _measure_overdue(c: Context) -> Q:
    overdue = AssistanceMeasure.objects.filter(
        case__household_id=OuterRef("pk"),
        case__status__in=OPEN_STATUSES,
        planned_on__lt=c.as_of,
    ).exclude(status=MeasureStatus.DONE)
    return Q(Exists(overdue))


def _group_one(c: Context) -> Q:
    """Any group-1 light (a lifted household missing a guarantee), as one Q."""
    return reduce(operator.or_, (r.household_q(c) for r in RULES if r.group == 1))


def _group_one_lit(c: Context) -> Q:
    """The same from the maintained table: an open light of group 1. A refresh
    evaluates group 1 before group 13, so these lights are current; re-evaluating
    group 1's conditions cost R13-05 1.8 s of an import's refresh."""
    codes = [r.code for r in RULES if r.group == 1]
    lit = HouseholdRedLight.objects.filter(
        household_id=OuterRef("pk"), rule__in=codes, cleared_at__isnull=True
    )
    return Q(Exists(lit))


MONITORING_RULES = [
    Rule("R13-01", 13, "监测对象识别后超过规定天数仍无帮扶措施", household=_without_measure),
    Rule("R13-02", 13, "帮扶措施超过计划完成时间仍未完成", household=_measure_overdue),
    Rule(
        "R13-03",
        13,
        "监测中的农户在户籍库未标注监测对象类型",
        household=lambda c: Q(Exists(_open_cases())) & Q(monitoring_status=""),
    ),
    Rule(
        "R13-04",
        13,
        "户籍库标注为监测对象但无监测记录",
        household=lambda c: ~Q(monitoring_status="") & ~Q(Exists(_open_cases())),
    ),
    Rule(
        "R13-05",
        13,
        "脱贫户存在两不愁三保障问题但未纳入监测",
        household=lambda c: _group_one(c) & ~Q(Exists(_open_cases())),
        maintained=lambda c: _group_one_lit(c) & ~Q(Exists(_open_cases())),
    ),
]
RULES.extend(MONITORING_RULES)
BY_CODE.update({rule.code: rule for rule in MONITORING_RULES})
