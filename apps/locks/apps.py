from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LocksConfig(AppConfig):
    """The lock on reported records (issue 21): low in the import graph, so that
    every app whose records a return covers can consult it without knowing the
    returns app above them."""

    name = "apps.locks"
    verbose_name = _("Record locks")
    default_auto_field = "django.db.models.BigAutoField"
