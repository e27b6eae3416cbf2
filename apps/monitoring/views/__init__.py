from .cases import (
    case_detail,
    case_step,
    ledger,
    ledger_xlsx,
    measure_add,
    measure_done,
    measure_evidence,
    measure_evidence_upload,
    measure_start,
    open_case,
    removal_evidence,
    visit_add,
    visit_photo,
)
from .lists import index, list_xlsx

__all__ = [
    "case_detail",
    "case_step",
    "index",
    "ledger",
    "ledger_xlsx",
    "list_xlsx",
    "measure_add",
    "measure_done",
    "measure_evidence",
    "measure_evidence_upload",
    "measure_start",
    "open_case",
    "removal_evidence",
    "visit_add",
    "visit_photo",
]
