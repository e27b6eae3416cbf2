from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Reports read from the household registry: indicators, red lights, gaps."""

    name = "apps.reports"
    verbose_name = _("Registry reports")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from apps.households.signals import households_changed

        from . import counters
        from .redlights.maintain import on_households_changed

        households_changed.connect(on_households_changed, dispatch_uid="reports-redlights")
        households_changed.connect(counters.on_households_changed, dispatch_uid="reports-counters")
        post_migrate.connect(
            counters.build_if_missing, sender=self, dispatch_uid="reports-counters"
        )
