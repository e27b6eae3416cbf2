"""``manage.py import_funds --kind expenditures FILE [--as USER]``: the same
checks and messages as the upload page; recorded as a FundImport."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from apps.accounts.commandline import acting_user
from apps.funds.importers.jobs import record_command_import
from apps.funds.models import FundImportStatus, ImportKind


class Command(BaseCommand):
    help = "从Excel文件导入资金下达、扶贫项目、资金支出或小额信贷记录（有任何问题则全部不导入）。"

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=list(ImportKind.values))
        parser.add_argument("file", help=".xlsx 文件")
        parser.add_argument(
            "--as", dest="user", default="", help="以该用户身份导入（按其管辖范围检查）"
        )

    def handle(self, *args, kind: str, file: str, user: str, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件“{file}”不存在")
        actor = acting_user(user)
        try:
            job = record_command_import(kind=kind, path=path, actor=actor)
        except PermissionDenied:
            raise CommandError(f"用户“{user}”无权导入资金记录") from None
        if job.status != FundImportStatus.DONE:
            for problem in job.problems:
                self.stderr.write(_line(problem))
            if job.problem_count > len(job.problems):
                self.stderr.write(f"……另有{job.problem_count - len(job.problems)}个问题未列出")
            raise CommandError(f"文件未导入：发现{job.problem_count}个问题，数据库未作改动")
        unchanged = job.rows_total - job.rows_created - job.rows_updated
        self.stdout.write(
            f"已导入{job.rows_total}行：新增{job.rows_created}条，更新{job.rows_updated}条，"
            f"未变{unchanged}条"
        )


def _line(problem: dict) -> str:
    from apps.households.imports.results import Problem

    return str(Problem(**problem))
