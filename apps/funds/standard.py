"""The funding standard check of seed 003 (a read, beside ``selectors.py``):
"对有劳动能力的扶贫开发帮扶对象，按人均2万元作为专项安排扶贫投入的标准数，
按6:3:0.5:0.5比例投入本级财政资金" — people with labour capacity in the
household registry × 2万元, split over the source levels by their share
(``FundSource.share``), against what each level allocated."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from apps.accounts.access import scope_queryset
from apps.households.models import LabourCapacity, Member
from apps.regions.models import Region

from .models import ZERO, FundAllocation, FundSource
from .models.base import cents
from .selectors import _money

# 万元 per person with labour capacity (seed 003, 三、(九) 1.).
STANDARD_PER_PERSON_WAN = Decimal("2")
WITH_LABOUR = (LabourCapacity.ORDINARY, LabourCapacity.SKILLED)


@dataclass
class LevelGap:
    source: str
    share: Decimal
    standard: Decimal
    allocated: Decimal

    @property
    def gap(self) -> Decimal:
        """What the level still owes the standard (negative: above it)."""
        return self.standard - self.allocated

    @property
    def short(self) -> bool:
        return self.gap > 0

    @property
    def share_percent(self) -> Decimal:
        return self.share * 100

    @property
    def ratio_part(self) -> Decimal:
        """The share as seed 003 writes it: 0.6 → 6, 0.05 → 0.5 (of 10)."""
        return (self.share * 10).normalize()


@dataclass
class StandardCheck:
    region: Region
    years: list[int]
    people: int
    levels: list[LevelGap]
    # Allocated by levels outside the split (中央, 镇, 社会帮扶 …): shown apart.
    other_allocated: Decimal

    @property
    def standard(self) -> Decimal:
        return self.people * STANDARD_PER_PERSON_WAN

    @property
    def allocated(self) -> Decimal:
        return sum((level.allocated for level in self.levels), ZERO)

    @property
    def gap(self) -> Decimal:
        return sum((max(level.gap, ZERO) for level in self.levels), ZERO)


def funding_standard(*, actor, region: Region, years: Iterable[int]) -> StandardCheck:
    """The standard for ``region`` (its subtree, within the actor's scope) and
    each sharing level's allocations in ``years``. Three queries: the people,
    the levels with a share, the allocations per level."""
    years = list(years)
    members = scope_queryset(Member.objects.all(), actor).filter(
        Region.subtree_q(region, "household__village__")
    )
    people = members.aggregate(n=Count("pk", filter=Q(labour_capacity__in=WITH_LABOUR)))["n"]
    allocations = scope_queryset(FundAllocation.objects.filter(year__in=years), actor).filter(
        Region.subtree_q(region, "region__")
    )
    by_source = dict(
        allocations.order_by()
        .values("source_id")
        .annotate(total=_money(Sum("amount_wan")))
        .values_list("source_id", "total")
    )
    standard = people * STANDARD_PER_PERSON_WAN
    levels = []
    for source in FundSource.objects.filter(share__isnull=False).order_by("order", "name"):
        levels.append(
            LevelGap(
                source=source.name,
                share=source.share,
                standard=cents(standard * source.share),
                allocated=by_source.pop(source.pk, ZERO),
            )
        )
    return StandardCheck(
        region=region,
        years=years,
        people=people,
        levels=levels,
        other_allocated=sum(by_source.values(), ZERO),
    )
