from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Records kept by the city office (everywhere) and county staff (their county).
KEPT_RECORDS = (
    "FundAllocation",
    "Expenditure",
    "Project",
    "MonthlyProgress",
    "Asset",
    "AssetIncome",
    "AssetDocument",
    "MicroLoan",
    "LoanRepayment",
    "GuaranteeFund",
)
# Managed lists: the city office keeps them.
MANAGED_LISTS = ("FundSource", "ProjectKind")
EVIDENCE = ("ProjectEvidence", "AssetDocumentEvidence")


class FundsConfig(AppConfig):
    """Funds, projects, assets and micro-credit (issue 18): the money kept as
    records and reported from them."""

    name = "apps.funds"
    verbose_name = _("Funds and projects")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from apps.accounts.roles import ALL, Role, grant
        from apps.audit.registry import audit

        from .locking import guard_progress

        guard_progress()

        for model in KEPT_RECORDS + MANAGED_LISTS + EVIDENCE:
            # An allocation's spent sum is a cache of its expenditures' history.
            audit(f"funds.{model}", exclude=("spent_wan",) if model == "FundAllocation" else ())
        # Admin permissions by role; which regions is access.can_keep_funds.
        for model in KEPT_RECORDS:
            grant(Role.CITY_OFFICE, f"funds.{model.lower()}", *ALL)
            grant(Role.COUNTY_STAFF, f"funds.{model.lower()}", *ALL)
        for model in MANAGED_LISTS:
            grant(Role.CITY_OFFICE, f"funds.{model.lower()}", *ALL)
