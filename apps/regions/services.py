"""Writes to the region tree."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import Level, Region, RegionAlias


@transaction.atomic
def create_region(
    *,
    name: str,
    level: str,
    parent: Region | None = None,
    short_name: str = "",
    code: str = "",
    is_poor_village: bool | None = None,
    aliases: list[str] | tuple[str, ...] = (),
) -> Region:
    region = Region(
        name=name,
        level=level,
        parent=parent,
        short_name=short_name,
        code=code,
        is_poor_village=is_poor_village if level == Level.VILLAGE else None,
    )
    region.full_clean(exclude=["parent"] if parent is None else None)
    region.save()
    for alias in aliases:
        RegionAlias.objects.create(region=region, name=alias)
    return region


@transaction.atomic
def import_region_tree(*, tree: dict[str, Any]) -> int:
    """Create the regions of a nested tree (see fixtures/zhanjiang_2020/regions.json).

    Existing regions (same parent and name) are kept and completed, so the
    import can be run again. Returns the number of regions created.
    """
    return _import_node(tree, parent=None, level=Level.CITY)


_CHILD_KEYS = {Level.CITY: "counties", Level.COUNTY: "towns", Level.TOWN: "villages"}
_NEXT_LEVEL = {Level.CITY: Level.COUNTY, Level.COUNTY: Level.TOWN, Level.TOWN: Level.VILLAGE}


def _import_node(node: dict[str, Any], *, parent: Region | None, level: str) -> int:
    created = 0
    region = Region.objects.filter(parent=parent, name=node["name"], level=level).first()
    if region is None:
        region = create_region(
            name=node["name"],
            level=level,
            parent=parent,
            short_name=node.get("short_name", ""),
            code=node.get("code", ""),
            is_poor_village=node.get("is_poor_village"),
        )
        created += 1
    for alias in node.get("aliases", []):
        if isinstance(alias, str):
            alias = {"name": alias}
        RegionAlias.objects.get_or_create(
            region=region, name=alias["name"], defaults={"note": alias.get("note", "")}
        )
    for child in node.get(_CHILD_KEYS.get(level, ""), []):
        created += _import_node(child, parent=region, level=_NEXT_LEVEL[level])
    return created
