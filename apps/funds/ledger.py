"""Reads for the project ledger (项目台账), beside ``selectors.py``: the rows
in scope with what is planned and spent, and one project with its files (the
totals per kind are ``selectors.totals_by_kind`` of the filtered rows)."""

from __future__ import annotations

from django.db.models import QuerySet

from apps.accounts.access import get_object_in_scope, scope_queryset

from .models import Project
from .usage import with_spent


def ledger_rows(*, actor) -> QuerySet[Project]:
    """Every project in the actor's scope, newest year first, each with
    ``total_investment`` and ``spent`` computed in the database."""
    rows = scope_queryset(Project.objects.all(), actor).select_related(
        "region", "region__county", "region__town", "kind"
    )
    return with_spent(rows).order_by("-year", "region__code", "name", "pk")


def project_in_scope(*, actor, pk: int) -> Project:
    """One project in the actor's scope (404 otherwise), with its spent sum."""
    projects = with_spent(
        Project.objects.select_related("region", "region__county", "region__town", "kind")
    )
    return get_object_in_scope(projects, actor, pk=pk)
