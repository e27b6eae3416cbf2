"""The one lock check every write to a reported record goes through.

``refuse_if_locked`` is the check. It is reached three ways, all ending in it:

* the record apps' write services call it (``guard_model`` registers a model's
  key, and its ``pre_save`` / ``pre_delete`` handlers call the check for every
  ``save()`` and ``delete()``: services, admin, commands, field capture, shell);
* bulk writes that bypass ``save()`` (the household import's COPY) call
  ``refuse_if_any_locked`` for the regions they touch before writing;
* the admin's forms (``LockAwareAdmin``) call it while validating, so a locked
  record opens read-only with the refusal, and a new one is refused as a form
  error instead of an exception.

A record's *key* is its region and, for dated records, the day it reports on
(a monthly progress row's month); undated records (the household registry) are
locked by any locked slot of their kind for their county or town.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import connection, models
from django.db.models.signals import pre_delete, pre_save
from django.utils.translation import gettext as _

from .models import PeriodLock

Key = tuple[object, dt.date | None]  # (region, day or None)
KeyOf = Callable[[models.Model], Key | None]

# Kind code → label; the returns app lists them as what a return type covers.
KINDS: dict[str, object] = {}
_KEYS: dict[type[models.Model], tuple[str, KeyOf]] = {}


class RecordsLocked(ValidationError):
    """A write refused because a submitted or approved return covers the record."""

    def __init__(self, lock: PeriodLock):
        self.lock = lock
        super().__init__(
            _(
                "These records are locked by the return “%(return)s” (%(state)s); "
                "only %(unlocker)s can unlock them (cancel the approval or grant an "
                "unlock request)."
            )
            % {
                "return": lock.return_label,
                "state": lock.state_label,
                "unlocker": lock.unlocker_label,
            },
            code="locked",
        )


def register_kind(code: str, label) -> None:
    KINDS[code] = label


def _region_ids(region) -> list[int]:
    """The county and town a record's region lies in (itself included): the
    levels a return is filed at."""
    ids = {region.pk, getattr(region, "county_id", None), getattr(region, "town_id", None)}
    return [pk for pk in ids if pk is not None]


def _slots(kind: str, region_ids: Iterable[int], on: dt.date | None):
    slots = PeriodLock.objects.filter(kind=kind, region_id__in=list(region_ids))
    if on is not None:
        slots = slots.filter(period_start__lte=on, period_end__gte=on)
    if connection.in_atomic_block:
        # Queue behind a submission or approval of the same slot (and make it
        # queue behind this write): PostgreSQL row locks; SQLite serialises
        # writers anyway and ignores FOR UPDATE.
        slots = slots.select_for_update()
    return slots.order_by("pk")


def refuse_if_locked(*, kind: str, region, on: dt.date | None = None) -> None:
    """Raise RecordsLocked when a submitted or approved return covers records
    of ``kind`` in ``region`` (and, for dated records, on day ``on``)."""
    for slot in _slots(kind, _region_ids(region), on):
        if slot.locked:
            raise RecordsLocked(slot)


def refuse_if_any_locked(*, kind: str, region_ids: Iterable[int]) -> None:
    """The bulk form for undated records: ``region_ids`` are the villages (or
    towns, counties) a bulk write touches; their counties and towns are checked."""
    from apps.regions.models import Region

    ids = set()
    for county_id, town_id, pk in Region.objects.filter(pk__in=list(region_ids)).values_list(
        "county_id", "town_id", "pk"
    ):
        ids.update(i for i in (county_id, town_id, pk) if i is not None)
    for slot in _slots(kind, ids, None):
        if slot.locked:
            raise RecordsLocked(slot)


def key_of(instance: models.Model) -> tuple[str, Key] | None:
    entry = _KEYS.get(type(instance))
    if entry is None:
        return None
    kind, key = entry
    try:
        found = key(instance)
    except ObjectDoesNotExist:  # an incomplete form: nothing to check yet
        return None
    return (kind, found) if found is not None else None


def check_instance(instance: models.Model) -> None:
    """The check for one record as it would be written."""
    found = key_of(instance)
    if found is not None:
        kind, (region, on) = found
        refuse_if_locked(kind=kind, region=region, on=on)


def check_stored(instance: models.Model) -> None:
    """The check for the record as it is stored (an edit may not move a record
    out of a locked period or region either)."""
    if instance.pk is None:
        return
    stored = type(instance)._base_manager.filter(pk=instance.pk).first()
    if stored is not None:
        check_instance(stored)


def _before_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # fixtures load raw rows; the lock applies to what people write
        return
    check_stored(instance)
    check_instance(instance)


def _before_delete(sender, instance, **kwargs) -> None:
    check_instance(instance)


def guard_model(model: type[models.Model], *, kind: str, key: KeyOf) -> None:
    """Every save and delete of ``model`` passes the check (called at start-up
    by the app that owns the model)."""
    _KEYS[model] = (kind, key)
    pre_save.connect(_before_save, sender=model, dispatch_uid=f"lock-save-{model._meta.label}")
    pre_delete.connect(
        _before_delete, sender=model, dispatch_uid=f"lock-delete-{model._meta.label}"
    )


def lock_of(instance: models.Model | None) -> RecordsLocked | None:
    """The refusal a write of ``instance`` would meet, or None."""
    if instance is None:
        return None
    try:
        check_instance(instance)
    except RecordsLocked as refusal:
        return refusal
    return None


class LockAwareAdmin:
    """Admin mixin: a locked record opens read-only with the refusal shown;
    saving a new or changed record into a locked period is a form error."""

    def _refusal(self, request, obj) -> RecordsLocked | None:
        if obj is None or obj.pk is None:
            return None
        cache = request.__dict__.setdefault("_lock_refusals", {})
        key = (type(obj), obj.pk)
        if key not in cache:
            cache[key] = lock_of(obj)
        return cache[key]

    def has_change_permission(self, request, obj=None):
        if self._refusal(request, obj) is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._refusal(request, obj) is not None:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        """The changelist's "delete selected": refused (403) when any row is locked."""
        for obj in queryset:
            refusal = lock_of(obj)
            if refusal is not None:
                raise PermissionDenied(refusal.messages[0])
        super().delete_queryset(request, queryset)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        refusal = self._refusal(request, obj)
        if refusal is not None and request.method == "GET":
            messages.warning(request, refusal.messages[0])
        return super().change_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class LockCheckedForm(form):
            def _post_clean(self):
                super()._post_clean()
                try:
                    check_instance(self.instance)
                except RecordsLocked as refusal:
                    self.add_error(None, refusal)

        return LockCheckedForm
