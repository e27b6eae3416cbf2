"""Admin writes across the county line: every admin add/change view, used by
county A's staff (``wuchuan``) to name county B's row or to point a foreign key
at county B, is refused (403, 404 or a form error) and nothing in the database
changes. Where county A may write, the same request naming county A's rows
goes through: the refusal is then due to county B, not to data the form
would refuse anyway. A newly registered admin fails without an entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.db import transaction
from django.urls import reverse

from apps.accounts.models import FailedLogin, User
from apps.inspections.models import FindingCategory
from apps.regions.models import Region
from tests.helpers.write_checks import (
    changed_keys,
    demo_campaign,
    finding_values,
    initial_data,
    member_values,
    refused,
    snapshot,
)


@dataclass
class AdminWrite:
    """``target(objects, side)`` is an existing row to change; ``values(objects,
    side)`` the form values naming the side's foreign keys. ``county_a_writes``:
    county A's staff add and change such rows in their county."""

    target: Callable[[dict, str], object]
    values: Callable[[dict, str], dict]
    county_a_writes: bool = False


def _of(name: str) -> Callable[[dict, str], object]:
    return lambda objects, s: objects[f"{name}_{s}"]


def _fixed(getter: Callable[[dict], object]) -> Callable[[dict, str], object]:
    return lambda objects, s: getter(objects)


def _failed_login():
    return FailedLogin.objects.create(username="leizhou", ip="10.0.0.9")


def _synonym():
    from apps.households.models import ChoiceSynonym

    return ChoiceSynonym.objects.get(column="school_status", normalised="失学或辍学")


def _source():
    from apps.funds.models import FundSource

    return FundSource.objects.get_or_create(name="省")[0]


def _kind():
    from apps.funds.models import ProjectKind

    return ProjectKind.objects.get_or_create(name="村级特色产业")[0]


def _return_type():
    from apps.returns.models import ReturnType

    return ReturnType.objects.get_or_create(
        name="扶贫资金月度进度",
        defaults={"level": "county", "periodicity": "monthly", "due_day": 5},
    )[0]


def _briefing_series():
    from apps.bulletins.models import BriefingSeries

    return BriefingSeries.objects.get_or_create(
        name="矩阵简报", defaults={"masthead": "矩阵简报", "editing_office": "矩阵办"}
    )[0]


FUNDS_WRITES: dict[str, AdminWrite] = {
    # The 简报 series are the city office's: county staff change none.
    "bulletins.briefingseries": AdminWrite(
        _fixed(lambda o: _briefing_series()),
        lambda o, s: {"name": "改名简报", "last_running_number": 500},
    ),
    # Return types are the city office's configuration: county staff change none.
    "returns.returntype": AdminWrite(
        _fixed(lambda o: _return_type()), lambda o, s: {"name": "改名报表", "due_day": 6}
    ),
    "funds.fundsource": AdminWrite(_fixed(lambda o: _source()), lambda o, s: {"name": "改名来源"}),
    "funds.projectkind": AdminWrite(_fixed(lambda o: _kind()), lambda o, s: {"name": "改名类型"}),
    "funds.fundallocation": AdminWrite(
        _of("allocation"),
        lambda o, s: {
            "region": o[f"county_{s}"].pk,
            "year": 2020,
            "source": _source().pk,
            "document_number": "跨县文号",
            "allocated_on": "2020-01-02",
            "amount_wan": "100.00",
        },
        county_a_writes=True,
    ),
    "funds.expenditure": AdminWrite(
        _of("expenditure"),
        lambda o, s: {
            "allocation": o[f"allocation_{s}"].pk,
            "project": o[f"project_{s}"].pk,
            "paid_on": "2019-07-01",
            "amount_wan": "1.00",
            "payee": "跨县收款人",
            "voucher_number": "跨县凭证",
        },
        county_a_writes=True,
    ),
    "funds.project": AdminWrite(
        _of("project"),
        lambda o, s: {
            "region": o[f"village_{s}"].pk,
            "kind": _kind().pk,
            "name": "跨县项目",
            "year": 2020,
            "approved_on": "2020-01-02",
            "special_funds_wan": "1.00",
            "self_raised_wan": "0",
            "other_wan": "0",
            "households_benefiting": 0,
            "people_benefiting": 0,
        },
        county_a_writes=True,
    ),
    "funds.monthlyprogress": AdminWrite(
        _of("progress"),
        lambda o, s: {
            "region": o[f"village_{s}"].pk,
            "project": o[f"project_{s}"].pk,
            "month": "2019-09-01",
            "planned_cumulative_wan": "30",
            "actual_cumulative_wan": "20",
        },
        county_a_writes=True,
    ),
    "funds.asset": AdminWrite(
        _of("asset"),
        lambda o, s: {
            "project": o[f"project_{s}"].pk,
            "name": "跨县资产",
            "kind": "public",
            "value_wan": "10.00",
            "owner": "村集体",
        },
        county_a_writes=True,
    ),
    "funds.assetincome": AdminWrite(
        _of("asset_income"),
        lambda o, s: {
            "asset": o[f"asset_{s}"].pk,
            "year": 2020,
            "income_wan": "2.00",
            "distributed_to_households_wan": "1.00",
            "households_count": 3,
        },
        county_a_writes=True,
    ),
    "funds.assetdocument": AdminWrite(
        _of("asset_document"),
        lambda o, s: {"county": o[f"county_{s}"].pk, "kind": "management", "title": "管理办法"},
        county_a_writes=True,
    ),
    "funds.microloan": AdminWrite(
        _of("loan"),
        lambda o, s: {
            "borrower": o[f"household_{s}"].pk,
            "bank": "跨县银行",
            "contract_number": "跨县合同",
            "amount_wan": "5",
            "issued_on": "2019-01-01",
            "term_months": 36,
            "due_on": "2022-01-01",
            "interest_subsidy_wan": "0",
        },
        county_a_writes=True,
    ),
    "funds.loanrepayment": AdminWrite(
        _of("repayment"),
        lambda o, s: {"loan": o[f"loan_{s}"].pk, "paid_on": "2019-06-01", "amount_wan": "0.5"},
        county_a_writes=True,
    ),
    "funds.guaranteefund": AdminWrite(
        _of("guarantee"),
        lambda o, s: {
            "county": o[f"county_{s}"].pk,
            "bank": "跨县银行",
            "amount_wan": "100",
            "deposited_on": "2020-05-05",
        },
        county_a_writes=True,
    ),
}


