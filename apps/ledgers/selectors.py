"""Reads: the template's tree, completeness per county (in the database), the
grid of one county, the missing items, and the evidence an archive holds."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Rank

from apps.accounts.access import scope_queryset
from apps.regions.models import Level, Region

from .archive import safe_segment
from .models import ENTRY_LEVEL, EntryStatus, ItemLevel, LedgerEntry, LedgerItem, LedgerTemplate


def templates() -> QuerySet[LedgerTemplate]:
    """Templates are the city's catalogue: every user reads them (entries are scoped)."""
    return LedgerTemplate.objects.select_related("campaign", "scheme")


@dataclass
class TreeItem:
    item: LedgerItem
    depth: int
    folders: tuple[str, ...]  # the zip's folder path down to this item
    leaf: bool = True  # filled by regions; a heading only groups

    @property
    def indent(self) -> int:
        return self.depth * 2

    @property
    def headings(self) -> str:
        """Where the item sits: 三、工作落实 › 4.相对贫困村退出十项指标佐证."""
        return " › ".join(self.folders[:-1])


def folder_name(item: LedgerItem) -> str:
    """一、扶贫责任 / 1.三级书记遍访台账 — safe as one zip path segment."""
    return safe_segment(f"{item.numbering}{item.title}")


def tree(template: LedgerTemplate) -> list[TreeItem]:
    """The items in tree order (parents before children, siblings by order): one query."""
    items = list(template.items.select_related("indicator").order_by("order", "pk"))
    children: dict[int | None, list[LedgerItem]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    ordered: list[TreeItem] = []

    def walk(parent_id: int | None, depth: int, folders: tuple[str, ...]) -> None:
        for item in children.get(parent_id, []):
            path = (*folders, folder_name(item))
            ordered.append(TreeItem(item, depth, path, leaf=item.pk not in children))
            walk(item.pk, depth + 1, path)

    walk(None, 0, ())
    return ordered


def leaf_items(entries: list[TreeItem]) -> list[TreeItem]:
    """Items that are filled: those without children (headings only group)."""
    return [t for t in entries if t.leaf]


def applies_to(item: LedgerItem, region: Region) -> bool:
    if region.level != ENTRY_LEVEL[item.level]:
        return False
    return not item.poor_villages_only or bool(region.is_poor_village)


def _regions_q(level: str, poor_only: bool, prefix: str = "") -> Q:
    q = Q(**{f"{prefix}level": level})
    if poor_only:
        q &= Q(**{f"{prefix}is_poor_village": True})
    return q


# --- completeness per county ------------------------------------------------


def _required_groups(template: LedgerTemplate) -> dict[tuple[str, bool], int]:
    """How many required leaf items each (region level, poor only) group has."""
    rows = (
        template.items.filter(required=True, children__isnull=True)
        .values("level", "poor_villages_only")
        .annotate(n=Count("pk"))
    )
    groups: dict[tuple[str, bool], int] = {}
    for row in rows:
        key = (ENTRY_LEVEL[ItemLevel(row["level"])], row["poor_villages_only"])
        groups[key] = groups.get(key, 0) + row["n"]
    return groups


def _count_in_county(level: str, poor_only: bool):
    regions = (
        Region.objects.filter(_regions_q(level, poor_only), county_id=OuterRef("pk"))
        .order_by()
        .values("county_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(regions, output_field=IntegerField()), Value(0))


def county_completeness(template: LedgerTemplate, *, user) -> QuerySet[Region]:
    """The counties in the user's scope, each annotated with ``complete`` (required
    item × region pairs complete), ``required`` (all such pairs), ``share`` (%)
    and ``position`` (rank by share): counted, divided and ranked in the database."""
    denominator = Value(0, output_field=IntegerField())
    for (level, poor_only), items in sorted(_required_groups(template).items()):
        denominator = denominator + Value(items) * _count_in_county(level, poor_only)
    complete = (
        LedgerEntry.objects.filter(
            item__template=template,
            item__required=True,
            item__children__isnull=True,
            status=EntryStatus.COMPLETE,
            region__county_id=OuterRef("pk"),
        )
        .order_by()
        .values("region__county_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    share = ExpressionWrapper(
        F("complete") * Decimal("100.0") / F("required"),
        output_field=DecimalField(max_digits=7, decimal_places=4),
    )
    counties = scope_queryset(Region.objects.filter(level=Level.COUNTY), user)
    return (
        counties.annotate(
            complete=Coalesce(Subquery(complete, output_field=IntegerField()), Value(0)),
            required=ExpressionWrapper(denominator, output_field=IntegerField()),
        )
        .annotate(share=_share_or_zero(share))
        .annotate(position=Window(Rank(), order_by=F("share").desc()))
        .order_by("-share", "code", "name")
    )


def _share_or_zero(share):
    from django.db.models import Case, When

    return Case(
        When(required__gt=0, then=share),
        default=Value(Decimal(0)),
        output_field=DecimalField(max_digits=7, decimal_places=4),
    )


def is_archive_ready(row: Region) -> bool:
    """档案管理: a county is ready when every required item of every region is complete."""
    return row.required > 0 and row.complete == row.required


# --- one county's grid --------------------------------------------------------

GRID_LEVELS = [
    (Level.COUNTY.value, ItemLevel.COUNTY.label),
    (Level.TOWN.value, ItemLevel.TOWN.label),
    (Level.VILLAGE.value, ItemLevel.VILLAGE.label),
    (ItemLevel.HOUSEHOLD.value, ItemLevel.HOUSEHOLD.label),
]


@dataclass
class Grid:
    level: str
    columns: list[Region]
    rows: list[tuple[TreeItem, list[tuple[Region, str | None]]]]  # None: does not apply
    missing_per_column: list[int] = field(default_factory=list)


def county_grid(template: LedgerTemplate, county: Region, *, level: str, user) -> Grid:
    """Items of ``level`` × the county's regions that fill them, each cell's status
    (an item with no entry is missing): three queries whatever the size."""
    items = [t for t in leaf_items(tree(template)) if t.item.level == level]
    region_level = ENTRY_LEVEL[ItemLevel(level)]
    columns = list(
        scope_queryset(Region.objects.filter(level=region_level), user)
        .filter(Region.subtree_q(county))
        .select_related("town")
        .order_by("code", "name")
    )
    statuses = {
        (item_id, region_id): status
        for item_id, region_id, status in LedgerEntry.objects.filter(
            item__in=[t.item for t in items], region__in=columns
        ).values_list("item_id", "region_id", "status")
    }
    rows = []
    for t in items:
        cells = [
            (
                region,
                statuses.get((t.item.pk, region.pk), EntryStatus.MISSING)
                if applies_to(t.item, region)
                else None,
            )
            for region in columns
        ]
        rows.append((t, cells))
    missing = [
        sum(1 for _t, cells in rows if cells[i][1] == EntryStatus.MISSING and _t.item.required)
        for i in range(len(columns))
    ]
    return Grid(level=level, columns=columns, rows=rows, missing_per_column=missing)


# --- the missing items of a county -----------------------------------------


@dataclass(frozen=True)
class MissingItem:
    item: TreeItem
    region: Region
    status: str


def missing_items(template: LedgerTemplate, county: Region, *, user) -> list[MissingItem]:
    """Every (item, region) of the county not complete, grouped by region (the
    county first, then its towns and villages), required items first within
    each, in tree order: three queries."""
    items = leaf_items(tree(template))
    regions = list(
        scope_queryset(Region.objects.all(), user)
        .filter(Region.subtree_q(county))
        .exclude(level=Level.CITY)
        .select_related("town")
        .order_by("code", "name")
    )
    statuses = {
        (item_id, region_id): status
        for item_id, region_id, status in LedgerEntry.objects.filter(
            item__template=template, region__in=regions
        ).values_list("item_id", "region_id", "status")
    }
    found = [
        MissingItem(t, region, statuses.get((t.item.pk, region.pk), EntryStatus.MISSING))
        for t in items
        for region in regions
        if applies_to(t.item, region)
        and statuses.get((t.item.pk, region.pk)) != EntryStatus.COMPLETE
    ]
    where = {region.pk: n for n, region in enumerate(regions)}
    where.update({county.pk: -1})
    return sorted(found, key=lambda m: (where[m.region.pk], not m.item.item.required))


# --- the archive (zip) ---------------------------------------------------------


@dataclass(frozen=True)
class ArchiveFile:
    folders: tuple[str, ...]
    region_name: str
    name: str
    path: str  # the storage name, opened when the zip reaches it


def archive_files(template: LedgerTemplate, region: Region, items: list[TreeItem]) -> Iterator:
    """The evidence of every entry in ``region``'s subtree, one lean row at a
    time (iterator: never all rows in memory), in tree order per item."""
    from .models import LedgerEvidence

    folders = {t.item.pk: t.folders for t in items}
    rows = (
        LedgerEvidence.objects.filter(entry__item__template=template)
        .filter(Region.subtree_q(region, "entry__region__"))
        .order_by("entry__item_id", "entry__region__code", "entry__region_id", "pk")
        .values_list(
            "entry__item_id",
            "entry__region__town__name",
            "entry__region__level",
            "entry__region__name",
            "original_name",
            "file",
        )
    )
    for item_id, town, level, name, original, path in rows.iterator(chunk_size=500):
        # A village's folder names its town too: two towns may have a 新村.
        where = f"{town}{name}" if level == Level.VILLAGE and town else name
        yield ArchiveFile(folders[item_id], where, original, path)
