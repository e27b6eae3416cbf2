"""Reads: timetables a user may see, phase states and progress per phase and
per village, all counted in the database for a given day (``as_of``).

A deliverable counts as done on ``as_of`` when it was ticked with a completion
date on or before that day, so a past day shows the progress as it was then.
Every count is limited to the villages in the user's scope.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.utils import timezone

from apps.accounts.access import region_scope

from .models import Deliverable, Phase, PhaseState, Timetable


def today() -> dt.date:
    return timezone.localdate()


def _villages_in_scope(user, prefix: str = "") -> Q:
    """Q for deliverables (reached through ``prefix``) whose village the user may see."""
    return region_scope(user).q(f"{prefix}village__")


def timetables_for(user) -> QuerySet[Timetable]:
    """Timetables whose region the user may see, or with a village in their scope
    (a town's staff see the county's timetable, for their villages only)."""
    scope = region_scope(user)
    in_scope_village = Deliverable.objects.filter(phase__timetable=OuterRef("pk")).filter(
        _villages_in_scope(user)
    )
    return (
        Timetable.objects.filter(scope.q("region__") | Exists(in_scope_village))
        .select_related("region", "region__county", "region__town")
        .order_by("-issued_on", "-pk")
    )


def done_q(as_of: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}completed_on__isnull": False, f"{prefix}completed_on__lte": as_of})


def phase_state(as_of: dt.date) -> Case:
    """The state from the annotated ``total`` and ``done`` counts."""
    return Case(
        When(Q(total__gt=0) & Q(done=F("total")), then=Value(PhaseState.COMPLETED.value)),
        When(Q(deadline__lt=as_of) & Q(total__gt=F("done")), then=Value(PhaseState.OVERDUE.value)),
        When(done__gt=0, then=Value(PhaseState.PARTLY_DONE.value)),
        default=Value(PhaseState.NOT_STARTED.value),
        output_field=CharField(),
    )


def phases_with_progress(timetable: Timetable, *, user, as_of: dt.date) -> QuerySet[Phase]:
    """The phases in order, each with ``total``, ``done``, ``open`` (items), ``villages``,
    ``villages_done``, ``finished_on`` (the last tick) and ``state``: one query."""
    scoped = _villages_in_scope(user, "deliverables__")
    done = done_q(as_of, "deliverables__")
    return (
        Phase.objects.filter(timetable=timetable)
        .annotate(
            total=Count("deliverables", filter=scoped),
            done=Count("deliverables", filter=scoped & done),
            villages=Count("deliverables__village", filter=scoped, distinct=True),
            finished_on=Max("deliverables__completed_on", filter=scoped & done),
        )
        .annotate(open=F("total") - F("done"), state=phase_state(as_of))
        .order_by("order")
    )


def village_label(prefix: str = "village__") -> Concat:
    """乐民镇余村村: town and village (a timetable covers one county)."""
    return Concat(F(f"{prefix}town__name"), F(f"{prefix}name"), output_field=CharField())


@dataclass(frozen=True)
class PhaseColumn:
    pk: int
    label: str
    deadline: dt.date
    total_key: str
    done_key: str


def phase_columns(phases) -> list[PhaseColumn]:
    return [PhaseColumn(p.pk, p.label, p.deadline, f"total_{p.pk}", f"done_{p.pk}") for p in phases]


def village_progress(
    timetable: Timetable, *, user, as_of: dt.date, columns: list[PhaseColumn]
) -> QuerySet:
    """One row per village: ``label``, ``units`` (the assisting unit), ``total``,
    ``done``, ``overdue`` (items past their phase's deadline and not done) and,
    per phase, ``total_<pk>`` / ``done_<pk>``: one grouped query."""
    done = done_q(as_of)
    per_phase = {}
    for column in columns:
        in_phase = Q(phase_id=column.pk)
        per_phase[column.total_key] = Count("pk", filter=in_phase)
        per_phase[column.done_key] = Count("pk", filter=in_phase & done)
    return (
        Deliverable.objects.filter(phase__timetable=timetable)
        .filter(_villages_in_scope(user))
        .values("village_id")
        .annotate(
            label=village_label(),
            unit=Max("assisting_unit__name"),
            total=Count("pk"),
            done=Count("pk", filter=done),
            overdue=Count("pk", filter=~done & Q(phase__deadline__lt=as_of)),
            **per_phase,
        )
        .order_by("village__town__code", "village__town__name", "village__code", "label")
    )


def cell_state(total: int, done: int, deadline: dt.date, as_of: dt.date) -> str:
    """A village's state in one phase, from counts the database already made
    ("" when the village has nothing to deliver in it)."""
    if not total:
        return ""
    if total and done == total:
        return PhaseState.COMPLETED
    if total and deadline < as_of:
        return PhaseState.OVERDUE
    if done:
        return PhaseState.PARTLY_DONE
    return PhaseState.NOT_STARTED


def checklist(timetable: Timetable, *, user) -> QuerySet[Deliverable]:
    """Every deliverable the user may see, with what the checklist table shows."""
    return (
        Deliverable.objects.filter(phase__timetable=timetable)
        .filter(_villages_in_scope(user))
        .select_related("phase", "village", "village__town", "assisting_unit", "completed_by")
        .annotate(evidence_count=Count("evidence"))
        .order_by(
            "phase__order",
            "village__town__code",
            "village__town__name",
            "village__code",
            "village__name",
            "title",
        )
    )


def deliverables_for(user) -> QuerySet[Deliverable]:
    return Deliverable.objects.filter(_villages_in_scope(user)).select_related(
        "phase", "phase__timetable", "village", "village__town", "village__county"
    )


@dataclass(frozen=True)
class Cell:
    state: str
    done: int
    total: int


@dataclass(frozen=True)
class VillageRow:
    village_id: int
    label: str
    unit: str
    total: int
    done: int
    overdue: int
    cells: list[Cell]


@dataclass(frozen=True)
class Progress:
    """A timetable's progress on ``as_of`` as the user may see it: the phases
    (annotated, see ``phases_with_progress``) and one row per village."""

    timetable: Timetable
    as_of: dt.date
    phases: list[Phase]
    villages: list[VillageRow]

    @property
    def total(self) -> int:
        return sum(p.total for p in self.phases)

    @property
    def done(self) -> int:
        return sum(p.done for p in self.phases)

    def phases_in(self, state: str) -> list[Phase]:
        return [p for p in self.phases if p.state == state]

    def villages_of(self, phase_index: int, *states: str) -> list[VillageRow]:
        return [v for v in self.villages if v.cells[phase_index].state in states]


def progress(timetable: Timetable, *, user, as_of: dt.date | None = None) -> Progress:
    """Two queries: the phases with their counts, the villages with theirs."""
    as_of = as_of or today()
    phases = list(phases_with_progress(timetable, user=user, as_of=as_of))
    columns = phase_columns(phases)
    rows = [
        VillageRow(
            village_id=row["village_id"],
            label=row["label"],
            unit=row["unit"] or "",
            total=row["total"],
            done=row["done"],
            overdue=row["overdue"],
            cells=[
                Cell(
                    cell_state(row[c.total_key], row[c.done_key], c.deadline, as_of),
                    row[c.done_key],
                    row[c.total_key],
                )
                for c in columns
            ],
        )
        for row in village_progress(timetable, user=user, as_of=as_of, columns=columns)
    ]
    return Progress(timetable, as_of, phases, rows)