ADMIN_WRITES: dict[str, AdminWrite] = {
    # Cases are opened on the household page: the admin adds none, edits A's only.
    "monitoring.monitoringcase": AdminWrite(
        _of("case"),
        lambda o, s: {
            "kind": "marginal",
            "identified_on": "2020-10-02",
            "identified_how": "cadre_check",
            "income_at_identification": "3000",
            "helper": "跨县",
        },
    ),
    "households.member": AdminWrite(_of("member"), member_values, county_a_writes=True),
    "households.household": AdminWrite(
        _of("household"),
        lambda o, s: {"number": f"WRITE-{s}", "village": o[f"village_{s}"].pk},
        county_a_writes=True,
    ),
    "inspections.finding": AdminWrite(_of("finding"), finding_values, county_a_writes=True),
    "plans.plan": AdminWrite(
        _of("plan"),
        lambda o, s: {
            "title": "跨县方案",
            "issuer": "扶贫办",
            "region": o[f"county_{s}"].pk,
            "year": 2020,
        },
        county_a_writes=True,
    ),
    "plans.target": AdminWrite(
        _of("target"),
        lambda o, s: {
            "action": o[f"plan_{s}"].actions.first().pk,
            "description": "跨县目标",
            "lead_departments": "扶贫办",
            "kind": "count",
            "target_value": "1",
        },
        county_a_writes=True,
    ),
    # County A reads these (or not even that): every write is refused.
    "regions.region": AdminWrite(_of("village"), lambda o, s: {"name": "改名村"}),
    "households.assistingunit": AdminWrite(
        _fixed(lambda o: _assisting_unit_of(o["village_b"])),
        lambda o, s: {"name": "改名单位", "villages": [o[f"village_{s}"].pk]},
    ),
    "households.householdimport": AdminWrite(_of("import"), lambda o, s: {"status": "done"}),
    "households.choicesynonym": AdminWrite(
        _fixed(lambda o: _synonym()),
        lambda o, s: {"column": "school_status", "word": "休学", "value": "dropped_out"},
    ),
    "accounts.user": AdminWrite(
        _fixed(lambda o: User.objects.get(username="leizhou")),
        lambda o, s: {"username": "leizhou2", "regions": [o[f"county_{s}"].pk]},
    ),
    "accounts.failedlogin": AdminWrite(_fixed(lambda o: _failed_login()), lambda o, s: {}),
    # The managed department list: the city office's alone.
    "accounts.department": AdminWrite(
        _fixed(lambda o: o["task_b"].lead_department), lambda o, s: {"name": "跨县改名局"}
    ),
    "auth.group": AdminWrite(_fixed(lambda o: _group()), lambda o, s: {"name": "改名组"}),
    "inspections.campaign": AdminWrite(
        _fixed(lambda o: demo_campaign()), lambda o, s: {"counties": [o[f"county_{s}"].pk]}
    ),
    "inspections.findingcategory": AdminWrite(
        _fixed(lambda o: FindingCategory.objects.first()), lambda o, s: {"name": "改名类别"}
    ),
    "scorecards.scoringscheme": AdminWrite(
        _fixed(lambda o: demo_campaign().schemes.first()), lambda o, s: {"title": "改名方案"}
    ),
    "scorecards.scorecard": AdminWrite(
        _fixed(lambda o: _scorecard_of(o["county_b"])),
        lambda o, s: {"region": o[f"village_{s}"].pk},
    ),
    "scorecards.ranking": AdminWrite(
        _fixed(lambda o: demo_campaign().schemes.first().rankings.first()), lambda o, s: {}
    ),
    "bulletins.bulletin": AdminWrite(
        _fixed(lambda o: o["bulletin"]), lambda o, s: {"region": o[f"county_{s}"].pk}
    ),
    "audit.change": AdminWrite(_fixed(lambda o: _audit_change()), lambda o, s: {}),
    "django_tasks_database.dbtaskresult": AdminWrite(_fixed(lambda o: None), lambda o, s: {}),
    "timetables.timetable": AdminWrite(
        _of("timetable"), lambda o, s: {"region": o[f"county_{s}"].pk, "title": "改名"}
    ),
    "timetables.deliverable": AdminWrite(
        _of("deliverable"), lambda o, s: {"village": o[f"village_{s}"].pk}
    ),
    "ledgers.ledgertemplate": AdminWrite(
        _fixed(lambda o: o["ledger_template"]), lambda o, s: {"title": "改名"}
    ),
    **FUNDS_WRITES,
}


