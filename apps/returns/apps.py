from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    """Periodic returns (报表, issue 21): submit, approve, lock and unlock a
    region's records by period; reporting completeness; the to-do inbox."""

    name = "apps.returns"
    verbose_name = _("Periodic returns")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from apps.accounts.roles import ALL, Role, grant
        from apps.audit.registry import audit

        audit("returns.ReturnType")
        grant(Role.CITY_OFFICE, "returns.returntype", *ALL)

        from apps.core.inbox import register_inbox

        from .inbox import inbox_items

        # The home page and the menu show the inbox without knowing this app.
        register_inbox(inbox_items)

        from apps.bulletins.sections import register_problem_paragraph

        from .selectors import reporting_paragraph

        # The bulletin drafter states the reporting rates without knowing this app.
        register_problem_paragraph(reporting_paragraph)

        from django.contrib.auth.signals import user_logged_in

        from .models import record_login

        user_logged_in.connect(record_login, dispatch_uid="returns-record-login")
