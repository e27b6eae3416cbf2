from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.accounts.access import SYSTEM
from apps.accounts.commandline import acting_user
from apps.households.imports import BlanksToConfirm, ImportRejected, import_households


class Command(BaseCommand):
    help = "导入全国建档立卡系统格式的户籍表（.xlsx，每行一名成员）；任何一行有误则不写入。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--user", default="", help="导入者用户名（决定可导入的地区；默认不限地区）"
        )
        parser.add_argument(
            "--confirm-blanks",
            action="store_true",
            help="确认清空：文件中为空的单元格清空已存储的值（不加此项时只报告将清空多少项）",
        )

    def handle(self, *args, file: Path, user: str, confirm_blanks: bool, **options):
        if not file.exists():
            raise CommandError(f"文件“{file}”不存在")
        actor = acting_user(user) if user else SYSTEM  # the command line: checks nothing
        try:
            counts = import_households(
                path=file,
                user=actor,
                display_name=file.name,
                confirm_blanks=(lambda blanks: True) if confirm_blanks else None,
            )
        except BlanksToConfirm as blanks:
            listed = "、".join(f"{header}{n}项" for header, n in blanks.blanks.items())
            raise CommandError(
                f"“{file.name}”未导入：将清空已存储的值（{listed}）；"
                "确认后加 --confirm-blanks 重新运行。数据库未作任何改动。"
            ) from None
        except ImportRejected as rejected:
            for problem in rejected.problems:
                self.stderr.write(str(problem))
            if rejected.more:
                self.stderr.write(f"……另有{rejected.more}个问题未列出")
            found = len(rejected.problems) + rejected.more
            raise CommandError(
                f"“{file.name}”未导入：发现{found}个问题，数据库未作任何改动。"
            ) from None
        for notice in counts["notices"]:
            self.stdout.write(notice)
        self.stdout.write(
            f"已导入“{file.name}”：{counts['rows']}行；新增{counts['households_created']}户、"
            f"{counts['members_created']}人；更新{counts['households_updated']}户、"
            f"{counts['members_updated']}人；未变{counts['unchanged']}人。"
        )
