from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from .tables import install_cached_signature

        install_cached_signature()
