"""Work briefings (工作简报, seed 004): the series numbering and the gap article.

A briefing's numbers — 第N期 of its year and 总第M期 of the series — are taken
from the series' counters under a row lock in the transaction that creates the
draft, so two drafts started at once get consecutive numbers, and a number once
given is never given again (a deleted draft leaves a gap, as a paper series
does). The unique constraints on the bulletin refuse a duplicate all the same.

The gap article counts, for the assisting units of a pairing (帮扶单位 → their
villages), what the registry still lacks: students without the living subsidy,
dibao-eligible households not enrolled, people without medical or pension
insurance (``apps.reports.gaps``), unit by unit and in all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Max

from apps.accounts.access import SYSTEM
from apps.households.models import AssistingUnit
from apps.regions.models import Region
from apps.reports import gaps

from .models import BriefingSeries, BriefingYear, Bulletin

GAP_KEYS = ("students", "dibao_eligible", "no_medical", "no_pension")


def take_numbers(series: BriefingSeries, year: int) -> tuple[int, int]:
    """(第N期, 总第M期) for a new issue of ``series`` in ``year``. Call inside a
    transaction: the series row stays locked until it commits."""
    locked = BriefingSeries.objects.select_for_update().get(pk=series.pk)
    counter, _created = BriefingYear.objects.get_or_create(series=locked, year=year)
    counter = BriefingYear.objects.select_for_update().get(pk=counter.pk)
    # Issues entered another way (the admin) are never overtaken.
    used = Bulletin.objects.filter(series=locked).aggregate(
        running=Max("running_number"),
    )
    used_issue = Bulletin.objects.filter(series=locked, year=year).aggregate(issue=Max("sequence"))
    issue = max(counter.last_issue, used_issue["issue"] or 0) + 1
    running = max(locked.last_running_number, used["running"] or 0) + 1
    counter.last_issue = issue
    counter.save(update_fields=["last_issue"])
    locked.last_running_number = running
    locked.save(update_fields=["last_running_number"])
    return issue, running


@dataclass(frozen=True)
class UnitGaps:
    unit: str
    counts: dict[str, int]


@dataclass(frozen=True)
class Gaps:
    villages: int
    units: list[UnitGaps]
    total: dict[str, int]


def gaps_of_units(units: Iterable[AssistingUnit], *, region: Region, as_of: dt.date) -> Gaps:
    """The registry's gaps of the households the units assist in ``region``:
    one grouped query over the region, kept for the units named."""
    units = list(units)
    names = [unit.name for unit in units]
    report = gaps.report(SYSTEM, region, as_of=as_of)
    rows = {row["unit"]: row for row in report.by_unit if row["unit"] in names}
    per_unit = [
        UnitGaps(name, {key: rows.get(name, {}).get(key, 0) for key in GAP_KEYS}) for name in names
    ]
    total = {key: sum(u.counts[key] for u in per_unit) for key in GAP_KEYS}
    villages = (
        AssistingUnit.villages.through.objects.filter(assistingunit__in=units)
        .values("region")
        .distinct()
        .count()
    )
    return Gaps(villages, per_unit, total)


def month_end(as_of: dt.date) -> str:
    """截止2018年10月底 when ``as_of`` is a month's last day, else the day."""
    if (as_of + dt.timedelta(days=1)).day == 1:
        return f"截止{as_of.year}年{as_of.month}月底"
    return f"截止{as_of.year}年{as_of.month}月{as_of.day}日"


def gap_sentence(facts: Gaps, *, helper: str, county: Region, as_of: dt.date) -> str:
    """Seed 004's sentence, then the counts unit by unit."""
    t = facts.total
    text = (
        f"据统计，{month_end(as_of)}，{helper}对口帮扶{county.name}{facts.villages}个贫困村"
        f"仍有{t['students']}名贫困学生未领到生活补助；"
        f"有{t['dibao_eligible']}户符合条件纳入低保户的贫困户未纳入低保；"
        f"有{t['no_medical']}个贫困人口未购买医疗保险，{t['no_pension']}个贫困人口未参加养老保险。"
    )
    parts = [
        f"{u.unit}帮扶村：学生{u.counts['students']}名、低保{u.counts['dibao_eligible']}户、"
        f"医保{u.counts['no_medical']}人、养老保险{u.counts['no_pension']}人"
        for u in facts.units
        if any(u.counts.values())
    ]
    if parts:
        text += f"其中，{'；'.join(parts)}。"
    return text
