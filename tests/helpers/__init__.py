"""Helpers shared by test modules (test modules never import each other).

``tests.helpers.workbooks`` writes national-format household files.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable

from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.households.models import Household, Member, SchoolStatus
from apps.regions.models import Level, Region

# A sample that each path converter in use accepts (int, slug, str, the scored level).
_SAMPLES = ("1", "county", "sample")


def _sample_value(converter) -> object:
    for candidate in _SAMPLES:
        if re.fullmatch(converter.regex, candidate):
            return converter.to_python(candidate)
    raise AssertionError(f"no sample value for the URL converter {converter!r}")


def _routed(patterns, namespace: str = "", converters=None):
    """(namespaced name, pattern, its path converters) for every URL pattern
    outside the admin; an unnamed one as ``namespace:None``."""
    for pattern in patterns:
        found = {**(converters or {}), **getattr(pattern.pattern, "converters", {})}
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":  # the admin has its own login
                continue
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routed(pattern.url_patterns, prefix, found)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", pattern, found


def routed_patterns() -> list[tuple[str, URLPattern]]:
    """Every URL pattern outside the admin with its namespaced name (an
    unnamed one as ``namespace:None``, so a matrix keyed by name misses none)."""
    return [(name, pattern) for name, pattern, _c in _routed(get_resolver().url_patterns)]


def routed_urls() -> dict[str, str]:
    """Every named URL outside the admin, reversed with sample arguments."""
    return {
        name: reverse(name, kwargs={key: _sample_value(c) for key, c in converters.items()})
        for name, pattern, converters in _routed(get_resolver().url_patterns)
        if pattern.name
    }


def run_together(target: Callable[[int], object], count: int) -> list:
    """Run ``target(i)`` in ``count`` threads released at the same moment;
    return each thread's result or exception."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def worker(i):
        try:
            barrier.wait()
            results[i] = target(i)
        except Exception as exc:  # reported to the test, not swallowed
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def edit_form_data(client, finding, **changes) -> dict:
    """The finding's edit form as the page fills it, with ``changes`` applied."""
    form = client.get(reverse("inspections:finding_edit", args=[finding.pk])).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update(changes)
    return data


CHILD_BORN = dt.date(2010, 6, 1)  # nine at the end of 2019: compulsory-school age


def plant_children(region: Region, *, in_school: int, out_of_school: int, prefix="C") -> None:
    """Households of the region's villages, one compulsory-age child each (bulk)."""
    villages = list(Region.objects.filter(level=Level.VILLAGE, county=region).order_by("pk"))
    total = in_school + out_of_school
    households = Household.objects.bulk_create(
        Household(number=f"{prefix}{i:08d}", village=villages[i % len(villages)])
        for i in range(total)
    )
    Member.objects.bulk_create(
        Member(
            household=household,
            name=f"学生{i}",
            id_number=f"{prefix}{i:017d}",
            relationship="之子",
            birth_date=CHILD_BORN,
            school_status=SchoolStatus.PRIMARY if i < in_school else SchoolStatus.DROPPED_OUT,
        )
        for i, household in enumerate(households)
    )
