"""Allocations (资金下达): natural key region + year + source + document number."""

from __future__ import annotations

from django.db.models import Q

from ..models import ALLOCATION_LEVELS, FundAllocation, FundSource
from ..services import do_create_allocation, do_update_allocation
from .columns import ALLOCATION_COLUMNS
from .context import WRITE_ERRORS, Checking
from .sources import sources_by_name

FIELDS = ("allocated_on", "amount_wan", "purpose")
_BY_FIELD = {c.field: c for c in ALLOCATION_COLUMNS}


def check(sheet, ctx: Checking) -> list[tuple[int, dict, FundAllocation | None]]:
    sources = sources_by_name()
    keyed: dict[tuple, int] = {}
    rows = []
    for number, values in sheet.rows:
        region = ctx.region(number, values, ALLOCATION_LEVELS)
        source = _source(ctx, number, values, sources)
        if region is None or source is None or "document_number" not in values:
            continue
        if values.get("year") is None or values.get("amount_wan") is None:
            continue
        key = (region.pk, values["year"], source.pk, values["document_number"])
        if key in keyed:
            ctx.problem(number, _BY_FIELD["document_number"], key[3], f"与第{keyed[key]}行重复")
            continue
        keyed[key] = number
        rows.append((number, {**values, "region": region, "source": source}, key))
    stored = _stored([key for *_, key in rows])
    planned = []
    for number, values, key in rows:
        existing = stored.get(key)
        if existing is not None and values["amount_wan"] < existing.spent_wan:
            ctx.problem(
                number,
                _BY_FIELD["amount_wan"],
                values["amount_wan"],
                f"该指标已支出{existing.spent_wan:.2f}万元，金额不能低于已支出数",
            )
        planned.append((number, values, existing))
    return planned


def _source(ctx, number, values, sources) -> FundSource | None:
    name = values.get("source")
    if not name:
        return None
    found = sources.get(name)
    if found is None:
        ctx.problem(
            number, _BY_FIELD["source"], name, f"资金来源不在清单中（可选：{'、'.join(sources)}）"
        )
    return found


def _stored(keys: list[tuple]) -> dict[tuple, FundAllocation]:
    if not keys:
        return {}
    condition = Q()
    for region, year, source, document in keys:
        condition |= Q(region_id=region, year=year, source_id=source, document_number=document)
    rows = FundAllocation.objects.filter(condition).select_for_update()
    return {(a.region_id, a.year, a.source_id, a.document_number): a for a in rows}


def write(planned, actor) -> tuple[int, int, list[tuple[int, Exception]]]:
    created = updated = 0
    errors = []
    for number, values, existing in planned:
        try:
            if existing is None:
                do_create_allocation(
                    actor=actor,
                    region=values["region"],
                    year=values["year"],
                    source=values["source"],
                    document_number=values["document_number"],
                    allocated_on=values["allocated_on"],
                    amount_wan=values["amount_wan"],
                    purpose=values.get("purpose", ""),
                )
                created += 1
                continue
            changes = {
                f: values[f] for f in FIELDS if f in values and values[f] != getattr(existing, f)
            }
            if changes:
                do_update_allocation(
                    actor=actor, allocation=existing, expected_version=None, changes=changes
                )
                updated += 1
        except WRITE_ERRORS as error:  # reported at its row; the whole import rolls back
            errors.append((number, error))
    return created, updated, errors
