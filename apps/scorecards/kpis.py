"""The dashboard's key figures (KPI cards): regions by rating per level, exit
rate, red lights outstanding, fund usage and overdue findings — each with its
numerator and denominator, the page behind it, and the previous campaign of
the same kind where the figure has one (2019 → 2020).

Counted in the database, a constant number of queries (two per campaign plus
three for the registry and funds), whatever the number of records.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.accounts.access import region_scope, scope_queryset
from apps.core.numbers import format_number
from apps.funds.models import FundAllocation
from apps.households.models import Member
from apps.inspections.models import Campaign, Finding
from apps.inspections.selectors import overdue_q
from apps.reports.models import HouseholdRedLight
from apps.reports.reporting import LIFTED_STATUSES

from . import selectors


@dataclass(frozen=True)
class Figure:
    numerator: Decimal | int
    denominator: Decimal | int

    @property
    def percent(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(self.numerator) * 100 / Decimal(self.denominator)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    value: str  # the big number as shown
    ratio: str  # "numerator / denominator" in words
    url: str
    previous: str = ""  # "2019年 X → 2020年 Y" against the previous campaign, or ""


def _percent_text(figure: Figure) -> str:
    percent = figure.percent
    return f"{percent}%" if percent is not None else "—"


def _compared(previous: Campaign, campaign: Campaign, before: str, now: str) -> str:
    """The card's comparison line: 2019年 X → 2020年 Y."""
    return _("%(old_year)s %(before)s → %(year)s %(now)s") % {
        "old_year": previous.year,
        "before": before,
        "year": campaign.year,
        "now": now,
    }


def _best_rated(best: str, n: int, d: int) -> str:
    return _("%(best)s %(n)s of %(d)s") % {"best": best, "n": n, "d": d}


def _usage_text(figure: Figure) -> str:
    return _("%(rate)s (%(n)s of %(d)s 万元)") % {
        "rate": _percent_text(figure),
        "n": format_number(figure.numerator),
        "d": format_number(figure.denominator),
    }


def _findings_text(figure: Figure) -> str:
    return _("%(n)s of %(d)s findings overdue") % {"n": figure.numerator, "d": figure.denominator}


def _rating_cards(campaign, previous, ratings, counts, previous_counts) -> list[Kpi]:
    cards = []
    labels = {"county": _("Counties"), "town": _("Towns"), "village": _("Villages")}
    for level in ("county", "town", "village"):
        if level not in counts:
            continue
        per_rating = counts[level]
        total = sum(per_rating.values())
        best = ratings[0] if ratings else ""
        breakdown = " · ".join(f"{label} {per_rating.get(label, 0)}" for label in ratings)
        before = ""
        if previous is not None and level in previous_counts:
            old = previous_counts[level]
            before = _compared(
                previous,
                campaign,
                _best_rated(best, old.get(best, 0), sum(old.values())),
                _best_rated(best, per_rating.get(best, 0), total),
            )
        cards.append(
            Kpi(
                key=f"rating-{level}",
                label=_("%(level)s by rating") % {"level": labels.get(level, level)},
                value=breakdown or "—",
                ratio=_("rated %(best)s: %(n)s of %(d)s")
                % {"best": best, "n": per_rating.get(best, 0), "d": total},
                url=reverse("scorecards:ranked_table", args=[campaign.slug, level]),
                previous=before,
            )
        )
    return cards


def _findings(user, campaign: Campaign | None) -> Figure | None:
    if campaign is None:
        return None
    found = scope_queryset(Finding.objects.filter(campaign=campaign), user).aggregate(
        overdue=Count("pk", filter=overdue_q()), total=Count("pk")
    )
    return Figure(found["overdue"], found["total"])


def _fund_usage(user, year: int) -> Figure:
    money = scope_queryset(FundAllocation.objects.filter(year=year), user).aggregate(
        spent=Sum("spent_wan"), allocated=Sum("amount_wan")
    )
    return Figure(money["spent"] or Decimal("0"), money["allocated"] or Decimal("0"))


def dashboard_kpis(
    user,
    *,
    campaign: Campaign,
    previous: Campaign | None,
    ratings: list[str],
    counts: dict[str, dict[str, int]],
) -> list[Kpi]:
    previous_counts = (
        selectors.rating_counts(selectors.shown_rankings(previous), user=user) if previous else {}
    )
    cards = _rating_cards(campaign, previous, ratings, counts, previous_counts)

    people = Member.objects.filter(region_scope(user).q("household__village__")).aggregate(
        lifted=Count("pk", filter=Q(household__exit_status__in=LIFTED_STATUSES)),
        total=Count("pk"),
    )
    exit_rate = Figure(people["lifted"], people["total"])
    cards.append(
        Kpi(
            "exit-rate",
            _("Exit rate (people)"),
            _percent_text(exit_rate),
            _("%(n)s of %(d)s registered members lifted")
            % {"n": exit_rate.numerator, "d": exit_rate.denominator},
            reverse("reports:indicators"),
        )
    )
    lights = HouseholdRedLight.objects.filter(region_scope(user).q("village__")).aggregate(
        open=Count("pk", filter=Q(cleared_at__isnull=True)), total=Count("pk")
    )
    cards.append(
        Kpi(
            "red-lights",
            _("Red lights outstanding"),
            str(lights["open"]),
            _("%(n)s of %(d)s red lights raised not yet cleared")
            % {"n": lights["open"], "d": lights["total"]},
            reverse("reports:redlights"),
        )
    )
    usage = _fund_usage(user, campaign.year)
    before = ""
    if previous is not None:
        old = _fund_usage(user, previous.year)
        if old.denominator:
            before = _compared(previous, campaign, _usage_text(old), _usage_text(usage))
    cards.append(
        Kpi(
            "fund-usage",
            _("Fund usage %(year)s") % {"year": campaign.year},
            _percent_text(usage),
            _("%(n)s of %(d)s 万元 spent")
            % {"n": format_number(usage.numerator), "d": format_number(usage.denominator)},
            reverse("funds:usage"),
            before,
        )
    )
    findings = _findings(user, campaign)
    old_findings = _findings(user, previous)
    cards.append(
        Kpi(
            "overdue-findings",
            _("Overdue findings"),
            str(findings.numerator),
            _("%(n)s of %(d)s findings of this campaign past their deadline and not closed")
            % {"n": findings.numerator, "d": findings.denominator},
            reverse("inspections:finding_list") + f"?campaign={campaign.pk}&overdue=true",
            _compared(previous, campaign, _findings_text(old_findings), _findings_text(findings))
            if old_findings is not None and previous is not None
            else "",
        )
    )
    return cards
