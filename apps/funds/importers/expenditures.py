"""Expenditures (资金支出): natural key allocation + voucher number. Written
in bulk (COPY on PostgreSQL) with their history rows, under the allocations'
row locks; the file's payments together with the stored ones may not exceed
an allocation (refused naming the rows)."""

from __future__ import annotations

import functools
from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.db.models import Q

from apps.audit.models import Action
from apps.audit.services import BulkChange, record_bulk
from apps.core.bulk import (
    allocate_ids,
    copies_in_background,
    foreign_keys_checked_as_written,
    insert_rows,
)
from apps.core.dates import official_date

from ..models import ALLOCATION_LEVELS, ZERO, Expenditure, FundAllocation, Project
from ..models.base import lies_within
from ..services import refresh_spent
from ..services.allocations import lock_allocations
from .columns import EXPENDITURE_COLUMNS
from .context import Checking
from .sources import sources_by_name

FIELDS = ("project_id", "paid_on", "amount_wan", "payee")
_BY_FIELD = {c.field: c for c in EXPENDITURE_COLUMNS}
_ALLOCATION_FIELDS = ("county", "town", "village", "source", "year", "document_number")


def check(sheet, ctx: Checking):
    allocations = _allocations(sheet, ctx)
    locked = lock_allocations(*{a.pk for a in allocations.values()})
    projects = _projects({v["project"] for _, v in sheet.rows if v.get("project")})
    candidates: dict[tuple, list[Project]] = {}
    keyed: dict[tuple, int] = {}
    rows = []
    for number, values in sheet.rows:
        allocation = allocations.get(number)
        if allocation is None:
            continue
        allocation = locked[allocation.pk]
        project = _project(ctx, number, values, allocation, projects, candidates)
        if project is False or values.get("amount_wan") is None:
            continue
        if values.get("paid_on") is None or not values.get("payee"):
            continue
        key = (allocation.pk, values["voucher_number"])
        if key in keyed:
            ctx.problem(number, _BY_FIELD["voucher_number"], key[1], f"与第{keyed[key]}行重复")
            continue
        keyed[key] = number
        rows.append((number, allocation, {**values, "project_id": getattr(project, "pk", None)}))
    stored = _stored(keyed)
    _check_overspend(ctx, rows, stored)
    return [(n, a, v, stored.get((a.pk, v["voucher_number"]))) for n, a, v in rows], projects


def _allocations(sheet, ctx) -> dict[int, FundAllocation]:
    """Each row's allocation (row number → allocation), found by its natural key."""
    sources = sources_by_name()
    wanted = {}
    # Rows naming an allocation already found valid skip the look-ups: a file
    # has tens of thousands of payments from a few allocations. (A row with a
    # problem is never remembered, so each such row reports its own.)
    known: dict[tuple, tuple] = {}
    for number, values in sheet.rows:
        named = tuple(values.get(f) for f in _ALLOCATION_FIELDS)
        key = known.get(named)
        if key is not None:
            if values.get("voucher_number"):
                wanted[number] = (key, values)
            continue
        region = ctx.region(number, values, ALLOCATION_LEVELS)
        source = sources.get(values.get("source") or "")
        if values.get("source") and source is None:
            ctx.problem(number, _BY_FIELD["source"], values["source"], "资金来源不在清单中")
        if None in (region, source, values.get("year")) or not values.get("document_number"):
            continue
        key = known[named] = (region.pk, values["year"], source.pk, values["document_number"])
        if values.get("voucher_number"):
            wanted[number] = (key, values)
    condition = Q(pk__in=[])
    for region, year, source, document in {key for key, _ in wanted.values()}:
        condition |= Q(region_id=region, year=year, source_id=source, document_number=document)
    found = {
        (a.region_id, a.year, a.source_id, a.document_number): a
        for a in FundAllocation.objects.filter(condition).select_related("region", "source")
    }
    result = {}
    for number, (key, values) in wanted.items():
        allocation = found.get(key)
        if allocation is None:
            ctx.problem(
                number,
                _BY_FIELD["document_number"],
                values["document_number"],
                f"未找到该资金指标（{values.get('year')}年 {values.get('source')} "
                f"{values['document_number']}），请先导入资金下达",
            )
            continue
        result[number] = allocation
    return result


