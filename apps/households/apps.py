from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HouseholdsConfig(AppConfig):
    name = "apps.households"
    verbose_name = _("Households")

    def ready(self) -> None:
        from apps.audit.registry import audit

        audit("households.Household")
        audit("households.Member")
        audit("households.AssistingUnit")

        from .signals import connect_write_signals

        connect_write_signals()

        from .locking import guard_registry

        guard_registry()
