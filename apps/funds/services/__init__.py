"""Writes: every funds record is created and changed here, one transaction a
call, keyword-only, named ``do_*``. Each checks ``access.can_keep_funds`` for
the record's region, refuses a stale edit (``expected_version``, apps/audit
locking) and leaves its history rows (apps/audit signals)."""

from .allocations import (
    check_fits,
    do_create_allocation,
    do_delete_expenditure,
    do_record_expenditure,
    do_record_monthly_progress,
    do_update_allocation,
    do_update_expenditure,
    refresh_spent,
)
from .assets import (
    do_add_asset_document_evidence,
    do_create_asset,
    do_create_asset_document,
    do_record_asset_income,
    do_update_asset,
    do_update_asset_document,
)
from .loans import (
    add_months,
    do_create_guarantee_fund,
    do_create_loan,
    do_record_repayment,
    do_update_guarantee_fund,
    do_update_loan,
    do_update_repayment,
)
from .projects import (
    do_add_project_evidence,
    do_advance_project,
    do_create_project,
    do_step_project_back,
    do_update_project,
)

__all__ = [
    "add_months",
    "check_fits",
    "do_add_asset_document_evidence",
    "do_add_project_evidence",
    "do_advance_project",
    "do_create_allocation",
    "do_create_asset",
    "do_create_asset_document",
    "do_create_guarantee_fund",
    "do_create_loan",
    "do_create_project",
    "do_delete_expenditure",
    "do_record_asset_income",
    "do_record_expenditure",
    "do_record_monthly_progress",
    "do_record_repayment",
    "do_step_project_back",
    "do_update_allocation",
    "do_update_asset",
    "do_update_asset_document",
    "do_update_expenditure",
    "do_update_guarantee_fund",
    "do_update_loan",
    "do_update_project",
    "do_update_repayment",
    "refresh_spent",
]
