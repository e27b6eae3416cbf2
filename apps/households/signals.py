"""Signals the registry sends so that apps above it can keep derived state current.

``households_changed`` is sent after any write that may change what is derived
from a household (its members, its registry fields, or records of apps above
that rules read, e.g. monitoring cases): ``household_ids`` is the set of ids
touched (a member moved to another household names both), ``village_ids`` the
villages a household left or was deleted from (counts per village need them;
the villages the households are in now are read from the ids). Senders call
``send_households_changed`` inside their transaction; receivers run there (the
indicator counters in apps.reports) or on commit (the red-light table).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

# kwargs: household_ids: frozenset[int], village_ids: frozenset[int]
households_changed = Signal()


def send_households_changed(
    *, sender: object, household_ids: Iterable[int], village_ids: Iterable[int] = ()
) -> None:
    ids = frozenset(household_ids)
    villages = frozenset(v for v in village_ids if v is not None)
    if ids or villages:
        households_changed.send(sender=sender, household_ids=ids, village_ids=villages)


# The stored village of a household and household of a member, remembered as
# the row is loaded (no query), so that a move announces where it came from.
_STORED = {
    "Household": ("village_id", "_stored_village_id"),
    "Member": ("household_id", "_stored_household_id"),
}


def _remember_stored(sender, instance, **kwargs) -> None:
    field, attribute = _STORED[sender.__name__]
    setattr(instance, attribute, instance.__dict__.get(field))


def _household_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # fixtures loaded raw carry no derived state to keep
        return
    left = getattr(instance, "_stored_village_id", None)
    send_households_changed(
        sender=sender,
        household_ids=[instance.pk],
        village_ids=[left] if left != instance.village_id else [],
    )
    instance._stored_village_id = instance.village_id


def _household_deleted(sender, instance, **kwargs) -> None:
    send_households_changed(
        sender=sender, household_ids=[instance.pk], village_ids=[instance.village_id]
    )


def _member_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    left = getattr(instance, "_stored_household_id", None)
    ids = {h for h in (instance.household_id, left) if h is not None}
    send_households_changed(sender=sender, household_ids=ids)
    instance._stored_household_id = instance.household_id


def connect_write_signals() -> None:
    """Every save and delete of a household or member (pages, services, the
    admin and its inlines, commands) announces the household: model signals,
    so no write path can forget. Bulk writes (the import) send themselves."""
    from django.db.models.signals import post_delete, post_init, post_save

    from .models import Household, Member

    for model in (Household, Member):
        post_init.connect(_remember_stored, sender=model, dispatch_uid=f"stored-{model.__name__}")
    post_save.connect(_household_saved, sender=Household, dispatch_uid="hh-saved")
    post_delete.connect(_household_deleted, sender=Household, dispatch_uid="hh-deleted")
    for signal in (post_save, post_delete):
        signal.connect(_member_saved, sender=Member, dispatch_uid=f"member-{signal!r}")
