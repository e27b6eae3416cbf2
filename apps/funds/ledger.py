"""Reads for the project ledger (项目台账), beside ``selectors.py``: the rows
in scope with what is planned and spent, the totals per kind of whatever the
filters leave, and one project with its files."""

from __future__ import annotations

from django.db.models import Count, F, QuerySet, Sum

from apps.accounts.access import get_object_in_scope, scope_queryset

from .models import Project
from .selectors import TOTAL_INVESTMENT, _money
from .usage import with_spent


def ledger_rows(*, actor) -> QuerySet[Project]:
    """Every project in the actor's scope, newest year first, each with
    ``total_investment`` and ``spent`` computed in the database."""
    rows = scope_queryset(Project.objects.all(), actor).select_related(
        "region", "region__county", "region__town", "kind"
    )
    return with_spent(rows).order_by("-year", "region__code", "name", "pk")


def totals_by_kind(rows: QuerySet[Project]) -> list[dict]:
    """Per kind of the (filtered) rows: ``count`` and the investment
    (``special``, ``self_raised``, ``other``, ``total``) — Xuwen's 23 town-level
    projects, 7670.12万元. One query."""
    return list(
        rows.order_by()
        .values("kind_id", kind_name=F("kind__name"), kind_order=F("kind__order"))
        .annotate(
            count=Count("pk"),
            special=_money(Sum("special_funds_wan")),
            self_raised=_money(Sum("self_raised_wan")),
            other=_money(Sum("other_wan")),
            total=_money(Sum(TOTAL_INVESTMENT)),
        )
        .order_by("kind_order", "kind_name")
    )


def project_in_scope(*, actor, pk: int) -> Project:
    """One project in the actor's scope (404 otherwise), with its spent sum."""
    projects = with_spent(
        Project.objects.select_related("region", "region__county", "region__town", "kind")
    )
    return get_object_in_scope(projects, actor, pk=pk)
