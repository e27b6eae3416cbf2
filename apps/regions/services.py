"""Writes to the region tree."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from .models import Kind, Level, Region, RegionAlias
from .names import short_name_for


@transaction.atomic
def create_region(
    *,
    name: str,
    level: str,
    parent: Region | None = None,
    short_name: str = "",
    code: str = "",
    kind: str = Kind.STATISTICAL,
    is_poor_village: bool | None = None,
    aliases: list[str] | tuple[str, ...] = (),
) -> Region:
    region = Region(
        name=name,
        level=level,
        parent=parent,
        short_name=short_name or short_name_for(name),
        code=code,
        kind=kind,
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

    Existing regions (same parent and a name, short name or alias the node
    names) are kept and completed, so the import can be run again, also over
    the official tree of ``import_regions``: there the node's poor-village flag
    (the campaign's data) is set where the region has none. Returns the number
    of regions created.
    """
    return _import_node(tree, parent=None, level=Level.CITY)


_CHILD_KEYS = {Level.CITY: "counties", Level.COUNTY: "towns", Level.TOWN: "villages"}
_NEXT_LEVEL = {Level.CITY: Level.COUNTY, Level.COUNTY: Level.TOWN, Level.TOWN: Level.VILLAGE}


def _import_node(node: dict[str, Any], *, parent: Region | None, level: str) -> int:
    created = 0
    region = _existing_node(node, parent=parent, level=level)
    if region is None:
        region = create_region(
            name=node["name"],
            level=level,
            parent=parent,
            short_name=node.get("short_name", ""),
            code=node.get("code", ""),
            kind=node.get("kind", Kind.STATISTICAL),
            is_poor_village=node.get("is_poor_village"),
        )
        created += 1
    elif region.is_poor_village is None and node.get("is_poor_village") is not None:
        region.is_poor_village = node["is_poor_village"]
        region.save(update_fields=["is_poor_village"])
    for alias in node.get("aliases", []):
        if isinstance(alias, str):
            alias = {"name": alias}
        RegionAlias.objects.get_or_create(
            region=region, name=alias["name"], defaults={"note": alias.get("note", "")}
        )
    for child in node.get(_CHILD_KEYS.get(level, ""), []):
        created += _import_node(child, parent=region, level=_NEXT_LEVEL[level])
    return created


def _existing_node(node: dict[str, Any], *, parent: Region | None, level: str) -> Region | None:
    """The region a tree node names: by name first, then short name or alias."""
    same_level = Region.objects.filter(parent=parent, level=level)
    region = same_level.filter(name=node["name"]).first()
    if region is None:
        labels = Q(short_name=node["name"]) | Q(aliases__name=node["name"])
        region = same_level.filter(labels).distinct().first()
    return region
