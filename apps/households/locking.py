"""The registry's records under the returns' lock (a yearly 数据确认): any
locked slot of ``households.registry`` for a household's county or town
refuses every write to the household and its members (apps.locks.guard)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apps.locks.guard import guard_model, refuse_if_any_locked, register_kind

KIND = "households.registry"


def guard_registry() -> None:
    from .models import Household, Member

    register_kind(KIND, _("the household registry (yearly confirmation)"))
    guard_model(Household, kind=KIND, key=lambda h: (h.village, None))
    guard_model(Member, kind=KIND, key=lambda m: (m.household.village, None))


def refuse_locked_villages(village_ids) -> None:
    """The import writes by COPY, past save(): it checks its villages first."""
    refuse_if_any_locked(kind=KIND, region_ids=village_ids)
