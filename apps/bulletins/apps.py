from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinsConfig(AppConfig):
    name = "apps.bulletins"
    verbose_name = _("Bulletins")

    def ready(self) -> None:
        from apps.audit.registry import audit

        audit("bulletins.Bulletin")
        audit("bulletins.BulletinAnnex")
