"""Writes of monitoring records: each one transaction, attributed to the
actor (history rows), checked by access.py, and announced to the registry's
``households_changed`` signal so that derived state (red lights) follows."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.access import can_keep_monitoring, person, require_actor
from apps.audit.context import acting_as
from apps.audit.locking import lock_current_version, next_version
from apps.evidence.services import store_evidence
from apps.evidence.validators import check_upload
from apps.households.models import Household, Member
from apps.households.signals import send_households_changed

from . import lifecycle
from .models import (
    DIBAO_MEMBER_FIELDS,
    OPEN_STATUSES,
    AssistanceMeasure,
    CaseStatus,
    CaseStep,
    MeasureEvidence,
    MeasureKind,
    MeasureStatus,
    MonitoringCase,
    RemovalEvidence,
    RiskType,
    StepAction,
    Visit,
    VisitPhoto,
)

IMAGES = ("image/jpeg", "image/png")
IMAGES_AND_PDF = (*IMAGES, "application/pdf")
# What an edit of a case may change, in the edit form's order: not the household, not the status.
CASE_FIELDS = (
    "kind",
    "identified_on",
    "identified_how",
    "risk_types",
    "income_at_identification",
    "helper",
    "helper_unit",
    "note",
)


@contextlib.contextmanager
def writing(actor, household_id: int) -> Iterator[None]:
    """One transaction naming ``actor`` in history; the household announced."""
    require_actor(actor)
    with transaction.atomic(), acting_as(person(actor)):
        yield
        send_households_changed(sender=MonitoringCase, household_ids={household_id})


def require_keeper(actor, household: Household) -> None:
    if not can_keep_monitoring(actor, household.village):
        raise PermissionDenied(
            _("You may not change the monitoring cases of %(region)s.")
            % {"region": household.village.full_name}
        )


def check_kind(upload, allowed: tuple[str, ...]) -> None:
    """Checked by content (evidence base), then limited to ``allowed`` types."""
    kind = check_upload(upload)
    if kind.content_type not in allowed:
        wanted = _("an image (JPG, PNG)") if allowed == IMAGES else _("an image or a PDF")
        raise ValidationError(
            _("%(name)s: only %(wanted)s is accepted here.")
            % {"name": upload.name, "wanted": wanted}
        )


def _store_all(model, actor, uploads: Iterable, allowed: tuple[str, ...], **owner) -> list:
    uploads = list(uploads)
    problems = []
    for upload in uploads:
        try:
            check_kind(upload, allowed)
        except ValidationError as exc:
            problems.extend(exc.messages)
    if problems:
        raise ValidationError(problems)
    return [store_evidence(model, user=person(actor), upload=u, **owner) for u in uploads]


def _not_future(day: dt.date, label: str) -> list[str]:
    if day > timezone.localdate():
        return [_("%(label)s cannot be in the future.") % {"label": label}]
    return []


def _case_problems(case: MonitoringCase) -> list[str]:
    problems = _not_future(case.identified_on, _("The identification date"))
    unknown = [c for c in case.risk_types if c not in RiskType.values]
    if not case.risk_types:
        problems.append(_("Name at least one risk type."))
    if unknown:
        problems.append(_("Unknown risk types: %(codes)s.") % {"codes": "、".join(unknown)})
    if case.income_at_identification is not None and case.income_at_identification < 0:
        problems.append(_("The per-capita income cannot be negative."))
    return problems


def _validated(case: MonitoringCase) -> None:
    problems = _case_problems(case)
    try:
        case.full_clean(exclude=["household"] if case.household_id else None)
    except ValidationError as exc:
        problems.extend(exc.messages)
    if problems:
        raise ValidationError(problems)


def do_open_case(
    *,
    actor,
    household: Household,
    kind: str,
    identified_on: dt.date,
    identified_how: str,
    risk_types: Iterable[str],
    income_at_identification: Decimal,
    helper: str = "",
    helper_unit: str = "",
    note: str = "",
) -> MonitoringCase:
    """A case 监测中 for ``household`` (refused while it has an open one)."""
    with writing(actor, household.pk):
        require_keeper(actor, household)
        Household.objects.select_for_update().filter(pk=household.pk).first()
        if household.monitoring_cases.filter(status__in=OPEN_STATUSES).exists():
            raise ValidationError(_("This household already has an open monitoring case."))
        case = MonitoringCase(
            household=household,
            village_id=household.village_id,
            kind=kind,
            identified_on=identified_on,
            identified_how=identified_how,
            risk_types=list(risk_types),
            income_at_identification=income_at_identification,
            helper=helper,
            helper_unit=helper_unit,
            note=note,
            opened_by=person(actor),
        )
        _validated(case)
        case.save()
        CaseStep.objects.create(
            case=case, action=StepAction.OPEN, to_status=case.status, by=person(actor)
        )
        return case


def do_update_case(
    *, actor, case: MonitoringCase, expected_version: int | None, changes: Mapping[str, object]
) -> MonitoringCase:
    """An edit of the case's own facts (never its status or household): the
    row locked, refused when stale (``StaleEdit`` naming what changed since
    ``expected_version``), validated like a new case, one history row. An edit
    that changes nothing saves nothing."""
    unknown = set(changes) - set(CASE_FIELDS)
    if unknown:
        raise TypeError(f"fields that cannot be changed here: {sorted(unknown)}")
    with writing(actor, case.household_id):
        current = lock_current_version(MonitoringCase, case.pk, expected_version)
        require_keeper(actor, current.household)
        changed = {k: v for k, v in changes.items() if getattr(current, k) != v}
        if not changed:
            return current
        for name, value in changed.items():
            setattr(current, name, value)
        problems = _case_problems(current)
        if "identified_on" in changed:
            problems += _dated_before(current)
        _save_new_version(current, problems, exclude="household")
        return current


def _dated_before(case: MonitoringCase) -> list[str]:
    """A new identification date may not follow what the case already records
    (measures planned or done, visits): the same rule as adding them."""
    day = case.identified_on
    problems = []
    measures = case.measures.filter(Q(planned_on__lt=day) | Q(done_on__lt=day))
    if measures.exists():
        problems.append(
            _("The identification date is after a measure's planned or completion date.")
        )
    if case.visits.filter(visited_on__lt=day).exists():
        problems.append(_("The identification date is after a logged visit."))
    return problems


def _require_open(case: MonitoringCase) -> None:
    if case.status == CaseStatus.REMOVED:
        raise ValidationError(_("The case is closed (risk removed): reopen it first."))


def do_add_measure(
    *,
    actor,
    case: MonitoringCase,
    kind: str,
    content: str,
    department: str,
    planned_on: dt.date,
    status: str = MeasureStatus.PLANNED,
    members: Iterable[Member] = (),
    member_fields: Iterable[str] = (),
    evidence: Iterable = (),
) -> AssistanceMeasure:
    """A measure for an open case, with its evidence (images, PDFs) if any."""
    with writing(actor, case.household_id):
        require_keeper(actor, case.household)
        _require_open(case)
        members, member_fields = list(members), list(member_fields)
        problems = []
        if status == MeasureStatus.DONE:
            problems.append(_("Record the measure first, then mark it done with its date."))
        if member_fields and kind != MeasureKind.DIBAO:
            problems.append(_("Only a dibao measure names the member fields it changes."))
        if set(member_fields) - set(DIBAO_MEMBER_FIELDS):
            problems.append(_("These member fields cannot be named here."))
        strangers = [m.name for m in members if m.household_id != case.household_id]
        if strangers:
            problems.append(
                _("Not members of this household: %(names)s.") % {"names": "、".join(strangers)}
            )
        if planned_on < case.identified_on:
            problems.append(_("The planned date is before the case was identified."))
        measure = AssistanceMeasure(
            case=case,
            kind=kind,
            content=content,
            department=department,
            planned_on=planned_on,
            status=status,
            member_fields=member_fields,
        )
        try:
            measure.full_clean()
        except ValidationError as exc:
            problems.extend(exc.messages)
        if problems:
            raise ValidationError(problems)
        measure.save()
        measure.members.set(members)
        _store_all(MeasureEvidence, actor, evidence, IMAGES_AND_PDF, measure=measure)
        return measure


MEASURE_FIELDS = frozenset({"kind", "content", "department", "planned_on", "member_fields"})


def do_update_measure(
    *,
    actor,
    measure: AssistanceMeasure,
    expected_version: int | None,
    changes: Mapping[str, object],
) -> AssistanceMeasure:
    """An edit of a measure's facts (not its status, members or evidence) on
    an open case: locked, refused when stale, checked like a new measure."""
    unknown = set(changes) - MEASURE_FIELDS
    if unknown:
        raise TypeError(f"fields that cannot be changed here: {sorted(unknown)}")
    with writing(actor, measure.case.household_id):
        current = lock_current_version(AssistanceMeasure, measure.pk, expected_version)
        case = current.case
        require_keeper(actor, case.household)
        _require_open(case)
        changed = {k: v for k, v in changes.items() if getattr(current, k) != v}
        if not changed:
            return current
        for name, value in changed.items():
            setattr(current, name, value)
        problems = []
        if current.member_fields and current.kind != MeasureKind.DIBAO:
            problems.append(_("Only a dibao measure names the member fields it changes."))
        if set(current.member_fields) - set(DIBAO_MEMBER_FIELDS):
            problems.append(_("These member fields cannot be named here."))
        if current.planned_on < case.identified_on:
            problems.append(_("The planned date is before the case was identified."))
        _save_new_version(current, problems, exclude="case")
        return current


def do_complete_measure(
    *,
    actor,
    measure: AssistanceMeasure,
    done_on: dt.date,
    expected_version: int | None = None,
) -> AssistanceMeasure:
    """The measure done on ``done_on`` (not in the future, not before the case)."""
    with writing(actor, measure.case.household_id):
        current = lock_current_version(AssistanceMeasure, measure.pk, expected_version)
        require_keeper(actor, current.case.household)
        problems = _not_future(done_on, _("The completion date"))
        if current.status == MeasureStatus.DONE:
            problems.append(_("The measure is already done."))
        if done_on < current.case.identified_on:
            problems.append(_("The completion date is before the case was identified."))
        if problems:
            raise ValidationError(problems)
        current.status, current.done_on = MeasureStatus.DONE, done_on
        next_version(current)
        current.save()
        return current


def do_start_measure(*, actor, measure: AssistanceMeasure) -> AssistanceMeasure:
    """A planned measure under way."""
    with writing(actor, measure.case.household_id):
        current = lock_current_version(AssistanceMeasure, measure.pk, None)
        require_keeper(actor, current.case.household)
        if current.status != MeasureStatus.PLANNED:
            raise ValidationError(_("Only a planned measure can be started."))
        current.status = MeasureStatus.IN_PROGRESS
        next_version(current)
        current.save()
        return current


def do_add_measure_evidence(*, actor, measure: AssistanceMeasure, uploads: Iterable) -> list:
    with writing(actor, measure.case.household_id):
        require_keeper(actor, measure.case.household)
        return _store_all(MeasureEvidence, actor, uploads, IMAGES_AND_PDF, measure=measure)


def do_log_visit(
    *,
    actor,
    case: MonitoringCase,
    visited_on: dt.date,
    visitor: str,
    findings: str,
    photos: Iterable = (),
) -> Visit:
    """A visit to the household (帮扶日志), with its photos (images only)."""
    with writing(actor, case.household_id):
        require_keeper(actor, case.household)
        problems = _not_future(visited_on, _("The visit date"))
        if visited_on < case.identified_on:
            problems.append(_("The visit date is before the case was identified."))
        visit = Visit(
            case=case,
            visited_on=visited_on,
            visitor=visitor,
            findings=findings,
            recorded_by=person(actor),
        )
        try:
            visit.full_clean()
        except ValidationError as exc:
            problems.extend(exc.messages)
        if problems:
            raise ValidationError(problems)
        visit.save()
        _store_all(VisitPhoto, actor, photos, IMAGES, visit=visit)
        return visit


def do_take_step(
    *,
    actor,
    case: MonitoringCase,
    action: str,
    reason: str = "",
    income: Decimal | None = None,
    evidence: Iterable = (),
    expected_version: int | None = None,
) -> MonitoringCase:
    """A lifecycle step (lifecycle.STEPS) with its record: who, when, why."""
    step = lifecycle.step_for(action)
    if step is None:
        raise ValidationError(_("Unknown step."))
    with writing(actor, case.household_id):
        current = lock_current_version(MonitoringCase, case.pk, expected_version)
        lifecycle.check(actor, step, current, reason=reason, income=income)
        record = CaseStep.objects.create(
            case=current,
            action=step.action,
            from_status=current.status,
            to_status=step.target,
            reason=reason.strip(),
            income=income if step.needs_income else None,
            by=person(actor),
        )
        _store_all(RemovalEvidence, actor, evidence, IMAGES_AND_PDF, step=record)
        current.status = step.target
        next_version(current)
        current.save()
        return current


def _save_new_version(record, problems: list, *, exclude: str) -> None:
    """Save ``record`` as its next version, or refuse with ``problems`` and the
    model's own validation errors all at once."""
    try:
        record.full_clean(exclude=[exclude])
    except ValidationError as exc:
        problems.extend(exc.messages)
    if problems:
        raise ValidationError(problems)
    next_version(record)
    record.save()
