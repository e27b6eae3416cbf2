"""Funds, projects, assets and micro-credit (issue 18)."""

from .assets import (
    Asset,
    AssetDocument,
    AssetDocumentEvidence,
    AssetDocumentKind,
    AssetIncome,
    AssetKind,
)
from .base import ZERO
from .imports import FUND_IMPORT_FINISHED, FundImport, FundImportStatus, ImportKind
from .lists import FundSource, ProjectKind
from .loans import LOAN_PLACES, GuaranteeFund, LoanRepayment, MicroLoan
from .money import ALLOCATION_LEVELS, Expenditure, FundAllocation, MonthlyProgress
from .projects import (
    STAGE_DATE_FIELDS,
    Project,
    ProjectEvidence,
    Stage,
    next_stage,
    previous_stage,
)

__all__ = [
    "ALLOCATION_LEVELS",
    "Asset",
    "AssetDocument",
    "AssetDocumentEvidence",
    "AssetDocumentKind",
    "AssetIncome",
    "AssetKind",
    "Expenditure",
    "FUND_IMPORT_FINISHED",
    "FundImport",
    "FundImportStatus",
    "ImportKind",
    "FundAllocation",
    "FundSource",
    "GuaranteeFund",
    "LOAN_PLACES",
    "LoanRepayment",
    "MicroLoan",
    "MonthlyProgress",
    "Project",
    "ProjectEvidence",
    "ProjectKind",
    "STAGE_DATE_FIELDS",
    "Stage",
    "ZERO",
    "next_stage",
    "previous_stage",
]
