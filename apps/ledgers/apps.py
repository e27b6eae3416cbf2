from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgersConfig(AppConfig):
    name = "apps.ledgers"
    verbose_name = _("Assessment ledgers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from apps.accounts.roles import ALL, Role, grant
        from apps.audit.registry import audit
        from apps.scorecards.panels import register_score_panel

        from .locking import guard_entries
        from .panels import ledger_panel

        guard_entries()

        audit("ledgers.LedgerTemplate")
        audit("ledgers.LedgerItem")
        audit("ledgers.LedgerEntry")
        audit("ledgers.LedgerEvidence")
        grant(Role.CITY_OFFICE, "ledgers.ledgertemplate", *ALL)
        grant(Role.CITY_OFFICE, "ledgers.ledgeritem", *ALL)
        # The scorecards app knows no ledgers: the ledger panel is plugged in here.
        register_score_panel(ledger_panel)