def _assisting_unit_of(village: Region):
    from apps.households.models import AssistingUnit

    unit, _created = AssistingUnit.objects.get_or_create(name=f"{village.county.name}帮扶单位")
    unit.villages.add(village)
    return unit


def _scorecard_of(county: Region):
    from apps.scorecards.models import Scorecard

    return Scorecard.objects.filter(region__county=county).first()


def _audit_change():
    from apps.audit.models import Change

    return Change.objects.first()


def _group():
    from django.contrib.auth.models import Group

    return Group.objects.get_or_create(name="跨县组")[0]


def _admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_admin_model_has_a_write_entry():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMIN_WRITES), registered ^ set(ADMIN_WRITES)


def _post_admin(client, url: str, values: dict):
    """POST the form at ``url`` as it stands, with ``values``."""
    page = client.get(url)
    data = initial_data(page) if page.status_code == 200 else {}
    return client.post(url, data | values)


def _admin_checks(client, model, spec: AdminWrite, objects) -> list[str]:
    label = model._meta.label_lower
    found = []
    target_b = spec.target(objects, "b")
    target_a = spec.target(objects, "a") if spec.county_a_writes else None
    add_url = _admin_url(model, "add")
    attempts = [(f"add naming B ({label})", add_url, spec.values(objects, "b"), None)]
    if target_b is not None:
        url = _admin_url(model, "change", target_b.pk)
        attempts.append((f"change B's row ({label})", url, spec.values(objects, "a"), target_b))
    if target_a is not None:
        url = _admin_url(model, "change", target_a.pk)
        attempts.append(
            (f"change A's row to B ({label})", url, spec.values(objects, "b"), target_a)
        )
    for what, url, values, target in attempts:
        with transaction.atomic():  # each attempt on its own: rolled back
            before = snapshot(target)
            response = _post_admin(client, url, values)
            changed = changed_keys(before, snapshot(target))
            transaction.set_rollback(True)
        if not refused(response):
            found.append(f"{what}: not refused ({response.status_code})")
        if changed:
            found.append(f"{what}: changed {changed}")
    if spec.county_a_writes:
        # The controls: county A's own foreign keys go through.
        for what, url in (
            ("add naming A", add_url),
            ("change A's row within A", _admin_url(model, "change", target_a.pk)),
        ):
            with transaction.atomic():  # each control on its own: rolled back
                response = _post_admin(client, url, spec.values(objects, "a"))
                transaction.set_rollback(True)
            if response.status_code != 302:
                found.append(f"{what} ({label}): {response.status_code} {_errors(response)}")
    return found


def _errors(response) -> str:
    context = response.context
    if context is None or "adminform" not in context:
        return ""
    errors = [context["adminform"].form.errors]
    for inline in context.get("inline_admin_formsets", []):
        errors.extend(f.errors for f in inline.formset.forms if f.errors)
    return str(errors)


def test_admin_refuses_county_b_writes(client, objects):
    client.force_login(User.objects.get(username="wuchuan"))
    mismatches = []
    for model in admin.site._registry:
        mismatches += _admin_checks(client, model, ADMIN_WRITES[model._meta.label_lower], objects)
    assert not mismatches, "\n".join(mismatches)


def test_admin_member_form_checks_the_id_number(client, objects):
    """The admin validates a member as the portal's form does."""
    client.force_login(User.objects.get(username="wuchuan"))
    url = _admin_url(objects["member_a"].__class__, "add")
    before = snapshot()
    response = _post_admin(client, url, member_values(objects, "a") | {"id_number": "123"})
    assert response.status_code == 200
    assert "id_number" in response.context["adminform"].form.errors
    assert snapshot() == before


def test_write_targets_exist(objects):
    """Keeps the checks meaningful: each names a real county-B row."""
    for label, spec in ADMIN_WRITES.items():
        target = spec.target(objects, "b")
        assert target is not None or label == "django_tasks_database.dbtaskresult", label
