"""Allocations, expenditures and the monthly progress return.

An expenditure locks its allocation's row (``SELECT … FOR UPDATE``) for the
rest of the transaction, sums what is spent and refuses a payment that would
exceed the allocation: two concurrent payments queue on the lock, so the second
sees the first. The sum is kept on the allocation (``spent_wan``), where a
database constraint refuses any sum above the amount."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Round
from django.utils.translation import gettext as _

from apps.audit.locking import StaleEdit
from apps.regions.models import Level, Region

from ..models import ZERO, Expenditure, FundAllocation, FundSource, MonthlyProgress, Project
from ..models.base import cents, lies_within
from .common import require_keeper, save_new, update_versioned, writing

ALLOCATION_FIELDS = frozenset(
    {"region", "year", "source", "document_number", "allocated_on", "amount_wan", "purpose"}
)
EXPENDITURE_FIELDS = frozenset(
    {"allocation", "project", "paid_on", "amount_wan", "payee", "voucher_number"}
)


def do_create_allocation(
    *,
    actor,
    region: Region,
    year: int,
    source: FundSource,
    document_number: str,
    allocated_on: dt.date,
    amount_wan: Decimal,
    purpose: str = "",
) -> FundAllocation:
    with writing(actor):
        require_keeper(actor, region)
        return save_new(
            FundAllocation(
                region=region,
                year=year,
                source=source,
                document_number=document_number,
                allocated_on=allocated_on,
                amount_wan=amount_wan,
                purpose=purpose,
            )
        )


def do_update_allocation(
    *,
    actor,
    allocation: FundAllocation,
    expected_version: int | None,
    changes: Mapping[str, object],
) -> FundAllocation:
    """An edit of the allocation's own fields; its amount cannot drop below
    what is already spent from it."""
    with writing(actor):
        return update_versioned(
            actor=actor,
            model=FundAllocation,
            pk=allocation.pk,
            expected_version=expected_version,
            changes=changes,
            allowed=ALLOCATION_FIELDS,
            region_of=lambda a: a.region,
        )


def lock_allocations(*pks) -> dict[int, FundAllocation]:
    """Row locks in key order (two payments locking two allocations never deadlock)."""
    wanted = sorted({pk for pk in pks if pk is not None})
    rows = (
        FundAllocation._base_manager.select_for_update()
        .select_related("region", "source")
        .filter(pk__in=wanted)
        .order_by("pk")
    )
    return {row.pk: row for row in rows}


def _spent(allocation: FundAllocation, *, excluding: int | None = None) -> Decimal:
    rows = Expenditure.objects.filter(allocation=allocation)
    if excluding is not None:
        rows = rows.exclude(pk=excluding)
    return rows.aggregate(total=Coalesce(Sum("amount_wan"), ZERO, output_field=_MONEY))["total"]


_MONEY = DecimalField(max_digits=14, decimal_places=2)


def check_fits(
    allocation: FundAllocation, amount_wan: Decimal, *, excluding: int | None = None
) -> None:
    """Refuse ``amount_wan`` when the allocation (locked by the caller) cannot
    pay it, naming the allocation, what is spent, what remains and what is asked."""
    spent = _spent(allocation, excluding=excluding)
    remaining = allocation.amount_wan - spent
    if amount_wan > remaining:
        raise ValidationError(
            _(
                "Overspending refused: allocation %(allocation)s of %(region)s "
                "(%(amount)s万元) has %(spent)s万元 spent and %(remaining)s万元 remaining; "
                "this payment asks for %(asked)s万元."
            )
            % {
                "allocation": allocation,
                "region": allocation.region.full_name,
                "amount": cents(allocation.amount_wan),
                "spent": cents(spent),
                "remaining": cents(remaining),
                "asked": cents(amount_wan),
            },
            code="overspent",
        )


def check_project(allocation: FundAllocation, project: Project | None) -> None:
    """Funds follow projects: a project paid from an allocation lies inside its region."""
    if project is not None and not lies_within(project.region, allocation.region):
        raise ValidationError(
            _("The project %(project)s (%(region)s) lies outside %(allocation_region)s.")
            % {
                "project": project.name,
                "region": project.region.full_name,
                "allocation_region": allocation.region.full_name,
            }
        )


def refresh_spent(allocation_ids: Iterable[int]) -> int:
    """Set the allocations' ``spent_wan`` to the sum of their expenditures in
    one UPDATE — for bulk writers (imports) that insert expenditures without
    the services; they must hold the allocations' row locks."""
    # Rounded to the cent: SQLite sums decimals as floating point, and
    # 2970.59 + 3829.41 stored unrounded would exceed 6800 under the constraint.
    spent = (
        Expenditure.objects.filter(allocation=OuterRef("pk"))
        .order_by()
        .values("allocation")
        .annotate(total=Round(Sum("amount_wan"), 2))
        .values("total")
    )
    return FundAllocation._base_manager.filter(pk__in=list(allocation_ids)).update(
        spent_wan=Coalesce(Subquery(spent, output_field=_MONEY), Value(ZERO), output_field=_MONEY)
    )


