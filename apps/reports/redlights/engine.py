"""Applying rules: the households a rule flags, and conditional counts."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from apps.households.models import Household, Member
from apps.households.selectors import head_name

from .base import Context, Rule
from .catalogue import BY_CODE

# --- reads ---------------------------------------------------------------------------------


def rule_for(code: str) -> Rule | None:
    return BY_CODE.get(code)


def flagged_households(rule: Rule, ctx: Context, households: QuerySet[Household]):
    """The households the rule flags (one query), with the village's names and
    the members a row shows prefetched (one more query per page)."""
    shown = Member.objects.filter(rule.shown_members_q(ctx)).order_by("pk")
    return (
        households.filter(rule.household_q(ctx))
        .annotate(head_name=head_name())
        .select_related("village__county", "village__town")
        .prefetch_related(Prefetch("members", queryset=shown, to_attr="shown_members"))
        .order_by("number")
    )


def household_counts(ctx: Context, rules: list[Rule]) -> dict:
    return {r.alias: Count("pk", filter=r.household(ctx)) for r in rules if not r.per_member}


def member_counts(ctx: Context, rules: list[Rule]) -> dict:
    # A household with two offending members is one flagged household.
    return {
        r.alias: Count("household_id", distinct=True, filter=r.member(ctx))
        for r in rules
        if r.per_member
    }
