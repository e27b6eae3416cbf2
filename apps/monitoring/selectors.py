"""Reads of monitoring records, always scoped to the user's regions; the
counts per county are one grouped query with the rank taken in the database."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import Rank

from apps.accounts.access import get_object_in_scope, scope_queryset
from apps.households.models import Household
from apps.households.selectors import head_name
from apps.regions.models import Region

from .models import (
    OPEN_STATUSES,
    AssistanceMeasure,
    CaseKind,
    CaseStatus,
    CaseStep,
    MonitoringCase,
    Visit,
)


def cases_for(user) -> QuerySet[MonitoringCase]:
    """The cases in the user's scope with what a list row shows."""
    return scope_queryset(
        MonitoringCase.objects.select_related(
            "household__village__county", "household__village__town"
        ),
        user,
    ).annotate(
        head_name=head_name("household_id"),
        measure_count=Count("measures", distinct=True),
        open_measures=Count("measures", filter=~Q(measures__status="done"), distinct=True),
    )


def within(region: Region | None) -> Q:
    """Cases of households in ``region``'s subtree (None: no restriction)."""
    return Q() if region is None else Region.subtree_q(region, "household__village__")


@dataclass
class CountyCounts:
    county: str
    county_id: int
    rank: int
    total: int
    open: int
    by_kind: list[int]
    by_status: list[int]


def counts_by_county(cases: QuerySet[MonitoringCase]) -> list[CountyCounts]:
    """Cases per county by kind and by status, ranked by open cases (ties share
    a rank): one grouped query over the given (scoped, filtered) cases."""
    kinds = {f"kind_{k}": Count("pk", filter=Q(kind=k)) for k in CaseKind.values}
    statuses = {f"status_{s}": Count("pk", filter=Q(status=s)) for s in CaseStatus.values}
    rows = (
        cases.model.objects.filter(pk__in=cases.values("pk"))
        .values("household__village__county_id", "household__village__county__name")
        .annotate(total=Count("pk"), open=Count("pk", filter=Q(status__in=OPEN_STATUSES)), **kinds)
        .annotate(**statuses)
        .annotate(rank=Window(Rank(), order_by=F("open").desc()))
        .order_by("-open", "household__village__county__name")
    )
    return [
        CountyCounts(
            county=row["household__village__county__name"],
            county_id=row["household__village__county_id"],
            rank=row["rank"],
            total=row["total"],
            open=row["open"],
            by_kind=[row[key] for key in kinds],
            by_status=[row[key] for key in statuses],
        )
        for row in rows
    ]


def _case_prefetches() -> list[Prefetch]:
    return [
        Prefetch(
            "measures",
            queryset=AssistanceMeasure.objects.prefetch_related("evidence", "members").order_by(
                "planned_on", "pk"
            ),
        ),
        Prefetch("visits", queryset=Visit.objects.prefetch_related("photos")),
        Prefetch(
            "steps", queryset=CaseStep.objects.select_related("by").prefetch_related("evidence")
        ),
    ]


def case_detail(user, pk: int) -> MonitoringCase:
    """One case in scope (404 otherwise) with its measures, visits and steps."""
    queryset = MonitoringCase.objects.select_related(
        "household__village__county", "household__village__town", "opened_by"
    ).prefetch_related(*_case_prefetches())
    return get_object_in_scope(queryset, user, pk=pk)


def household_in_scope(user, pk: int) -> Household:
    queryset = Household.objects.select_related("village__county", "village__town")
    return get_object_in_scope(queryset.prefetch_related("members"), user, pk=pk)


def household_cases(household: Household) -> list[MonitoringCase]:
    """Every case of the household (open and closed), newest first, in full."""
    return list(
        household.monitoring_cases.select_related("opened_by").prefetch_related(*_case_prefetches())
    )


def open_case_of(household: Household) -> MonitoringCase | None:
    return household.monitoring_cases.filter(status__in=OPEN_STATUSES).first()
