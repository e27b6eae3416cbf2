"""Managed-list names the files use."""

from __future__ import annotations

from ..models import FundSource, ProjectKind


def sources_by_name() -> dict[str, FundSource]:
    return {s.name: s for s in FundSource.objects.filter(is_active=True)}


def kinds_by_name() -> dict[str, ProjectKind]:
    return {k.name: k for k in ProjectKind.objects.filter(is_active=True)}
