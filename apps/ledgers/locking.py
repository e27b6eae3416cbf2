"""The assessment ledger entries under the returns' lock: an entry of a
template for year Y is locked while a return covering that year is."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from apps.locks.guard import guard_model, register_kind

KIND = "ledgers.entries"


def guard_entries() -> None:
    from .models import LedgerEntry

    register_kind(KIND, _("the assessment ledger entries"))
    guard_model(
        LedgerEntry, kind=KIND, key=lambda e: (e.region, dt.date(e.item.template.year, 1, 1))
    )
