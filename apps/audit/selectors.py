"""Reading history: a record's 修改记录, and what changed since a version."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet

from .models import Change


def history_for(*instances: models.Model) -> QuerySet[Change]:
    """The changes of these records (e.g. a scorecard and its scores), newest first."""
    condition = Q(pk__in=[])
    for instance in instances:
        condition |= Q(
            content_type=ContentType.objects.get_for_model(type(instance)),
            object_pk=str(instance.pk),
        )
    return (
        Change.objects.filter(condition)
        .select_related("user", "content_type")
        .order_by("-at", "-pk")
    )


def history_of_many(model: type[models.Model], pks) -> QuerySet[Change]:
    return (
        Change.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_pk__in=[str(pk) for pk in pks],
        )
        .select_related("user", "content_type")
        .order_by("-at", "-pk")
    )


def changes_since(instance: models.Model, version: int) -> QuerySet[Change]:
    """What others saved after ``version`` (for a refused, stale edit)."""
    return history_for(instance).filter(object_version__gt=version).order_by("at", "pk")
