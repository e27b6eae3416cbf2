"""Reads: the plans a user may see, and a plan's responsibility matrix.

The matrix costs the same few queries whatever the number of targets or
household records: the actions, the targets with their newest report's key
(a subquery), those reports with their evidence, and — when any target is
linked — the registry's measures over the plan's region (two aggregates).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from apps.accounts.access import scope_queryset
from apps.core.dates import official_date
from apps.core.numbers import format_count
from apps.reports.indicators import Figure

from . import measures
from .models import Comparison, Plan, PlanAction, ReportedValue, Target, TargetKind
from .verdicts import Actual, Verdict, verdict


def plans_for(user) -> QuerySet[Plan]:
    plans = Plan.objects.select_related("region", "region__county", "region__town").annotate(
        target_count=Count("actions__targets")
    )
    return scope_queryset(plans, user)


def number(value: Decimal | int) -> str:
    """93.00 → 93, 99.42 → 99.42, 2.50 → 2.5."""
    text = f"{Decimal(value):.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def shown_value(kind: str, value: Decimal | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if kind == TargetKind.PERCENT:
        return f"{number(value)}%"
    if kind == TargetKind.YES_NO:
        return _("Yes") if value else _("No")
    return f"{number(value)}{unit}"


def shown_target(target: Target) -> str:
    """≥93%, ≤5%, ≥2次; an exact target is written as the value alone (100%, 是)."""
    value = shown_value(target.kind, target.target_value, target.unit)
    if target.kind == TargetKind.YES_NO or target.comparison == Comparison.EQUAL:
        return value
    return f"{Comparison(target.comparison).label}{value}"


@dataclass
class TargetRow:
    number: int
    target: Target
    actual: Actual | None
    verdict: Verdict
    shown_actual: str
    basis: str  # where the actual comes from: "4492/4518" or "reported 2018-12-31"
    report: ReportedValue | None = None
    overdue: bool = False

    @property
    def shown_target(self) -> str:
        return shown_target(self.target)

    @property
    def source(self) -> str:
        if self.target.indicator:
            return measures.label_for(self.target.indicator)
        return pgettext("matrix", "Reported")


@dataclass
class ActionBlock:
    action: PlanAction
    rows: list[TargetRow] = field(default_factory=list)


@dataclass
class Matrix:
    plan: Plan
    as_of: dt.date
    blocks: list[ActionBlock]

    @property
    def rows(self) -> list[TargetRow]:
        return [row for block in self.blocks for row in block.rows]

    @property
    def counts(self) -> dict[str, int]:
        tally = Counter(row.verdict for row in self.rows)
        return {v.value: tally.get(v, 0) for v in Verdict}


def _measured(target: Target, figures: dict[str, Figure]) -> tuple[Actual | None, str, str]:
    figure = figures.get(target.indicator)
    if figure is None:
        return None, "—", ""
    actual = Actual(figure.rate, figure.numerator, figure.denominator)
    return (
        actual,
        figure.shown,
        f"{format_count(figure.numerator)}/{format_count(figure.denominator)}",
    )


def _reported(target: Target, report: ReportedValue | None) -> tuple[Actual | None, str, str]:
    if report is None:
        return None, "—", ""
    basis = _("reported, as of %(date)s") % {"date": official_date(report.reported_on)}
    return Actual(report.value), shown_value(target.kind, report.value, target.unit), basis


def matrix(user, plan: Plan, *, as_of: dt.date) -> Matrix:
    """The plan's targets against their actuals on ``as_of`` (ages, and
    reports made on or before that day)."""
    actions = list(plan.actions.order_by("order", "pk"))
    newest = ReportedValue.objects.filter(target=OuterRef("pk"), reported_on__lte=as_of).order_by(
        "-reported_on", "-pk"
    )
    targets = list(
        Target.objects.filter(action__plan=plan)
        .annotate(report_id=Subquery(newest.values("pk")[:1]))
        .order_by("action__order", "order", "pk")
    )
    report_ids = [t.report_id for t in targets if t.report_id]
    reports = (
        {
            r.pk: r
            for r in ReportedValue.objects.filter(pk__in=report_ids)
            .select_related("reported_by")
            .prefetch_related("evidence")
        }
        if report_ids
        else {}
    )
    figures = (
        measures.measure(user, plan.region, as_of=as_of)
        if any(t.indicator for t in targets)
        else {}
    )
    blocks = {action.pk: ActionBlock(action) for action in actions}
    for n, target in enumerate(targets, start=1):
        report = reports.get(target.report_id)
        if target.indicator:
            actual, shown, basis = _measured(target, figures)
            report = None
        else:
            actual, shown, basis = _reported(target, report)
        result = verdict(
            kind=target.kind,
            comparison=target.comparison,
            target=target.target_value,
            actual=actual,
        )
        overdue = result != Verdict.MET and target.deadline is not None and target.deadline < as_of
        blocks[target.action_id].rows.append(
            TargetRow(n, target, actual, result, shown, basis, report, overdue)
        )
    return Matrix(plan, as_of, list(blocks.values()))
