"""Which models are audited, and the signal handlers that write their history.

Signals rather than calls in each service: the admin, the web pages, commands
and services all save through ``Model.save``/``delete``, so nothing escapes the
history. Bulk writes (``bulk_create``/``update``) bypass signals; importers
record them with ``services.record_bulk``. One extra query per audited save
(the old row) is the price of old values.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

from apps.core.dates import official_date, official_datetime

# "app_label.Model" → fields not worth recording (timestamps, derived caches).
AUDITED: dict[str, tuple[str, ...]] = {}
_connected: set[type[models.Model]] = set()


def audit(label: str, *, exclude: Iterable[str] = ()) -> None:
    """Audit saves and deletes of the model ``label`` (call from AppConfig.ready
    or at import time of the audit app's registry users)."""
    # Timestamps repeat the history row's own time; the version is stored apart.
    AUDITED[label] = tuple(exclude) + ("created_at", "updated_at", "version")
    if apps.models_ready:
        _connect(apps.get_model(label))


def connect_registered() -> None:
    for label in AUDITED:
        _connect(apps.get_model(label))


def _connect(model: type[models.Model]) -> None:
    if model in _connected:
        return
    _connected.add(model)
    uid = f"audit-{model._meta.label}"
    pre_save.connect(_remember_old_values, sender=model, dispatch_uid=f"{uid}-pre")
    post_save.connect(_record_save, sender=model, dispatch_uid=f"{uid}-post")
    post_delete.connect(_record_delete, sender=model, dispatch_uid=f"{uid}-delete")


def audited_fields(model: type[models.Model]) -> list[models.Field]:
    excluded = AUDITED.get(model._meta.label, ())
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in excluded
    ]


def display_value(instance: models.Model, field: models.Field) -> str | None:
    """The value as a person reads it: choice labels, related records' names."""
    if isinstance(field, models.ForeignKey):
        if getattr(instance, field.attname) is None:
            return None
        return str(getattr(instance, field.name))
    value = getattr(instance, field.attname)
    if value is None:
        return None
    # A model may show a field its own way (e.g. a list of choice codes as labels).
    shown = getattr(instance, "audit_display", lambda name: None)(field.name)
    if shown is not None:
        return shown
    if field.name in getattr(instance, "audit_masked_fields", ()):
        # History is read by more people than may see the full value.
        return _mask(str(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.FileField):
        return value.name if value else ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(field, models.DateTimeField):
        return official_datetime(value)
    if isinstance(field, models.DateField):
        return official_date(value)
    return field.value_to_string(instance)


def _mask(value: str) -> str:
    return value[:6] + "*" * max(len(value) - 10, 0) + value[-4:] if len(value) > 10 else "****"


def snapshot(instance: models.Model) -> dict[str, str | None]:
    return {f.name: display_value(instance, f) for f in audited_fields(type(instance))}


def _remember_old_values(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or instance._state.adding:
        instance._audit_before = None
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(old) if old is not None else None


def _record_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    from . import services

    after = snapshot(instance)
    before = None if created else getattr(instance, "_audit_before", None)
    services.record_change(instance=instance, before=before, after=after)


def _record_delete(sender, instance, **kwargs):
    from . import services

    services.record_change(instance=instance, before=snapshot(instance), after=None)
