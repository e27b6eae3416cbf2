"""Writes across the county line: every admin add/change view and every portal
POST form, used by county A's staff (``wuchuan``) and the inspector to name
county B's object or to point a foreign key at county B, is refused (403, 404
or a form error) and nothing in the database changes.

Where county A may write, the same request naming county A's object succeeds:
the refusal is then due to county B, not to data the form would refuse anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms import MultiWidget
from django.forms.models import model_to_dict
from django.urls import reverse

from apps.accounts.models import FailedLogin, User
from apps.inspections.models import Campaign, FindingCategory
from apps.regions.models import Region

SLUG = "zhanjiang-2020"
REFUSED = (403, 404)
# A valid ID number nobody in the demo has (female, born 1949-12-31).
NEW_ID_NUMBER = "11010519491231002X"


def _snapshot(target=None) -> dict:
    """Row counts of every project model, and the target's field values."""
    counts = {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("apps.")
    }
    if target is not None:
        fresh = type(target)._base_manager.get(pk=target.pk)
        counts["target"] = model_to_dict(fresh)
    return counts


def _changed(before: dict, after: dict) -> list[str]:
    return [key for key in before if before[key] != after.get(key)]


def _form_errors(response) -> bool:
    """Whether an admin or portal page came back with its form refused."""
    context = response.context
    if context is None or response.status_code != 200:
        return False
    forms = []
    if "adminform" in context:
        forms.append(context["adminform"].form)
        for inline in context.get("inline_admin_formsets", []):
            forms.extend(inline.formset.forms)
            if inline.formset.non_form_errors():
                return True
    for key in ("form", "upload_form"):
        if key in context and hasattr(context[key], "errors"):
            forms.append(context[key])
    return any(form.errors for form in forms)


def _refused(response) -> bool:
    return response.status_code in REFUSED or _form_errors(response)


def _initial_data(response) -> dict:
    """What the admin page's forms would post unchanged (management forms too)."""
    context = response.context
    forms = [context["adminform"].form]
    for inline in context.get("inline_admin_formsets", []):
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.initial_forms)
    data = {}
    for form in forms:
        for name, field in form.fields.items():
            key, value = form.add_prefix(name), form[name].value()
            if isinstance(field.widget, MultiWidget):
                parts = field.widget.decompress(value)
                for index, part in enumerate(parts):
                    if part is not None:
                        data[f"{key}_{index}"] = part
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif value is not None:
                data[key] = value
    return data


# ---------------------------------------------------------------- the admin


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


def _campaign():
    return Campaign.objects.get(slug=SLUG)


def _member_values(objects, s) -> dict:
    return {
        "household": objects[f"household_{s}"].pk,
        "name": "新增成员",
        "id_number": NEW_ID_NUMBER,
        "sex": "female",
        "birth_date": "1949-12-31",
        "relationship": "之女",
    }


def _finding_values(objects, s) -> dict:
    return {
        "campaign": _campaign().pk,
        "region": objects[f"village_{s}"].pk,
        "category": FindingCategory.objects.filter(is_active=True).first().pk,
        "source": _campaign().kind,
        "severity": "minor",
        "description": "跨县写入检查",
    }


def _failed_login():
    return FailedLogin.objects.create(username="leizhou", ip="10.0.0.9")


