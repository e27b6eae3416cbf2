from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "apps.inspections"
    verbose_name = _("Inspections")

    def ready(self) -> None:
        from apps.accounts.access import register_scope_provider

        from .selectors import team_regions

        # Team assignment is what gives inspectors their regions.
        register_scope_provider(team_regions)

        from apps.audit.registry import audit

        audit("inspections.Finding")
        audit("inspections.FindingTransition")
        audit("inspections.Evidence")
        audit("inspections.FollowUpVerdict")
        audit("inspections.Task")
        audit("inspections.TaskReply")
        audit("inspections.TaskTransition")
        audit("inspections.TaskEvidence")
