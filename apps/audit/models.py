"""Field-level change history (修改记录): who changed what, when, from where."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.dates import official_datetime


class Action(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")


# Fields of stored files that a history shows nobody (the file's name is shown).
NOT_FOR_READERS = frozenset({"content_type", "size", "file", "sha256"})


class Change(models.Model):
    """One create, change or delete of an audited record, with the old and new
    value of each changed field (``{"field": [old, new]}``, as displayed)."""

    # Indexed by (content_type, object_pk, at) below; imports write a row per record.
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("object type"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    object_pk = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=200)
    object_version = models.PositiveIntegerField(_("object version"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    changes = models.JSONField(_("changes"), default=dict)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("change history")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_pk", "at"])]

    def __str__(self) -> str:
        return f"{self.object_repr} · {self.get_action_display()} · {official_datetime(self.at)}"

    def pairs(self):
        """(field, old, new) per changed field. Bulk imports store a created
        record's fields as plain values (no old value), one list fewer per
        field at hundreds of thousands of rows."""
        for name, change in self.changes.items():
            if isinstance(change, list):
                yield name, change[0], change[1]
            else:
                yield name, None, change

    def labelled_changes(self) -> list[tuple[str, object, object]]:
        """(field's verbose name, old, new) for display; a file's storage
        details (MIME type, byte count, stored path) mean nothing to a reader."""
        model = self.content_type.model_class()
        result = []
        for name, old, new in self.pairs():
            if name in NOT_FOR_READERS:
                continue
            try:
                label = str(model._meta.get_field(name).verbose_name)
            except Exception:  # a field since removed
                label = name
            result.append((label, old, new))
        return result
