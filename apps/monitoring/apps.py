from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Records county staff keep for their county and the city office everywhere.
KEPT = ("MonitoringCase", "AssistanceMeasure", "Visit")
EVIDENCE = ("MeasureEvidence", "VisitPhoto", "RemovalEvidence")


class MonitoringConfig(AppConfig):
    """Monitoring against return to poverty (防返贫监测): cases, assistance
    measures, visits and the risk-removal lifecycle (issue 19)."""

    name = "apps.monitoring"
    verbose_name = _("Monitoring")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from apps.accounts.roles import ALL, Role, grant
        from apps.audit.registry import audit
        from apps.households.panels import register_panel

        from . import sync
        from .locking import guard_ledger
        from .panels import monitoring_panel

        guard_ledger()
        sync.connect()

        for model in (*KEPT, *EVIDENCE, "CaseStep"):
            # A case's village is a copy of its household's (sync.py), not a fact.
            audit(f"monitoring.{model}", exclude=("village",) if model == "MonitoringCase" else ())
        for model in KEPT:
            grant(Role.CITY_OFFICE, f"monitoring.{model.lower()}", *ALL)
            grant(Role.COUNTY_STAFF, f"monitoring.{model.lower()}", *ALL)
        # The household page shows the household's cases without knowing this app.
        register_panel(monitoring_panel)
