"""Signals the registry sends so that apps above it can keep derived state current.

``households_changed`` is sent after any write that may change what is derived
from a household (its members, its registry fields, or records of apps above
that rules read, e.g. monitoring cases): ``household_ids`` is the set of ids
touched. Senders call ``send_households_changed`` inside their transaction;
receivers (the red-light table in apps.reports) run on commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

households_changed = Signal()  # kwargs: household_ids: frozenset[int]


def send_households_changed(*, sender: object, household_ids: Iterable[int]) -> None:
    ids = frozenset(household_ids)
    if ids:
        households_changed.send(sender=sender, household_ids=ids)


def _household_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:  # fixtures loaded raw carry no derived state to keep
        send_households_changed(sender=sender, household_ids=[instance.pk])


def _member_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw and instance.household_id is not None:
        send_households_changed(sender=sender, household_ids=[instance.household_id])


def connect_write_signals() -> None:
    """Every save and delete of a household or member (pages, services, the
    admin and its inlines, commands) announces the household: model signals,
    so no write path can forget. Bulk writes (the import) send themselves."""
    from django.db.models.signals import post_delete, post_save

    from .models import Household, Member

    for signal in (post_save, post_delete):
        signal.connect(_household_saved, sender=Household, dispatch_uid=f"hh-{signal!r}")
        signal.connect(_member_saved, sender=Member, dispatch_uid=f"member-{signal!r}")