def _projects(names: set[str]) -> dict[str, list[Project]]:
    found = defaultdict(list)
    rows = Project.objects.filter(name__in=names).select_related("region")
    for project in rows.only(
        "pk",
        "name",
        "year",
        "region__level",
        "region__county_id",
        "region__town_id",
        "region__city_id",
        "region__name",
    ):
        found[project.name].append(project)
    return found


def _project(ctx, number, values, allocation, projects, memo) -> Project | None | bool:
    """The row's project (None: no project), or False after a problem."""
    name = values.get("project")
    if not name:
        return None
    candidates = _candidates(projects, memo, name, allocation, values.get("project_year"))
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        ctx.problem(
            number, _BY_FIELD["project"], name, f"在{allocation.region.full_name}未找到该项目"
        )
    else:
        years = "、".join(sorted({str(p.year) for p in candidates}))
        ctx.problem(
            number,
            _BY_FIELD["project"],
            name,
            f"同名项目不止一个（立项年度：{years}），请填写项目立项年度",
        )
    return False


def _candidates(projects, memo: dict, name: str, allocation, year) -> list[Project]:
    """The projects named ``name`` (of ``year``) under the allocation's region,
    kept in ``memo`` for the file: thousands of rows name the same few
    projects of the same allocation."""
    key = (name, allocation.pk, year)
    if key not in memo:
        found = [p for p in projects.get(name, ()) if lies_within(p.region, allocation.region)]
        memo[key] = [p for p in found if p.year == year] if year else found
    return memo[key]


def _stored(keyed: dict[tuple, int]) -> dict[tuple, Expenditure]:
    """The stored payments with the file's keys (allocation, voucher number)."""
    if not keyed:
        return {}
    if connection.vendor == "postgresql":
        # Both columns of the (allocation, voucher) unique index as arrays, each
        # sent as one text value: an OR of IN lists (one parameter per
        # voucher), or psycopg's ARRAY[…] of 50 000 literals, took a second to
        # build and plan, and a join to unnest() hashed the whole table. The
        # index pairs every allocation with every voucher: the exact keys are
        # kept below.
        allocation_ids = {allocation_id for allocation_id, _ in keyed}
        vouchers = {voucher for _, voucher in keyed}
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, allocation_id, voucher_number FROM {Expenditure._meta.db_table} "
                "WHERE allocation_id = ANY(%s::bigint[]) AND voucher_number = ANY(%s::text[])",
                [_array(map(str, allocation_ids)), _array(vouchers)],
            )
            wanted = [pk for pk, *key in cursor.fetchall() if tuple(key) in keyed]
        found = Expenditure.objects.filter(pk__in=wanted)
    else:
        by_allocation = defaultdict(list)
        for allocation_id, voucher in keyed:
            by_allocation[allocation_id].append(voucher)
        condition = Q(pk__in=[])
        for allocation_id, vouchers in by_allocation.items():
            condition |= Q(allocation_id=allocation_id, voucher_number__in=vouchers)
        found = Expenditure.objects.filter(condition)
    return {(e.allocation_id, e.voucher_number): e for e in found}


def _array(values) -> str:
    """A PostgreSQL array literal of ``values`` (each quoted and escaped)."""
    quoted = (v.replace("\\", "\\\\").replace('"', '\\"') for v in values)
    return "{" + ",".join(f'"{v}"' for v in quoted) + "}"


def _check_overspend(ctx, rows, stored) -> None:
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    numbers: dict[int, list[int]] = defaultdict(list)
    allocations = {}
    for number, allocation, values in rows:
        existing = stored.get((allocation.pk, values["voucher_number"]))
        # A re-imported voucher replaces its stored amount; it is not paid twice.
        totals[allocation.pk] += values["amount_wan"] - (existing.amount_wan if existing else ZERO)
        numbers[allocation.pk].append(number)
        allocations[allocation.pk] = allocation
    for pk, extra in totals.items():
        allocation = allocations[pk]
        if allocation.spent_wan + extra <= allocation.amount_wan:
            continue
        total = allocation.spent_wan + extra
        listed = "、".join(str(n) for n in numbers[pk][:30]) + (
            "等" if len(numbers[pk]) > 30 else ""
        )
        ctx.problem(
            numbers[pk][0],
            _BY_FIELD["amount_wan"],
            "",
            f"超支：资金指标{allocation}（{allocation.region.full_name}，"
            f"{allocation.amount_wan:.2f}万元）已支出{allocation.spent_wan:.2f}万元，"
            f"本文件第{listed}行将使支出合计达到{total:.2f}万元，"
            f"超出{total - allocation.amount_wan:.2f}万元",
        )


