"""Seed 003's plan: 湛开办〔2018〕84号, the development zone's target-responsibility
plan, with its ten actions (三、（一）…（十）), the targets its text sets, and the
departments and deadlines the text names (``fixtures/zhanjiang_2020/plan_84.json``).
Targets the household registry can measure are linked to an indicator; the rest
wait for reported values (the seed gives no actual figures, so the demo reports
none).

Two groups outside the ten actions hold targets the issue names: the plan's
goal (二（二）) of income above the poverty line, and the office's training,
meetings and briefings (六、制度保障).
"""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.db import transaction

from apps.plans.models import Plan
from apps.plans.services import add_action, add_target, create_plan
from apps.regions.models import Level
from apps.regions.resolver import RegionResolver

PLAN_FILE = settings.BASE_DIR / "fixtures" / "zhanjiang_2020" / "plan_84.json"
PLAN = json.loads(PLAN_FILE.read_text(encoding="utf-8"))
DOCUMENT_NUMBER: str = PLAN["document_number"]


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@transaction.atomic
def load_plan_demo(*, user) -> int:
    """Seed 003's plan for 湛江经济技术开发区; nothing when it is already there."""
    if Plan.objects.filter(document_number=DOCUMENT_NUMBER).exists():
        return 0
    plan = create_plan(
        user=user,
        title=PLAN["title"],
        issuer=PLAN["issuer"],
        document_number=DOCUMENT_NUMBER,
        year=PLAN["year"],
        issued_on=_date(PLAN["issued_on"]),
        region=RegionResolver().resolve(PLAN["region"], level=Level.COUNTY),
        annex_title=PLAN["annex_title"],
    )
    for order, spec in enumerate(PLAN["actions"]):
        action = add_action(
            user=user, plan=plan, order=order, numbering=spec["numbering"], title=spec["title"]
        )
        for n, target in enumerate(spec["targets"], start=1):
            add_target(
                user=user,
                action=action,
                order=n,
                description=target["description"],
                lead_departments=target["lead"],
                cooperating_departments=target["cooperating"],
                kind=target["kind"],
                comparison=target["comparison"],
                target_value=target["value"],
                unit=target["unit"],
                deadline=_date(target["deadline"]),
                indicator=target["indicator"],
            )
    return 1
