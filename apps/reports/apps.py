from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Reports read from the household registry: indicators, red lights, gaps."""

    name = "apps.reports"
    verbose_name = _("Registry reports")
