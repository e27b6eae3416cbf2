from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "apps.plans"
    verbose_name = _("Target-responsibility plans")

    def ready(self) -> None:
        from apps.accounts.roles import ALL, Role, grant
        from apps.audit.registry import audit

        from .locking import guard_reported_values

        guard_reported_values()

        audit("plans.Plan")
        audit("plans.PlanAction")
        audit("plans.Target")
        audit("plans.ReportedValue")
        audit("plans.TargetEvidence")
        # Admin permissions by role; which plans (regions) is access.can_edit_plans.
        for model in ("plans.plan", "plans.planaction", "plans.target"):
            grant(Role.CITY_OFFICE, model, *ALL)
            grant(Role.COUNTY_STAFF, model, *ALL)
        grant(Role.CITY_OFFICE, "plans.reportedvalue", "view")
        grant(Role.COUNTY_STAFF, "plans.reportedvalue", "view")
