"""Text entered in plans is shown escaped on every page and admin page."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.models import User
from apps.plans.services import report_value
from tests.factories import PlanActionFactory, PlanFactory, TargetFactory

PAYLOAD = '<script>alert("plan")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;plan&quot;)&lt;/script&gt;"
# An uploaded file's name loses everything up to a slash: a payload without one.
FILE_PAYLOAD = "<img src=x onerror=alert(1)>"


def test_plan_text_is_escaped_everywhere(login, county):
    plan = PlanFactory(
        region=county("吴川市"),
        title=f"方案{PAYLOAD}",
        issuer=f"机关{PAYLOAD}",
        document_number=f"号{PAYLOAD}",
        annex_title=f"分解表{PAYLOAD}",
    )
    action = PlanActionFactory(plan=plan, numbering="一", title=f"行动{PAYLOAD}")
    target = TargetFactory(
        action=action,
        description=f"目标{PAYLOAD}",
        lead_departments=f"牵头{PAYLOAD}",
        cooperating_departments=f"配合{PAYLOAD}",
        unit="次",
    )
    report_value(
        user=User.objects.get(username="city"),
        target=target,
        value=3,
        reported_on=dt.date(2020, 12, 31),
        note=f"备注{PAYLOAD}",
        evidence_files=[
            SimpleUploadedFile(f"文件{FILE_PAYLOAD}.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
        ],
    )
    urls = [
        reverse("plans:index"),
        reverse("plans:detail", args=[plan.pk]),
        reverse("plans:target", args=[target.pk]),
        reverse("admin:plans_plan_changelist"),
        reverse("admin:plans_plan_change", args=[plan.pk]),
        reverse("admin:plans_target_changelist"),
        reverse("admin:plans_target_change", args=[target.pk]),
        reverse("admin:plans_target_history", args=[target.pk]),
    ]
    client = login("city")
    seen = ""
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert PAYLOAD not in body and FILE_PAYLOAD not in body, url
        seen += body
    for field in ("方案", "机关", "号", "分解表", "行动", "目标", "牵头", "配合", "备注"):
        assert f"{field}{ESCAPED}" in seen, field
    assert "文件&lt;img src=x onerror=alert(1)&gt;.pdf" in seen
