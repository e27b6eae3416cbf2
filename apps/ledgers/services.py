"""Writes: templates, their items (by hand or from .xlsx), entries and their
evidence. Keyword-only, one transaction each, access checked inside; history
rows (修改记录) come from the audit signals on every save."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.access import can_fill_ledger, can_manage_ledgers, person
from apps.audit.locking import lock_current_version, next_version
from apps.evidence.services import store_evidence
from apps.evidence.validators import check_upload
from apps.regions.models import Region

from . import importers
from .models import (
    EntryStatus,
    ItemLevel,
    LedgerEntry,
    LedgerEvidence,
    LedgerItem,
    LedgerTemplate,
)
from .selectors import applies_to

CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (a template's headings stay below 100)."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CHINESE_DIGITS[ones]
    head = "" if tens == 1 else CHINESE_DIGITS[tens]
    return f"{head}十{CHINESE_DIGITS[ones] if ones else ''}"


def numbering(depth: int, position: int) -> str:
    """一、 at the top, 1. below, (1) below that — as the seeds number headings."""
    if depth == 0:
        return f"{chinese_number(position)}、"
    if depth == 1:
        return f"{position}."
    return f"({position})"


def _require_manager(user) -> None:
    if not can_manage_ledgers(user):
        raise PermissionDenied(_("Only the city office builds ledger templates."))


@transaction.atomic
def do_create_template(
    *, user, title: str, year: int, period: str = "", campaign=None, scheme=None
) -> LedgerTemplate:
    _require_manager(user)
    template = LedgerTemplate(
        title=title, year=year, period=period, campaign=campaign, scheme=scheme
    )
    template.full_clean()
    template.save()
    return template


@dataclass(frozen=True)
class ItemSpec:
    code: str
    title: str
    level: str
    parent_code: str = ""
    kinds: Sequence[str] = ("pdf", "image")
    required: bool = True
    indicator_name: str = ""
    poor_only: bool = False


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


@transaction.atomic
def do_import_template(*, user, template: LedgerTemplate, upload) -> ImportResult:
    """The items of an .xlsx file (importers.py): every problem reported at once
    and nothing written, or every row created or updated by its 编号."""
    _require_manager(user)
    names = set(_indicators(template))
    rows = importers.read_items(upload, indicator_names=names)
    specs = [
        ItemSpec(
            code=r.code,
            title=r.title,
            level=r.level,
            parent_code=r.parent_code,
            kinds=r.kinds,
            required=r.required,
            indicator_name=r.indicator_name,
            poor_only=r.poor_only,
        )
        for r in rows
    ]
    return _write_items(template, specs)


@transaction.atomic
def do_set_items(*, user, template: LedgerTemplate, items: Sequence[ItemSpec]) -> ImportResult:
    """Items given in code (the demo, tests): parents before children."""
    _require_manager(user)
    return _write_items(template, items)


def _indicators(template: LedgerTemplate) -> dict[str, object]:
    scheme = template.scheme
    return {i.name: i for i in scheme.indicators.all()} if scheme else {}


def _write_items(template: LedgerTemplate, specs: Sequence[ItemSpec]) -> ImportResult:
    indicators = _indicators(template)
    existing = {item.code: item for item in template.items.select_for_update()}
    saved: dict[str, LedgerItem] = {}
    positions: dict[str, int] = {}
    created = updated = 0
    for order, spec in enumerate(specs, start=1):
        parent = saved.get(spec.parent_code) or existing.get(spec.parent_code)
        if spec.parent_code and parent is None:
            raise ValidationError(
                _("Item %(code)s names a parent %(parent)s that does not exist.")
                % {"code": spec.code, "parent": spec.parent_code}
            )
        depth = _depth_of(parent)
        positions[spec.parent_code] = positions.get(spec.parent_code, 0) + 1
        item = existing.get(spec.code) or LedgerItem(template=template, code=spec.code)
        is_new = item.pk is None
        item.parent = parent
        item.order = order
        item.numbering = numbering(depth, positions[spec.parent_code])
        item.title = spec.title
        item.level = spec.level
        item.evidence_kinds = ",".join(spec.kinds)
        item.required = spec.required
        item.poor_villages_only = spec.poor_only
        item.indicator = indicators.get(spec.indicator_name)
        item.full_clean(exclude=["template", "parent", "indicator"])
        item.save()
        saved[spec.code] = item
        created, updated = created + is_new, updated + (not is_new)
    return ImportResult(created=created, updated=updated)


def _depth_of(parent: LedgerItem | None) -> int:
    depth = 0
    while parent is not None:
        depth += 1
        parent = parent.parent
    return depth


# --- entries ----------------------------------------------------------------


def _require_filler(user, region: Region) -> None:
    if not can_fill_ledger(user, region):
        raise PermissionDenied(
            _("You may not fill the ledger of %(region)s.") % {"region": region.full_name}
        )


def check_kinds(item: LedgerItem, uploads: Sequence) -> None:
    """Refuse, naming each, files of a type the item does not accept, and files
    that fail the evidence base's content checks — all before anything is written."""
    problems: list[str] = []
    for upload in uploads:
        name = upload.name or ""
        if not name.lower().endswith(item.extensions):
            problems.append(
                _("%(name)s: the item “%(item)s” accepts only %(kinds)s.")
                % {"name": name, "item": item, "kinds": item.kinds_label}
            )
            continue
        try:
            check_upload(upload)
        except ValidationError as exc:
            problems.extend(exc.messages)
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def do_fill_entry(
    *,
    user,
    item: LedgerItem,
    region: Region,
    status: str,
    note: str = "",
    evidence_files: Sequence = (),
    expected_version: int | None = None,
) -> LedgerEntry:
    """Record ``region``'s status for ``item`` with a note and evidence; the
    entry is created on first fill, locked and version-checked after."""
    _require_filler(user, region)
    if item.children.exists():
        raise ValidationError(_("A heading is not filled: fill the items below it."))
    if not applies_to(item, region):
        raise ValidationError(
            _("The item “%(item)s” is filled by %(level)s, not by %(region)s.")
            % {
                "item": item,
                "level": _poor_label(item)
                if item.poor_villages_only
                else ItemLevel(item.level).label,
                "region": region.full_name,
            }
        )
    if status not in EntryStatus.values:
        raise ValidationError(_("Choose 已齐全, 部分 or 缺失."))
    check_kinds(item, evidence_files)
    entry, created = LedgerEntry.objects.get_or_create(item=item, region=region)
    if not created:
        entry = lock_current_version(LedgerEntry, entry.pk, expected_version)
        next_version(entry)
    entry.status = status
    entry.note = note
    entry.checked_by = person(user)
    entry.checked_at = timezone.now()
    entry.full_clean()
    entry.save()
    for upload in evidence_files:
        store_evidence(LedgerEvidence, user=person(user), upload=upload, entry=entry)
    return entry


def _poor_label(item: LedgerItem) -> str:
    return _("poor villages (贫困村)")


@transaction.atomic
def do_add_evidence(*, user, entry: LedgerEntry, upload) -> LedgerEvidence:
    """One more file for an entry: its item's accepted types only, checked by content."""
    _require_filler(user, entry.region)
    check_kinds(entry.item, [upload])
    return store_evidence(LedgerEvidence, user=person(user), upload=upload, entry=entry)