def write(planned, actor):
    rows, projects = planned
    names = {p.pk: p.name for group in projects.values() for p in group}
    new = [(a, v) for _, a, v, existing in rows if existing is None]
    changed = [(a, v, e) for _, a, v, e in rows if e is not None]
    # The server stores (and checks the keys of) one COPY batch while Python
    # prepares the next: the payments, then their history rows.
    with copies_in_background(), foreign_keys_checked_as_written():
        created = _create(new, names)
        updated = _update(changed, names)
    refresh_spent({a.pk for _, a, _, _ in rows})
    return created, updated, []


_COLUMNS = (
    "id",
    "allocation_id",
    "project_id",
    "paid_on",
    "amount_wan",
    "payee",
    "voucher_number",
    "created_at",
    "updated_at",
    "version",
)


def _create(new, names) -> int:
    from apps.core.bulk import now

    at = now()
    ids = allocate_ids(Expenditure, len(new))
    if ids is None:  # SQLite: bulk_create gives the ids
        objects = Expenditure.objects.bulk_create(
            [
                Expenditure(
                    allocation_id=a.pk,
                    project_id=v["project_id"],
                    paid_on=v["paid_on"],
                    amount_wan=v["amount_wan"],
                    payee=v["payee"],
                    voucher_number=v["voucher_number"],
                )
                for a, v in new
            ]
        )
        ids = [o.pk for o in objects]
    else:
        insert_rows(
            Expenditure,
            _COLUMNS,
            (
                (
                    pk,
                    a.pk,
                    v["project_id"],
                    v["paid_on"],
                    v["amount_wan"],
                    v["payee"],
                    v["voucher_number"],
                    at,
                    at,
                    1,
                )
                for pk, (a, v) in zip(ids, new, strict=True)
            ),
        )
    shown_allocation = functools.cache(str)  # a file has few allocations and days
    shown_day = functools.cache(official_date)
    record_bulk(
        Expenditure,
        (
            BulkChange(
                pk,
                f"{v['voucher_number']} {v['payee']}",
                Action.CREATE,
                _shown(a, v, names, shown_allocation, shown_day),
                1,
            )
            for pk, (a, v) in zip(ids, new, strict=True)
        ),
    )
    return len(new)


def _shown(allocation, values, names, shown_allocation=str, shown_day=official_date) -> dict:
    shown = {
        "allocation": shown_allocation(allocation),
        "paid_on": shown_day(values["paid_on"]),
        "amount_wan": f"{values['amount_wan']:.2f}",
        "payee": values["payee"],
        "voucher_number": values["voucher_number"],
    }
    if values["project_id"]:
        shown["project"] = names[values["project_id"]]
    return shown


def _update(changed, names) -> int:
    from apps.core.bulk import now

    at = now()
    touched, history = [], []
    for _allocation, values, existing in changed:
        diff = {}
        for field in FIELDS:
            old, new = getattr(existing, field), values[field]
            if old != new:
                diff[field] = (old, new)
                setattr(existing, field, new)
        if not diff:
            continue
        existing.version += 1
        existing.updated_at = at
        touched.append(existing)
        history.append(
            BulkChange(
                existing.pk,
                str(existing),
                Action.UPDATE,
                _diff_shown(diff, names),
                existing.version,
            )
        )
    if touched:
        Expenditure.objects.bulk_update(
            touched, [*FIELDS, "version", "updated_at"], batch_size=2000
        )
        record_bulk(Expenditure, history)
    return len(touched)


def _diff_shown(diff: dict, names) -> dict:
    def show(field, value):
        if value is None:
            return None
        if field == "project_id":
            return names.get(value, str(value))
        if field == "paid_on":
            return official_date(value)
        if field == "amount_wan":
            return f"{value:.2f}"
        return value

    return {f.removesuffix("_id"): [show(f, old), show(f, new)] for f, (old, new) in diff.items()}
