"""The ledger panel on the score-entry page (plugged into scorecards.panels):
an inspector scoring 扶贫责任 sees that indicator's ledger items and the scored
region's status for each. Two queries, whatever the number of items."""

from __future__ import annotations

from django.template.loader import render_to_string

from .models import EntryStatus, LedgerEntry, LedgerItem
from .selectors import applies_to


def ledger_panel(request, scheme, region, indicators: list) -> str:
    items = list(
        LedgerItem.objects.filter(indicator__in=indicators)
        .select_related("indicator", "template")
        .order_by("indicator__order", "order", "pk")
    )
    items = [item for item in items if applies_to(item, region)]
    if not items:
        return ""
    statuses = dict(
        LedgerEntry.objects.filter(item__in=items, region=region).values_list("item_id", "status")
    )
    by_indicator: dict[object, list] = {}
    for item in items:
        status = statuses.get(item.pk, EntryStatus.MISSING)
        by_indicator.setdefault(item.indicator, []).append((item, EntryStatus(status)))
    return render_to_string(
        "ledgers/_score_panel.html",
        {"groups": list(by_indicator.items()), "region": region, "statuses": EntryStatus},
        request=request,
    )
