"""Reads of monitoring records, always scoped to the user's regions; the
counts per county are one grouped query with the rank taken in the database."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce, Rank

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
    MeasureStatus,
    MonitoringCase,
    Visit,
)


def cases_for(user) -> QuerySet[MonitoringCase]:
    """The cases in the user's scope, bare: filter it, count it, group it
    (``counts_by_county``); ``list_rows`` adds what a list row shows."""
    # Scoped by the case's copy of its village: a county's cases through their
    # own index, not through the registry's households.
    return scope_queryset(MonitoringCase.objects.all(), user, region_field="village")


def _measures_of_case(condition: Q | None = None) -> Coalesce:
    """How many measures (meeting ``condition``) the outer case has: a
    correlated count over the measures' case index, so that a page of 50 rows
    costs 50 small lookups instead of grouping every case with its measures."""
    measures = AssistanceMeasure.objects.filter(condition or Q(), case=OuterRef("pk"))
    count = measures.order_by().values("case").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)


LIST_ORDER = ("village__code", "household__number", "pk")


class ListRows:
    """The list's rows for ``Paginator``: ``count()`` of the bare filtered cases
    (no joins to measures), and a page as ONE query that sorts only the case
    keys (LIMIT/OFFSET in a subquery) and annotates just the page's rows — so
    page 80 costs about what page 1 does."""

    def __init__(self, cases: QuerySet[MonitoringCase]):
        self.cases = cases

    def count(self) -> int:
        return self.cases.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[MonitoringCase]:
        keys = self.cases.order_by(*LIST_ORDER).values("pk")[key]
        return list(list_rows(MonitoringCase.objects.filter(pk__in=keys)))


def list_rows(cases: QuerySet[MonitoringCase]) -> QuerySet[MonitoringCase]:
    """The list's rows, in the list's order, with the household, its head's
    name and the measure counts. No GROUP BY: the database sorts the bare rows,
    takes the page (LIMIT/OFFSET) and only then evaluates the row subqueries."""
    return (
        cases.select_related("household", "village__county", "village__town")
        .annotate(
            head_name=head_name("household_id"),
            measure_count=_measures_of_case(),
            open_measures=_measures_of_case(~Q(status=MeasureStatus.DONE)),
        )
        .order_by(*LIST_ORDER)
    )


def within(region: Region | None) -> Q:
    """Cases of households in ``region``'s subtree (None: no restriction)."""
    return Q() if region is None else Region.subtree_q(region, "village__")


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
        # Grouped directly (the bare, filtered cases of ``cases_for``): no
        # IN-subquery over an aggregated list query.
        cases.order_by()
        .values("village__county_id", "village__county__name")
        .annotate(total=Count("pk"), open=Count("pk", filter=Q(status__in=OPEN_STATUSES)), **kinds)
        .annotate(**statuses)
        .annotate(rank=Window(Rank(), order_by=F("open").desc()))
        .order_by("-open", "village__county__name")
    )
    return [
        CountyCounts(
            county=row["village__county__name"],
            county_id=row["village__county_id"],
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
