"""The bulletin's funds paragraph (seed 000 三、(六)), drafted from the fund
records city-wide: the overdue micro-credit on the day the funds pages count
(``FUNDS_LOANS_AS_OF``) with the counties highest, the counties that had not
paid out all their allocations by ``FUNDS_DISBURSEMENT_DEADLINE``, and the
counties without each of the three asset documents."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from apps.accounts.access import SYSTEM
from apps.core.numbers import format_amount
from apps.funds import loan_selectors, usage
from apps.funds.loan_forms import default_as_of
from apps.funds.models import AssetDocumentKind, MicroLoan

HEADING = "扶贫资金使用管理存在的问题。"
ORDINALS = "一二三四五"
DOCUMENT_WORDS = {
    AssetDocumentKind.OPERATION: "县级扶贫资产运营机制",
    AssetDocumentKind.DISTRIBUTION: "扶贫资产收益及分配方案",
    AssetDocumentKind.MANAGEMENT: "扶贫资产管理办法",
}
HIGHEST = 3  # counties named behind the overdue total


def overdue_point(as_of: dt.date) -> str | None:
    if not MicroLoan.objects.exists():
        return None
    total = loan_selectors.overdue_total(actor=SYSTEM, as_of=as_of)
    if not total:
        return f"截至{as_of.month}月{as_of.day}日，我市扶贫小额信贷无逾期。"
    rows = [r for r in loan_selectors.overdue_by_county(actor=SYSTEM, as_of=as_of) if r["overdue"]]
    named = "、".join(f"{r['county']}{format_amount(r['overdue'])}" for r in rows[:HIGHEST])
    return (
        f"扶贫小额贷款逾期金额高。截至{as_of.month}月{as_of.day}日，"
        f"我市扶贫小额信贷逾期金额{format_amount(total)}，其中{named}。"
    )


def disbursement_point(deadline: dt.date) -> str | None:
    years = usage.allocation_years(actor=SYSTEM)
    if not years:
        return None
    rows = usage.disbursement_by(actor=SYSTEM, years=years, deadline=deadline)
    behind = [row.county for row in rows if not row.fully_spent]
    if not behind:
        return None
    many = "等县（市、区）" if len(behind) > 1 else ""
    return (
        f"扶贫资金使用进度慢。{'、'.join(behind)}{many}"
        f"在{deadline.month}月{deadline.day}日前尚未全部拨付使用。"
    )


def documents_point() -> str | None:
    missing = loan_selectors.counties_missing_asset_documents(actor=SYSTEM)
    parts = [
        f"{'、'.join(c.name for c in counties)}尚未制定{DOCUMENT_WORDS[kind]}"
        for kind, counties in missing.items()
        if counties
    ]
    if not parts:
        return None
    return f"扶贫资产管理进度缓慢。{'；'.join(parts)}。"


def funds_problems() -> str | None:
    """The paragraph (without its number), or None when no fund record says anything."""
    deadline = dt.date.fromisoformat(settings.FUNDS_DISBURSEMENT_DEADLINE)
    points = [
        point
        for point in (
            overdue_point(default_as_of()),
            disbursement_point(deadline),
            documents_point(),
        )
        if point
    ]
    if not points:
        return None
    return HEADING + "".join(f"{ORDINALS[i]}是{point}" for i, point in enumerate(points))
