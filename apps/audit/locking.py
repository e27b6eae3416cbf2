"""No lost updates: optimistic locking with a version number.

An edit form carries the version it was opened at. Saving locks the row,
compares versions and refuses a stale edit with what others changed since,
instead of silently overwriting their work.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from apps.core.dates import official_datetime

from .selectors import changes_since


class StaleEdit(ValidationError):
    """Someone saved the record after the editor opened it."""

    def __init__(self, current: models.Model, expected_version: int):
        self.current = current
        lines = [
            describe(change, type(current)) for change in changes_since(current, expected_version)
        ]
        summary = "；".join(lines) if lines else _("another save")
        super().__init__(
            _(
                "This record was changed after you opened it, so your changes were not saved. "
                "Changed meanwhile: %(changes)s. Reload the page and make your changes again."
            )
            % {"changes": summary},
            code="stale",
        )


def describe(change, model: type[models.Model]) -> str:
    who = (change.user.first_name or change.user.username) if change.user else _("the system")
    fields = []
    for name, old, new in change.pairs():
        try:
            label = str(model._meta.get_field(name).verbose_name)
        except Exception:  # a field since removed: show its name
            label = name
        fields.append(f"{label}：“{old or ''}”→“{new or ''}”")
    return f"{who} {official_datetime(change.at)} " + "，".join(fields)


def lock_current_version(model: type[models.Model], pk, expected_version: int | None):
    """The row, locked; StaleEdit when it moved past ``expected_version``.
    ``None`` means the caller has no version to compare (a command, a transition
    that re-checks its own rule)."""
    current = model._base_manager.select_for_update().get(pk=pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEdit(current, expected_version)
    return current


def next_version(instance: models.Model) -> None:
    instance.version = (instance.version or 0) + 1
