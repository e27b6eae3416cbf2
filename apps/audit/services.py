"""Writing history rows (the signal handlers and bulk writers call these)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from apps.core.bulk import insert_rows

from .context import current_actor
from .models import Action, Change


def diff(before: dict | None, after: dict | None) -> dict[str, list]:
    """{field: [old, new]} for the fields whose displayed value changed."""
    before, after = before or {}, after or {}
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def record_change(*, instance: models.Model, before: dict | None, after: dict | None) -> None:
    """One history row; nothing when a save changed no audited field."""
    if before is None and after is None:
        return
    action = Action.CREATE if before is None else Action.DELETE if after is None else Action.UPDATE
    changes = diff(before, after)
    if action == Action.UPDATE and not changes:
        return
    actor = current_actor()
    Change.objects.create(
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_pk=str(instance.pk),
        object_repr=str(instance)[:200],
        object_version=getattr(instance, "version", None),
        action=action,
        changes=changes,
        user_id=_user_id(actor),
        ip=actor.ip,
    )


def _user_id(actor) -> int | None:
    """The acting User's key; None for nobody and for the SYSTEM actor (which
    has no row), shown as 系统（命令行） in history."""
    return getattr(actor.user, "pk", None)


@dataclass(frozen=True)
class BulkChange:
    pk: object
    repr: str
    action: str
    changes: dict
    version: int | None = None


def record_bulk(model: type[models.Model], changes: Iterable[BulkChange]) -> int:
    """History for rows written by bulk_create/update/COPY (imports): one row per
    changed record, written with the same fast path as the records."""
    actor = current_actor()
    content_type_id = ContentType.objects.get_for_model(model).pk
    at = timezone.now()
    user_id = _user_id(actor)
    rows = (
        (
            content_type_id,
            str(c.pk),
            c.repr[:200],
            c.version,
            c.action,
            c.changes,
            user_id,
            actor.ip,
            at,
        )
        for c in changes
    )
    return insert_rows(Change, _BULK_COLUMNS, rows)


_BULK_COLUMNS = (
    "content_type_id",
    "object_pk",
    "object_repr",
    "object_version",
    "action",
    "changes",
    "user_id",
    "ip",
    "at",
)
