"""Projects (扶贫项目): natural key region + year approved + name. Stages move
on the project's page, not by import."""

from __future__ import annotations

from django.db.models import Q

from apps.regions.models import Level

from ..models import ZERO, Project
from ..services import do_create_project, do_update_project
from .columns import PROJECT_COLUMNS
from .context import WRITE_ERRORS, Checking
from .sources import kinds_by_name

FIELDS = (
    "kind",
    "approved_on",
    "special_funds_wan",
    "self_raised_wan",
    "other_wan",
    "households_benefiting",
    "people_benefiting",
    "notice_on",
    "tender_reference",
    "note",
)
DEFAULTS = {
    "special_funds_wan": ZERO,
    "self_raised_wan": ZERO,
    "other_wan": ZERO,
    "households_benefiting": 0,
    "people_benefiting": 0,
    "tender_reference": "",
    "note": "",
}
_BY_FIELD = {c.field: c for c in PROJECT_COLUMNS}


def check(sheet, ctx: Checking):
    kinds = kinds_by_name()
    keyed: dict[tuple, int] = {}
    rows = []
    for number, values in sheet.rows:
        region = ctx.region(number, values, (Level.TOWN, Level.VILLAGE))
        kind = kinds.get(values.get("kind") or "")
        if values.get("kind") and kind is None:
            ctx.problem(
                number,
                _BY_FIELD["kind"],
                values["kind"],
                f"项目类型不在清单中（可选：{'、'.join(kinds)}）",
            )
        if region is None or kind is None or not values.get("name") or not values.get("year"):
            continue
        if values.get("approved_on") is None:
            continue
        key = (region.pk, values["year"], values["name"])
        if key in keyed:
            ctx.problem(number, _BY_FIELD["name"], key[2], f"与第{keyed[key]}行重复")
            continue
        keyed[key] = number
        cleaned = {
            k: (DEFAULTS.get(k) if v is None and k in DEFAULTS else v) for k, v in values.items()
        }
        rows.append((number, {**cleaned, "region": region, "kind": kind}, key))
    condition = Q(pk__in=[])
    for region, year, name in (key for *_, key in rows):
        condition |= Q(region_id=region, year=year, name=name)
    stored = {
        (p.region_id, p.year, p.name): p
        for p in Project.objects.filter(condition).select_for_update()
    }
    return [(number, values, stored.get(key)) for number, values, key in rows]


def write(planned, actor):
    created = updated = 0
    errors = []
    for number, values, existing in planned:
        try:
            if existing is None:
                do_create_project(
                    actor=actor,
                    region=values["region"],
                    name=values["name"],
                    year=values["year"],
                    **{f: values[f] for f in FIELDS if f in values},
                )
                created += 1
                continue
            changes = {
                f: values[f] for f in FIELDS if f in values and values[f] != getattr(existing, f)
            }
            if changes:
                do_update_project(
                    actor=actor, project=existing, expected_version=None, changes=changes
                )
                updated += 1
        except WRITE_ERRORS as error:  # reported at its row; the whole import rolls back
            errors.append((number, error))
    return created, updated, errors
