"""What every funds write shares: one transaction attributed to the actor,
the keeper check, and the versioned update of a record."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from apps.accounts.access import can_keep_funds, person, require_actor
from apps.audit.context import acting_as
from apps.audit.locking import lock_current_version, next_version
from apps.regions.models import Region


@contextlib.contextmanager
def writing(actor) -> Iterator[None]:
    """One transaction whose history rows name ``actor`` (SYSTEM: 系统)."""
    require_actor(actor)
    with transaction.atomic(), acting_as(person(actor)):
        yield


def require_keeper(actor, region: Region) -> None:
    if not can_keep_funds(actor, region):
        raise PermissionDenied(
            _("You may not change the fund records of %(region)s.") % {"region": region.full_name}
        )


def save_new(instance: models.Model) -> models.Model:
    instance.full_clean()
    instance.save()
    return instance


def update_versioned(
    *,
    actor,
    model: type[models.Model],
    pk,
    expected_version: int | None,
    changes: Mapping[str, object],
    allowed: frozenset[str],
    region_of: Callable[[models.Model], Region],
) -> models.Model:
    """Lock the row, refuse a stale edit (StaleEdit names what changed), check
    the actor keeps the record's region before and after, save version + 1."""
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"fields that cannot be changed here: {sorted(unknown)}")
    current = lock_current_version(model, pk, expected_version)
    require_keeper(actor, region_of(current))
    for name, value in changes.items():
        setattr(current, name, value)
    require_keeper(actor, region_of(current))
    next_version(current)
    current.full_clean()
    current.save()
    return current
