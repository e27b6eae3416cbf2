"""Take a lifecycle step on a monitoring case from the command line, with the
same rules as the page and the admin (lifecycle.py through the service)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.accounts.commandline import acting_user
from apps.monitoring import lifecycle, services
from apps.monitoring.models import MonitoringCase


class Command(BaseCommand):
    help = "监测对象风险消除流程：propose / confirm / reject / reopen（与页面规则相同）"

    def add_arguments(self, parser):
        parser.add_argument("case", type=int, help="监测对象编号（id）")
        parser.add_argument("action", choices=sorted(lifecycle.BY_ACTION))
        parser.add_argument("--reason", default="")
        parser.add_argument("--income", type=Decimal, default=None)
        parser.add_argument("--as", dest="username", default="", help="以该用户身份（默认：系统）")

    def handle(self, *args, case, action, reason, income, username, **options):
        actor = acting_user(username)
        found = MonitoringCase.objects.filter(pk=case).first()
        if found is None:
            raise CommandError(f"监测对象 {case} 不存在")
        try:
            result = services.do_take_step(
                actor=actor, case=found, action=action, reason=reason, income=income
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc) or "无权执行该步骤") from None
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        self.stdout.write(f"{result}：{result.get_status_display()}")
