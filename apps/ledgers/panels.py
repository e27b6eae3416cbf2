"""The ledger panel on the score-entry page (plugged into scorecards.panels):
an inspector scoring 扶贫责任 sees that indicator's ledger items and the scored
region's status for each. An item proves its own indicator or, without one,
its nearest heading's. Three queries, whatever the number of items."""

from __future__ import annotations

from django.template.loader import render_to_string

from .models import EntryStatus, LedgerEntry, LedgerItem
from .selectors import applies_to


def _effective_indicators(items: list[LedgerItem]) -> dict[int, int | None]:
    by_pk = {item.pk: item for item in items}

    def indicator_of(item: LedgerItem) -> int | None:
        while item is not None:
            if item.indicator_id:
                return item.indicator_id
            item = by_pk.get(item.parent_id)
        return None

    return {item.pk: indicator_of(item) for item in items}


def ledger_panel(request, scheme, region, indicators: list) -> str:
    wanted = {indicator.pk: indicator for indicator in indicators}
    templates = LedgerItem.objects.filter(indicator__in=indicators).values("template_id").distinct()
    items = list(LedgerItem.objects.filter(template__in=templates).order_by("order", "pk"))
    parents = {item.parent_id for item in items}
    effective = _effective_indicators(items)
    shown = [
        item
        for item in items
        if effective[item.pk] in wanted and item.pk not in parents and applies_to(item, region)
    ]
    if not shown:
        return ""
    statuses = dict(
        LedgerEntry.objects.filter(item__in=shown, region=region).values_list("item_id", "status")
    )
    groups: dict[int, list] = {pk: [] for pk in wanted}
    for item in shown:
        status = EntryStatus(statuses.get(item.pk, EntryStatus.MISSING))
        groups[effective[item.pk]].append((item, status))
    return render_to_string(
        "ledgers/_score_panel.html",
        {
            "groups": [(wanted[pk], rows) for pk, rows in groups.items() if rows],
            "region": region,
            "statuses": EntryStatus,
        },
        request=request,
    )
