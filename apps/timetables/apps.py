from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimetablesConfig(AppConfig):
    name = "apps.timetables"
    verbose_name = _("Work timetables")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from apps.accounts.roles import ALL, Role, grant
        from apps.audit.registry import audit

        audit("timetables.Timetable")
        audit("timetables.Phase")
        audit("timetables.Deliverable")
        audit("timetables.DeliverableEvidence")
        grant(Role.CITY_OFFICE, "timetables.timetable", *ALL)
        grant(Role.CITY_OFFICE, "timetables.phase", *ALL)
        grant(Role.CITY_OFFICE, "timetables.deliverable", *ALL)
