"""Signals the registry sends so that apps above it can keep derived state current.

``households_changed`` is sent after any write that may change what is derived
from a household (its members, its registry fields, or records of apps above
that rules read, e.g. monitoring cases): ``household_ids`` is the set of ids
touched. Senders call ``send_households_changed`` inside their transaction;
receivers (the red-light table in apps.reports) run on commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

households_changed = Signal()  # kwargs: household_ids: frozenset[int]


def send_households_changed(*, sender: object, household_ids: Iterable[int]) -> None:
    ids = frozenset(household_ids)
    if ids:
        households_changed.send(sender=sender, household_ids=ids)
