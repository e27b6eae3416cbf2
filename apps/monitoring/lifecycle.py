"""The one place a monitoring case changes status (page, admin, command):

    监测中 → 风险消除待确认   county staff (or the city office) propose, with the
                             reason and the per-capita income, measures done
    待确认 → 已消除           the confirming level (settings.MONITORING_REMOVAL_CONFIRMED_BY)
    待确认 → 监测中           the confirming level rejects, with a reason
    已消除 → 监测中           reopened by whoever keeps the case, with a reason

A removed case is closed but kept; the household can be watched again by
reopening it. Callers go through ``check`` before saving (services.do_take_step).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.access import can_confirm_risk_removal, can_keep_monitoring

from .models import OPEN_STATUSES as OPEN
from .models import CaseStatus as S
from .models import MeasureStatus, MonitoringCase, StepAction


@dataclass(frozen=True)
class Step:
    action: str
    source: str
    target: str
    label: str
    by_confirmer: bool
    needs_reason: bool = False
    needs_income: bool = False
    # Irreversible for the one taking it: the page asks before doing it.
    asks_first: bool = False


STEPS = [
    Step(
        StepAction.PROPOSE,
        S.MONITORING,
        S.PENDING_REMOVAL,
        gettext_lazy("Propose risk removal"),
        by_confirmer=False,
        needs_reason=True,
        needs_income=True,
    ),
    Step(
        StepAction.CONFIRM,
        S.PENDING_REMOVAL,
        S.REMOVED,
        gettext_lazy("Confirm risk removal"),
        by_confirmer=True,
        asks_first=True,
    ),
    Step(
        StepAction.REJECT,
        S.PENDING_REMOVAL,
        S.MONITORING,
        gettext_lazy("Reject: keep monitoring"),
        by_confirmer=True,
        needs_reason=True,
    ),
    Step(
        StepAction.REOPEN,
        S.REMOVED,
        S.MONITORING,
        gettext_lazy("Reopen the case"),
        by_confirmer=False,
        needs_reason=True,
        asks_first=True,
    ),
]
BY_ACTION = {step.action: step for step in STEPS}


def step_for(action: str) -> Step | None:
    return BY_ACTION.get(action)


def user_may_take(user, step: Step, case: MonitoringCase) -> bool:
    village = case.household.village
    if step.by_confirmer:
        return can_confirm_risk_removal(user, village)
    return can_keep_monitoring(user, village)


def steps_for(user, case: MonitoringCase) -> list[Step]:
    """The steps this user may take from the case's current status."""
    return [s for s in STEPS if s.source == case.status and user_may_take(user, s, case)]


def check(user, step: Step, case: MonitoringCase, *, reason: str, income: Decimal | None) -> None:
    """Refuse the step (PermissionDenied, ValidationError naming every problem)."""
    if not user_may_take(user, step, case):
        raise PermissionDenied(
            _("Only the confirming office may take this step.")
            if step.by_confirmer
            else _("You may not change the monitoring cases of %(region)s.")
            % {"region": case.household.village.full_name}
        )
    problems = []
    if case.status != step.source:
        problems.append(
            _("The case is %(status)s: “%(step)s” is not possible now.")
            % {"status": case.get_status_display(), "step": step.label}
        )
    if step.needs_reason and not reason.strip():
        problems.append(_("Say why (the reason is kept with the step)."))
    if step.needs_income and (income is None or income < 0):
        problems.append(_("Give the household's current per-capita income (元)."))
    if step.action == StepAction.PROPOSE:
        unfinished = case.measures.exclude(status=MeasureStatus.DONE)
        names = [m.get_kind_display() for m in unfinished]
        if names:
            problems.append(
                _("Measures not yet done: %(names)s. Finish them before proposing removal.")
                % {"names": "、".join(str(n) for n in names)}
            )
    if step.action == StepAction.REOPEN and _another_open_case(case):
        problems.append(_("The household has another open monitoring case."))
    if problems:
        raise ValidationError(problems)


def _another_open_case(case: MonitoringCase) -> bool:
    others = MonitoringCase.objects.filter(household_id=case.household_id, status__in=OPEN)
    return others.exclude(pk=case.pk).exists()
