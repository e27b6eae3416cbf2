"""Reads of the returns: the scoped list, one return with its figures, and
reporting completeness (DHIS2's reporting rate and on-time rate) per county,
counted and ranked in the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, Q, QuerySet, Window
from django.db.models.functions import Cast, Rank
from django.utils.translation import gettext as _

from apps.accounts.access import get_object_in_scope, scope_queryset
from apps.core.dates import official_date
from apps.core.numbers import format_rate

from .models import ReturnInstance, ReturnType, Snapshot, State
from .periods import period_label
from .snapshots import combined, difference, figures_of


def returns_for(user, *, return_type=None, period_start=None, state=None) -> QuerySet:
    rows = scope_queryset(
        ReturnInstance.objects.select_related("return_type", "region"), user
    ).order_by("-period_start", "return_type__name", "region__code", "region__name")
    if return_type is not None:
        rows = rows.filter(return_type=return_type)
    if period_start is not None:
        rows = rows.filter(period_start=period_start)
    if state:
        rows = rows.filter(state=state)
    return rows


def return_in_scope(user, pk: int) -> ReturnInstance:
    return get_object_in_scope(
        ReturnInstance.objects.select_related("return_type", "region", "approved_by"), user, pk=pk
    )


def periods_of(return_type: ReturnType) -> list[dt.date]:
    return list(
        ReturnInstance.objects.filter(return_type=return_type)
        .order_by("-period_start")
        .values_list("period_start", flat=True)
        .distinct()
    )


@dataclass
class Comparison:
    figures: dict  # kind → totals now
    snapshot: Snapshot | None
    digest: str
    diff: object | None  # snapshots.Difference against the last approval


def compare_with_approval(instance: ReturnInstance) -> Comparison:
    """The covered figures now, and what differs from the last approved snapshot."""
    totals, records, digest = combined(figures_of(instance))
    snapshot = instance.snapshots.order_by("-taken_at", "-pk").first()
    diff = difference(snapshot, totals, records) if snapshot is not None else None
    return Comparison(figures=totals, snapshot=snapshot, digest=digest, diff=diff)


# --- completeness ------------------------------------------------------------


def _basis_points(part, whole):
    return Cast(part * 10000 / whole, IntegerField())


def completeness(*, user, return_type: ReturnType, period_start: dt.date) -> list[dict]:
    """Per county: expected, submitted (ever), on time (first submission by the
    due day), approved, returned — ranked by reporting rate, then on-time rate."""
    counts = (
        scope_queryset(ReturnInstance.objects.all(), user)
        .filter(return_type=return_type, period_start=period_start)
        .values("region__county_id", "region__county__name", "region__county__code")
        .annotate(
            expected=Count("pk"),
            submitted=Count("pk", filter=Q(first_submitted_on__isnull=False)),
            on_time=Count("pk", filter=Q(first_submitted_on__lte=F("due_on"))),
            approved=Count("pk", filter=Q(state=State.APPROVED)),
            returned=Count("pk", filter=Q(state=State.RETURNED)),
            pending=Count("pk", filter=Q(state=State.SUBMITTED)),
            not_filed=Count("pk", filter=Q(state=State.NOT_FILED)),
            late_filed=Count("pk", filter=Q(first_submitted_on__gt=F("due_on"))),
        )
    )
    ranked = counts.annotate(
        submitted_bp=_basis_points(F("submitted"), F("expected")),
        on_time_bp=_basis_points(F("on_time"), F("expected")),
        rank=Window(
            Rank(),
            order_by=[
                _basis_points(F("submitted"), F("expected")).desc(),
                _basis_points(F("on_time"), F("expected")).desc(),
                _basis_points(F("approved"), F("expected")).desc(),
            ],
        ),
    ).order_by("rank", "region__county__code", "region__county__name")
    return [
        {
            **row,
            "county": row["region__county__name"],
            "submitted_rate": format_rate(row["submitted"], row["expected"]),
            "on_time_rate": format_rate(row["on_time"], row["expected"]),
        }
        for row in ranked
    ]


def summary(rows: list[dict], due_on: dt.date | None, as_of: dt.date) -> dict:
    expected = sum(r["expected"] for r in rows)
    submitted = sum(r["submitted"] for r in rows)
    on_time = sum(r["on_time"] for r in rows)
    approved = sum(r["approved"] for r in rows)
    overdue = due_on is not None and as_of > due_on
    # Past the due day, a county that has not submitted is late too.
    missing = [r["county"] for r in rows if r["submitted"] < r["expected"]] if overdue else []
    late = [r["county"] for r in rows if r["late_filed"]]
    return {
        "expected": expected,
        "submitted": submitted,
        "on_time": on_time,
        "approved": approved,
        "submitted_rate": format_rate(submitted, expected),
        "on_time_rate": format_rate(on_time, expected),
        "approved_rate": format_rate(approved, expected),
        "missing": missing,
        "late": late,
        "overdue": overdue,
    }


def sentence(return_type: ReturnType, period_start: dt.date, totals: dict, due_on) -> str:
    """What a bulletin can say about the period's reporting, from the records."""
    text = _(
        "%(period)s%(name)s: %(expected)d expected, %(submitted)d submitted "
        "(reporting rate %(rate)s), %(on_time)d on time by %(due)s (on-time rate "
        "%(on_time_rate)s), %(approved)d approved."
    ) % {
        "period": period_label(return_type.periodicity, period_start),
        "name": return_type.name,
        "expected": totals["expected"],
        "submitted": totals["submitted"],
        "rate": totals["submitted_rate"],
        "on_time": totals["on_time"],
        "due": official_date(due_on),
        "on_time_rate": totals["on_time_rate"],
        "approved": totals["approved"],
    }
    if totals["missing"]:
        text += _("Not yet submitted: %(names)s.") % {"names": "、".join(totals["missing"])}
    if totals["late"]:
        text += _("Submitted late: %(names)s.") % {"names": "、".join(totals["late"])}
    return text


def due_of(return_type: ReturnType, period_start: dt.date) -> dt.date | None:
    return (
        ReturnInstance.objects.filter(return_type=return_type, period_start=period_start)
        .values_list("due_on", flat=True)
        .first()
    )


def reporting_paragraph() -> str | None:
    """The bulletin's paragraph on reporting (报表报送): for each active return
    type, its latest period's rates and the late counties, as of today."""
    from django.utils import timezone

    from apps.accounts.access import SYSTEM

    today = timezone.localdate()
    sentences = []
    for return_type in ReturnType.objects.filter(is_active=True).order_by("name"):
        periods = periods_of(return_type)
        if not periods:
            continue
        rows = completeness(user=SYSTEM, return_type=return_type, period_start=periods[0])
        due = due_of(return_type, periods[0])
        sentences.append(sentence(return_type, periods[0], summary(rows, due, today), due))
    if not sentences:
        return None
    return "报表报送情况。" + "".join(sentences)