ADMIN_WRITES: dict[str, AdminWrite] = {
    "households.member": AdminWrite(_of("member"), _member_values, county_a_writes=True),
    "households.household": AdminWrite(
        _of("household"),
        lambda o, s: {"number": f"WRITE-{s}", "village": o[f"village_{s}"].pk},
        county_a_writes=True,
    ),
    "inspections.finding": AdminWrite(_of("finding"), _finding_values, county_a_writes=True),
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
    "accounts.user": AdminWrite(
        _fixed(lambda o: User.objects.get(username="leizhou")),
        lambda o, s: {"username": "leizhou2", "regions": [o[f"county_{s}"].pk]},
    ),
    "accounts.failedlogin": AdminWrite(_fixed(lambda o: _failed_login()), lambda o, s: {}),
    "auth.group": AdminWrite(_fixed(lambda o: _group()), lambda o, s: {"name": "改名组"}),
    "inspections.campaign": AdminWrite(
        _fixed(lambda o: _campaign()), lambda o, s: {"counties": [o[f"county_{s}"].pk]}
    ),
    "inspections.findingcategory": AdminWrite(
        _fixed(lambda o: FindingCategory.objects.first()), lambda o, s: {"name": "改名类别"}
    ),
    "scorecards.scoringscheme": AdminWrite(
        _fixed(lambda o: _campaign().schemes.first()), lambda o, s: {"title": "改名方案"}
    ),
    "scorecards.scorecard": AdminWrite(
        _fixed(lambda o: _scorecard_of(o["county_b"])),
        lambda o, s: {"region": o[f"village_{s}"].pk},
    ),
    "scorecards.ranking": AdminWrite(
        _fixed(lambda o: _campaign().schemes.first().rankings.first()), lambda o, s: {}
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
    data = _initial_data(page) if page.status_code == 200 else {}
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
            before = _snapshot(target)
            response = _post_admin(client, url, values)
            changed = _changed(before, _snapshot(target))
            transaction.set_rollback(True)
        if not _refused(response):
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
    before = _snapshot()
    response = _post_admin(client, url, _member_values(objects, "a") | {"id_number": "123"})
    assert response.status_code == 200
    assert "id_number" in response.context["adminform"].form.errors
    assert _snapshot() == before


# ---------------------------------------------------------------- the portal


def _pdf(name: str = "证明.pdf"):
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
    )


@dataclass
class PortalWrite:
    """A POST by ``users`` to ``url`` with ``data``; ``target`` the row it names."""

    url: Callable[[dict], str]
    data: Callable[[dict], dict]
    target: Callable[[dict], object]
    users: tuple[str, ...] = ("wuchuan", "inspector")


def _b(name: str) -> Callable[[dict], object]:
    return lambda objects: objects[f"{name}_b"]


def _url(name: str, obj: str | None = None, *extra) -> Callable[[dict], str]:
    def build(objects):
        args = [*extra, objects[f"{obj}_b"].pk] if obj else list(extra)
        return reverse(name, args=args)

    return build


PORTAL_WRITES: dict[str, PortalWrite] = {
    "finding_create naming a B village": PortalWrite(
        _url("inspections:finding_create"),
        lambda o: (
            {k: v for k, v in _finding_values(o, "b").items() if k != "campaign"}
            | {"campaign": _campaign().pk}
        ),
        _b("village"),
    ),
    "finding_edit of B": PortalWrite(
        _url("inspections:finding_edit", "finding"),
        lambda o: _finding_values(o, "b") | {"opened_version": o["finding_b"].version},
        _b("finding"),
    ),
    "finding_transition of B": PortalWrite(
        _url("inspections:finding_transition", "finding"),
        lambda o: {"to_status": "in_progress", "note": "跨县"},
        _b("finding"),
    ),
    "finding evidence upload to B": PortalWrite(
        _url("inspections:evidence_upload", "finding"),
        lambda o: {"evidence": _pdf()},
        _b("finding"),
    ),
    "follow-up verdict on B": PortalWrite(
        _url("inspections:follow_up", None, SLUG),
        lambda o: {"finding": o["finding_b"].pk, "verdict": "rectified", "note": "跨县"},
        _b("finding"),
    ),
    "sample draw": PortalWrite(
        _url("inspections:sample", None, SLUG),
        lambda o: {
            "towns_per_county": 1,
            "villages_per_town": 1,
            "households_per_village": 0,
            "seed": "跨县",
        },
        lambda o: _campaign(),
    ),
    "scores for a B village": PortalWrite(
        lambda o: reverse("scorecards:score_entry", args=[SLUG, "village", o["village_b"].pk]),
        lambda o: (
            {"opened_version": 1}
            | {
                f"indicator_{i.pk}": "0"
                for i in _campaign().schemes.get(level="village").indicators.all()
            }
        ),
        _b("village"),
    ),
    "household edit of B": PortalWrite(
        _url("households:edit", "household"),
        lambda o: {"helper": "跨县帮扶人", "opened_version": o["household_b"].version},
        _b("household"),
    ),
    "member edit of B": PortalWrite(
        _url("households:member_edit", "member"),
        lambda o: _member_values(o, "b") | {"opened_version": o["member_b"].version},
        _b("member"),
    ),
    "reported value on B's target": PortalWrite(
        _url("plans:target", "target"),
        lambda o: {"value": "9", "reported_on": "2020-12-30", "note": "跨县", "evidence": _pdf()},
        _b("target"),
    ),
    "bulletin from B's plan": PortalWrite(
        _url("plans:bulletin", "plan"),
        lambda o: {"organ_abbreviation": "湛扶", "year": 2020, "sequence": 99},
        _b("plan"),
    ),
    "tick of B's deliverable": PortalWrite(
        _url("timetables:deliverable", "deliverable"),
        lambda o: {"completed_on": "2020-12-02", "note": "跨县", "evidence": _pdf()},
        _b("deliverable"),
    ),
    "reopen of B's deliverable": PortalWrite(
        _url("timetables:deliverable_reopen", "deliverable"),
        lambda o: {"note": "跨县", "opened_version": o["deliverable_b"].version},
        _b("deliverable"),
    ),
    "evidence upload to B's deliverable": PortalWrite(
        _url("timetables:evidence_upload", "deliverable"),
        lambda o: {"evidence": _pdf()},
        _b("deliverable"),
    ),
    "progress notice from B's timetable": PortalWrite(
        _url("timetables:draft_notice", "timetable"),
        lambda o: {"organ_abbreviation": "湛扶", "year": 2020, "sequence": 98},
        _b("timetable"),
    ),
    "bulletin drafting": PortalWrite(
        _url("bulletins:create"),
        lambda o: {"campaign": _campaign().pk, "region": o["county_b"].pk},
        lambda o: o["bulletin"],
    ),
    "bulletin edit": PortalWrite(
        lambda o: reverse("bulletins:edit", args=[o["bulletin"].pk]),
        lambda o: {"title": "跨县改题"},
        lambda o: o["bulletin"],
    ),
}


def test_portal_refuses_county_b_writes(client, objects):
    mismatches = []
    for what, spec in sorted(PORTAL_WRITES.items()):
        for username in spec.users:
            client.force_login(User.objects.get(username=username))
            target = spec.target(objects)
            before = _snapshot(target)
            response = client.post(spec.url(objects), spec.data(objects))
            changed = _changed(before, _snapshot(target))
            if not _refused(response):
                mismatches.append(f"{what} by {username}: not refused ({response.status_code})")
            if changed:
                mismatches.append(f"{what} by {username}: changed {changed}")
    assert not mismatches, "\n".join(mismatches)


def test_portal_finding_naming_county_a_goes_through(client, objects):
    """The control for the first row above: the same form naming A's village is saved."""
    client.force_login(User.objects.get(username="wuchuan"))
    response = client.post(reverse("inspections:finding_create"), _finding_values(objects, "a"))
    assert response.status_code == 302, _form_errors(response)
    assert objects["village_a"].findings.filter(description="跨县写入检查").exists()


def test_write_targets_exist(objects):
    """Keeps the checks meaningful: each names a real county-B row."""
    for label, spec in ADMIN_WRITES.items():
        target = spec.target(objects, "b")
        assert target is not None or label == "django_tasks_database.dbtaskresult", label
