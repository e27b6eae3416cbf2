from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.households.importers import ImportRejected
from apps.households.services import import_households

from ._reports import acting_user


class Command(BaseCommand):
    help = "导入全国建档立卡系统格式的户籍表（.xlsx，每行一名成员）；任何一行有误则不写入。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--user", default="", help="导入者用户名（决定可导入的地区；默认不限地区）"
        )

    def handle(self, *args, file: Path, user: str, **options):
        if not file.exists():
            raise CommandError(f"文件“{file}”不存在")
        actor = acting_user(user)
        try:
            counts = import_households(path=file, user=actor, display_name=file.name)
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
