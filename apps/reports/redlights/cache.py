"""The pivot's counts kept until the registry changes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.db import connections, router

from apps.accounts.access import region_scope
from apps.households.models import Household, Member

# A city's scan takes half a minute (1.6 million members): the counts are kept
# until a household or member is added, changed or removed — at most an hour,
# so that a change to the region tree (a village moved) shows within the hour.
PIVOT_CACHE_SECONDS = 3600


def registry_fingerprint() -> tuple:
    """Changes whenever a household or member is added, changed (every write
    sets updated_at, imports included) or removed: one query, on the database
    the counts are read from (a lagging replica must not pair old counts with
    the primary's newer fingerprint for an hour)."""
    connection = connections[router.db_for_read(Household)]
    quote = connection.ops.quote_name
    parts = ", ".join(
        f"(SELECT COUNT(*) FROM {quote(t)}), (SELECT MAX(updated_at) FROM {quote(t)})"
        for t in (Household._meta.db_table, Member._meta.db_table)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        return tuple(str(value) for value in cursor.fetchone())


def scope_key(user) -> str:
    scope = region_scope(user)
    return (
        "all"
        if scope.unrestricted
        else ",".join(f"{level}{pk}" for level, pk in sorted(scope.granted))
    )


def unless_registry_changed(key: tuple, compute: Callable[[], dict]) -> dict:
    digest = hashlib.sha256(repr((key, registry_fingerprint())).encode()).hexdigest()
    cache_key = f"redlights:{digest}"
    found = cache.get(cache_key)
    if found is None:
        found = compute()
        cache.set(cache_key, found, PIVOT_CACHE_SECONDS)
    return found
