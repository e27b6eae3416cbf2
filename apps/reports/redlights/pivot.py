"""The red-light pivot: flagged households per rule × child region, and per rule."""

from __future__ import annotations

from dataclasses import dataclass

from apps.households.models import Household, Member
from apps.regions.models import Region

from ..reporting import child_regions, group_key, group_level, within
from .base import Context, Rule
from .cache import scope_key, unless_registry_changed
from .catalogue import RULES
from .engine import household_counts, member_counts


@dataclass
class PivotRow:
    rule: Rule
    cells: list[int]
    columns: list[Region]

    @property
    def total(self) -> int:
        # The regions partition the rows, so their counts add up (no second scan).
        return sum(self.cells)

    @property
    def by_column(self) -> list[tuple[Region, int]]:
        return list(zip(self.columns, self.cells, strict=True))


@dataclass
class Pivot:
    region: Region
    level: str
    columns: list[Region]
    rows: list[PivotRow]
    ctx: Context

    @property
    def column_totals(self) -> list[int]:
        return [sum(row.cells[i] for row in self.rows) for i in range(len(self.columns))]


def pivot(user, region: Region, ctx: Context, rules: list[Rule] | None = None) -> Pivot:
    """Households flagged per rule × child region (a county's towns, the city's
    counties) within the user's scope: two grouped queries (households; members)
    of conditional counts, whatever the number of rules, regions or records."""
    rules = RULES if rules is None else rules
    level = group_level(region)
    household_key = group_key(level)
    member_key = group_key(level, village="household__village")
    households = Household.objects.filter(within(user, region))
    members = Member.objects.filter(within(user, region, village="household__village"))

    def count() -> dict[int, dict[str, int]]:
        found: dict[int, dict[str, int]] = {}
        if household_rules := household_counts(ctx, rules):
            for item in households.values(household_key).annotate(**household_rules).order_by():
                found.setdefault(item.pop(household_key), {}).update(item)
        if member_rules := member_counts(ctx, rules):
            for item in members.values(member_key).annotate(**member_rules).order_by():
                found.setdefault(item.pop(member_key), {}).update(item)
        return found

    found = unless_registry_changed(
        (
            "pivot",
            region.pk,
            level,
            ctx.as_of.isoformat(),
            scope_key(user),
            *(r.code for r in rules),
        ),
        count,
    )
    columns = child_regions(user, region)
    rows = [
        PivotRow(rule, [found.get(column.pk, {}).get(rule.alias, 0) for column in columns], columns)
        for rule in rules
    ]
    return Pivot(region, level, columns, rows, ctx)


def rule_counts(user, region: Region, ctx: Context) -> list[tuple[Rule, int]]:
    """Households flagged per rule over the whole region (two queries)."""
    households = Household.objects.filter(within(user, region))
    members = Member.objects.filter(within(user, region, village="household__village"))
    counts = households.aggregate(**household_counts(ctx, RULES))
    counts |= members.aggregate(**member_counts(ctx, RULES))
    return [(rule, counts[rule.alias]) for rule in RULES]
