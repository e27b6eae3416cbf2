"""Importing funds files (allocations, projects, expenditures, micro-loans)
from .xlsx with Chinese headers — with the household import's strictness.

Every row is checked (cells, regions through the resolver, managed lists,
scope, duplicates, unknown projects and allocations, overspending) before
anything is written; all problems are reported in one pass, naming sheet,
row, column, value and reason; any problem, or any refusal by the services,
rolls the one transaction back. Re-importing matches each kind's natural key
(``columns.KEYS``) and updates, never duplicates; history rows are left as
the services leave them (the expenditures' bulk path writes its own).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation

from apps.accounts.access import may_keep_funds, person, require_actor
from apps.audit.context import acting_as
from apps.households.imports.results import ImportRejected, Problem

from ..models import ImportKind
from . import allocations, expenditures, loans, projects
from .columns import COLUMNS, KEYS, SHEET_NAMES
from .context import Checking
from .reading import read
from .template import template_workbook

__all__ = [
    "COLUMNS",
    "KEYS",
    "SHEET_NAMES",
    "ImportRejected",
    "ImportResult",
    "Problem",
    "import_file",
    "template_workbook",
]

KINDS = {
    ImportKind.ALLOCATIONS: allocations,
    ImportKind.PROJECTS: projects,
    ImportKind.EXPENDITURES: expenditures,
    ImportKind.LOANS: loans,
}
MAX_PROBLEMS = 1000


@dataclass(frozen=True)
class ImportResult:
    rows: int
    created: int
    updated: int

    @property
    def unchanged(self) -> int:
        return self.rows - self.created - self.updated


def import_file(*, kind: str, path: Path, actor) -> ImportResult:
    """Check and write one file as ``actor`` (a user, or SYSTEM); raises
    ImportRejected listing every problem, with nothing written."""
    require_actor(actor)
    if not may_keep_funds(actor):
        raise PermissionDenied
    module = KINDS[ImportKind(kind)]
    problems: list[Problem] = []
    sheet = read(path, COLUMNS[kind], problems)
    if sheet is None:
        raise ImportRejected(problems)
    with translation.override("zh-hans"), transaction.atomic(), acting_as(person(actor)):
        ctx = Checking(actor=actor, sheet=sheet.name, problems=problems)
        planned = module.check(sheet, ctx)
        if problems:
            _reject(problems, len(sheet.rows))
        created, updated, errors = module.write(planned, actor)
        for number, error in errors:
            messages = getattr(error, "messages", None) or [str(error)]
            problems.append(Problem(sheet.name, number, "", "", "；".join(messages)))
        if problems:
            _reject(problems, len(sheet.rows))
    return ImportResult(rows=len(sheet.rows), created=created, updated=updated)


def _reject(problems: list[Problem], rows: int) -> None:
    """Leave the transaction by raising: nothing is written."""
    problems.sort(key=lambda p: p.row or 0)
    raise ImportRejected(
        problems[:MAX_PROBLEMS], more=max(0, len(problems) - MAX_PROBLEMS), rows=rows
    )
