"""Writes: plans, their actions and targets, reported values with evidence.

Every write checks ``can_edit_plans`` for the plan's region and runs in one
transaction; the change history rows are written on save (apps/audit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.access import can_edit_plans, can_see_region
from apps.bulletins.models import Bulletin
from apps.bulletins.selectors import latest_bulletin_of_organ
from apps.bulletins.services import draft_bulletin
from apps.evidence.services import store_evidence
from apps.regions.models import Region

from . import drafting, selectors
from .models import Plan, PlanAction, ReportedValue, Target, TargetEvidence, TargetKind


def _require_editor(user, region: Region) -> None:
    if not can_edit_plans(user, region):
        raise PermissionDenied(
            _("You may not change the plans of %(region)s.") % {"region": region.full_name}
        )


@transaction.atomic
def create_plan(
    *,
    user,
    title: str,
    issuer: str,
    year: int,
    region: Region,
    document_number: str = "",
    issued_on: dt.date | None = None,
    annex_title: str = "",
) -> Plan:
    _require_editor(user, region)
    plan = Plan(
        title=title,
        issuer=issuer,
        year=year,
        region=region,
        document_number=document_number,
        issued_on=issued_on,
        annex_title=annex_title,
    )
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def add_action(*, user, plan: Plan, order: int, title: str, numbering: str = "") -> PlanAction:
    _require_editor(user, plan.region)
    action = PlanAction(plan=plan, order=order, numbering=numbering, title=title)
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def add_target(
    *,
    user,
    action: PlanAction,
    description: str,
    lead_departments: str,
    kind: str,
    target_value: Decimal | int,
    comparison: str = "gte",
    cooperating_departments: str = "",
    unit: str = "",
    deadline: dt.date | None = None,
    indicator: str = "",
    order: int = 0,
) -> Target:
    _require_editor(user, action.plan.region)
    target = Target(
        action=action,
        order=order,
        description=description,
        lead_departments=lead_departments,
        cooperating_departments=cooperating_departments,
        kind=kind,
        comparison=comparison,
        target_value=Decimal(target_value),
        unit=unit,
        deadline=deadline,
        indicator=indicator,
    )
    target.full_clean()
    target.save()
    return target


def _check_reported_value(target: Target, value: Decimal) -> None:
    if target.indicator:
        raise ValidationError(
            _("This target is measured from the household records; it takes no reported value.")
        )
    if target.kind == TargetKind.PERCENT and not 0 <= value <= 100:
        raise ValidationError(_("A percentage lies between 0 and 100."))
    if target.kind == TargetKind.YES_NO and value not in (0, 1):
        raise ValidationError(_("Report 1 for yes or 0 for no."))
    if target.kind == TargetKind.COUNT and value < 0:
        raise ValidationError(_("A count cannot be negative."))


@transaction.atomic
def report_value(
    *,
    user,
    target: Target,
    value: Decimal | int,
    reported_on: dt.date,
    note: str = "",
    evidence_files: Iterable = (),
) -> ReportedValue:
    """A reported value (with evidence files) for a target the records cannot measure."""
    region = target.action.plan.region
    _require_editor(user, region)
    value = Decimal(value)
    _check_reported_value(target, value)
    report = ReportedValue(
        target=target, value=value, reported_on=reported_on, note=note, reported_by=user
    )
    report.full_clean()
    report.save()
    for upload in evidence_files:
        add_evidence(user=user, report=report, upload=upload)
    return report


@transaction.atomic
def add_evidence(*, user, report: ReportedValue, upload) -> TargetEvidence:
    """An evidence file, checked by content and size (apps/evidence/validators.py)."""
    _require_editor(user, report.target.action.plan.region)
    return store_evidence(TargetEvidence, user=user, upload=upload, report=report)


@transaction.atomic
def draft_matrix_bulletin(
    *, user, plan: Plan, as_of: dt.date, organ_abbreviation: str, issuing_mark: str = ""
) -> Bulletin:
    """A draft bulletin (city office only) about the plan's targets, with the
    matrix as measured on ``as_of`` frozen as its annex."""
    if not can_see_region(user, plan.region):
        raise PermissionDenied
    if not issuing_mark and latest_bulletin_of_organ(organ_abbreviation) is None:
        raise ValidationError(
            _(
                "%(organ)s has no earlier bulletin to copy the issuing-authority mark from: "
                "give the mark."
            )
            % {"organ": organ_abbreviation}
        )
    matrix = selectors.matrix(user, plan, as_of=as_of)
    return draft_bulletin(
        user=user,
        title=drafting.title(matrix),
        body=drafting.body(matrix),
        organ_abbreviation=organ_abbreviation,
        issuing_mark=issuing_mark,
        region=plan.region,
        annexes=[(plan.table_title, drafting.annex(matrix))],
    )
