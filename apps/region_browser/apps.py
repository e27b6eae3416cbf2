from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionBrowserConfig(AppConfig):
    """The region tree's pages and admin, scoped to the user.

    They live apart from ``apps.regions`` because scoping comes from
    ``apps.accounts``, which itself builds on the region tree: the tree stays
    at the bottom, its per-user pages sit above the access rules.
    """

    name = "apps.region_browser"
    verbose_name = _("Regions")