def do_record_expenditure(
    *,
    actor,
    allocation: FundAllocation,
    project: Project | None,
    date: dt.date,
    amount_wan: Decimal,
    payee: str,
    voucher_no: str,
) -> Expenditure:
    """A payment from ``allocation``; refused when it would overspend it."""
    with writing(actor):
        locked = lock_allocations(allocation.pk)[allocation.pk]
        require_keeper(actor, locked.region)
        check_project(locked, project)
        expenditure = Expenditure(
            allocation=locked,
            project=project,
            paid_on=date,
            amount_wan=amount_wan,
            payee=payee,
            voucher_number=voucher_no,
        )
        expenditure.full_clean()
        check_fits(locked, expenditure.amount_wan)
        expenditure.save()
        refresh_spent([locked.pk])
        return expenditure


def do_update_expenditure(
    *,
    actor,
    expenditure: Expenditure,
    expected_version: int | None,
    changes: Mapping[str, object],
) -> Expenditure:
    """An edit (amount, allocation, project …), checked against the
    allocation it then draws on, without counting the payment twice."""
    with writing(actor):
        new_allocation = changes.get("allocation")
        locks = lock_allocations(expenditure.allocation_id, getattr(new_allocation, "pk", None))
        current = update_versioned(
            actor=actor,
            model=Expenditure,
            pk=expenditure.pk,
            expected_version=expected_version,
            changes=changes,
            allowed=EXPENDITURE_FIELDS,
            region_of=lambda e: e.allocation.region,
        )
        # Locked already unless it moved meanwhile; locking again is harmless.
        target = lock_allocations(current.allocation_id)[current.allocation_id]
        check_project(target, current.project)
        # Checked after the save, inside the transaction: a refusal rolls it back.
        check_fits(target, current.amount_wan, excluding=current.pk)
        refresh_spent({*locks, target.pk})
        return current


def do_delete_expenditure(
    *, actor, expenditure: Expenditure, expected_version: int | None = None
) -> None:
    with writing(actor):
        lock_allocations(expenditure.allocation_id)
        current = Expenditure._base_manager.select_for_update().get(pk=expenditure.pk)
        if expected_version is not None and current.version != expected_version:
            raise StaleEdit(current, expected_version)
        require_keeper(actor, current.allocation.region)
        current.delete()
        refresh_spent([current.allocation_id])


def do_record_monthly_progress(
    *,
    actor,
    month: dt.date,
    planned_cumulative_wan: Decimal,
    actual_cumulative_wan: Decimal,
    project: Project | None = None,
    county: Region | None = None,
    expected_version: int | None = None,
) -> MonthlyProgress:
    """The month's planned and actual cumulative spending of a project, or of
    a county (``county``, no project); a second return for the same month
    replaces the first (stale edit refused when ``expected_version`` is given)."""
    if (project is None) == (county is None):
        raise TypeError("give a project or a county")
    region = project.region if project is not None else county
    if county is not None and county.level != Level.COUNTY:
        raise ValidationError(_("County progress is returned for a county."))
    with writing(actor):
        require_keeper(actor, region)
        existing = MonthlyProgress.objects.filter(project=project, region=region, month=month)
        row = existing.first()
        if row is None:
            return save_new(
                MonthlyProgress(
                    region=region,
                    project=project,
                    month=month,
                    planned_cumulative_wan=planned_cumulative_wan,
                    actual_cumulative_wan=actual_cumulative_wan,
                )
            )
        return update_versioned(
            actor=actor,
            model=MonthlyProgress,
            pk=row.pk,
            expected_version=expected_version,
            changes={
                "planned_cumulative_wan": planned_cumulative_wan,
                "actual_cumulative_wan": actual_cumulative_wan,
            },
            allowed=frozenset({"planned_cumulative_wan", "actual_cumulative_wan"}),
            region_of=lambda p: p.region,
        )
