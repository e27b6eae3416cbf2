"""The copy of each case's village (``MonitoringCase.village``) follows its
household: a household saved into another village (moved on its page, in the
admin, by ``households.services.move_household``) takes its cases along in the
same transaction. Imports never move a household (they write with COPY and
send no model signal), so one guarded UPDATE per household save is the cost."""

from __future__ import annotations


def follow_household(sender, instance, raw=False, **kwargs) -> None:
    from .models import MonitoringCase

    if raw or instance.pk is None:
        return
    MonitoringCase._base_manager.filter(household_id=instance.pk).exclude(
        village_id=instance.village_id
    ).update(village_id=instance.village_id)


def connect() -> None:
    from django.db.models.signals import post_save

    from apps.households.models import Household

    post_save.connect(follow_household, sender=Household, dispatch_uid="monitoring-case-village")
