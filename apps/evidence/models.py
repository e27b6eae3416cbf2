"""The abstract evidence-file base every app's evidence model extends."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class EvidenceFile(models.Model):
    """What every evidence file (佐证材料) records, whatever it proves (a
    finding, a reported value, a deliverable): stored outside the web root and
    served only through a view that checks the user's scope. A subclass adds
    the ``file`` field (its folder) and the record it belongs to."""

    original_name = models.CharField(gettext_lazy("file name"), max_length=200)
    content_type = models.CharField(gettext_lazy("content type"), max_length=100)
    size = models.PositiveIntegerField(gettext_lazy("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(gettext_lazy("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name
