"""What a return covers, as figures: per kind of record the totals for a
region and period, and a fingerprint of every covered record (its stored
values hashed), so that approval can keep both and a later state can be
compared with them.

The returns app sits at the top of the import graph, so it reads the record
apps' models directly; the record apps know nothing of returns (they only
consult apps.locks)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from apps.funds.models import MonthlyProgress
from apps.households.models import Household, Member
from apps.ledgers.models import LedgerEntry
from apps.monitoring.models import AssistanceMeasure, MonitoringCase, Visit
from apps.plans.models import ReportedValue


@dataclass
class Figures:
    totals: dict[str, str]
    records: dict[str, str]  # "model:pk" → hash of its stored values


def _within(prefix: str, region) -> dict:
    """The lookup for records whose region (at ``prefix``) lies in ``region``."""
    level = "county" if region.level == "county" else "town"
    return {f"{prefix}__{level}": region} if prefix else {level: region}


def _fingerprints(label: str, queryset: QuerySet) -> dict[str, str]:
    fields = [f.attname for f in queryset.model._meta.concrete_fields]
    found = {}
    for row in queryset.order_by("pk").values_list(*fields).iterator(chunk_size=2000):
        text = json.dumps(row, default=str, ensure_ascii=False)
        found[f"{label}:{row[0]}"] = hashlib.sha1(text.encode()).hexdigest()[:16]
    return found


def _text(value) -> str:
    """An amount with its two decimals, whatever the database's SUM returns."""
    return f"{Decimal(value or 0):.2f}"


def fund_progress(region, start, end) -> Figures:
    rows = MonthlyProgress.objects.filter(
        **_within("region", region), month__gte=start, month__lte=end
    )
    sums = rows.aggregate(
        n=Count("pk"), planned=Sum("planned_cumulative_wan"), actual=Sum("actual_cumulative_wan")
    )
    return Figures(
        totals={
            "rows": str(sums["n"]),
            "planned_cumulative_wan": _text(sums["planned"]),
            "actual_cumulative_wan": _text(sums["actual"]),
        },
        records=_fingerprints("progress", rows),
    )


def registry(region, start, end) -> Figures:
    households = Household.objects.filter(**_within("village", region))
    members = Member.objects.filter(**_within("household__village", region))
    return Figures(
        totals={"households": str(households.count()), "members": str(members.count())},
        records=_fingerprints("household", households) | _fingerprints("member", members),
    )


def monitoring_ledger(region, start, end) -> Figures:
    cases = MonitoringCase.objects.filter(
        **_within("household__village", region), identified_on__range=(start, end)
    )
    measures = AssistanceMeasure.objects.filter(
        **_within("case__household__village", region), planned_on__range=(start, end)
    )
    visits = Visit.objects.filter(
        **_within("case__household__village", region), visited_on__range=(start, end)
    )
    return Figures(
        totals={
            "cases": str(cases.count()),
            "measures": str(measures.count()),
            "visits": str(visits.count()),
        },
        records=_fingerprints("case", cases)
        | _fingerprints("measure", measures)
        | _fingerprints("visit", visits),
    )


def plan_values(region, start, end) -> Figures:
    values = ReportedValue.objects.filter(
        **_within("target__action__plan__region", region), reported_on__range=(start, end)
    )
    return Figures(
        totals={"values": str(values.count())}, records=_fingerprints("reported", values)
    )


def ledger_entries(region, start, end) -> Figures:
    entries = LedgerEntry.objects.filter(
        **_within("region", region), item__template__year__range=(start.year, end.year)
    )
    complete = entries.filter(status="complete").count()
    return Figures(
        totals={"entries": str(entries.count()), "complete": str(complete)},
        records=_fingerprints("entry", entries),
    )


KIND_FIGURES: dict[str, Callable] = {
    "funds.progress": fund_progress,
    "households.registry": registry,
    "monitoring.ledger": monitoring_ledger,
    "plans.reported": plan_values,
    "ledgers.entries": ledger_entries,
}


def figures_of(instance) -> dict[str, Figures]:
    region, start, end = instance.region, instance.period_start, instance.period_end
    return {
        kind: KIND_FIGURES[kind](region, start, end)
        for kind in instance.return_type.covers
        if kind in KIND_FIGURES
    }


def combined(figures: dict[str, Figures]) -> tuple[dict, dict, str]:
    totals = {kind: f.totals for kind, f in figures.items()}
    records = {}
    for f in figures.values():
        records.update(f.records)
    body = json.dumps([totals, sorted(records.items())], sort_keys=True)
    return totals, records, hashlib.sha256(body.encode()).hexdigest()


@dataclass
class Difference:
    totals: list[tuple[str, str, str, str]]  # (kind, figure, approved, now)
    added: list[str]
    removed: list[str]
    changed: list[str]

    @property
    def any(self) -> bool:
        return bool(self.totals or self.added or self.removed or self.changed)


def difference(snapshot, totals: dict, records: dict) -> Difference:
    """What differs now from the approved snapshot."""
    changed_totals = []
    for kind, figures in totals.items():
        before = snapshot.totals.get(kind, {})
        for name, value in figures.items():
            if before.get(name) != value:
                changed_totals.append((kind, name, before.get(name, ""), value))
    old = snapshot.records
    return Difference(
        totals=changed_totals,
        added=sorted(set(records) - set(old)),
        removed=sorted(set(old) - set(records)),
        changed=sorted(k for k in set(records) & set(old) if records[k] != old[k]),
    )
