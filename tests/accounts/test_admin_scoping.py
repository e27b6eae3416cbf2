"""What the admin offers county A's staff: filters, pairings, pop-ups and
autocomplete lists name only county A's rows."""

from __future__ import annotations

import datetime

from django.contrib import admin
from django.urls import reverse

from apps.accounts.admin_mixins import ScopedForeignKeys
from apps.accounts.models import User
from apps.households.models import AssistingUnit
from apps.inspections.models import Campaign, Finding, FindingCategory
from apps.regions.models import Region

B_VILLAGE = "雷州市标记村"


def _as(client, username: str):
    client.force_login(User.objects.get(username=username))
    return client


def _filter_choices(response, title: str) -> list[str]:
    for spec in response.context["cl"].filter_specs:
        if str(spec.title) == title:
            return [label for _pk, label in spec.lookup_choices]
    raise AssertionError(f"no filter {title!r}")


def test_household_county_filter_lists_only_the_users_county(client, objects):
    url = reverse("admin:households_household_changelist")
    response = _as(client, "wuchuan").get(url)
    title = str(Region._meta.get_field("county").verbose_name)
    choices = _filter_choices(response, title)
    assert choices == [str(objects["county_a"])]
    city = _filter_choices(_as(client, "city").get(url), title)
    assert str(objects["county_b"]) in city and str(objects["county_a"]) in city


def _paired_unit(objects) -> AssistingUnit:
    Region.objects.filter(pk=objects["village_b"].pk).update(name=B_VILLAGE)
    unit = AssistingUnit.objects.create(name="跨县帮扶单位")
    unit.villages.add(objects["village_a"], objects["village_b"])
    return unit


def test_assisting_unit_page_names_only_villages_in_scope(client, objects):
    unit = _paired_unit(objects)
    url = reverse("admin:households_assistingunit_change", args=[unit.pk])
    body = _as(client, "wuchuan").get(url).content.decode()
    assert objects["village_a"].name in body
    assert B_VILLAGE not in body
    assert B_VILLAGE in _as(client, "city").get(url).content.decode()


def test_assisting_unit_of_another_county_is_not_found(client, objects):
    unit = AssistingUnit.objects.create(name="雷州市帮扶单位")
    unit.villages.add(objects["village_b"])
    c = _as(client, "wuchuan")
    listing = c.get(reverse("admin:households_assistingunit_changelist")).content.decode()
    assert "雷州市帮扶单位" not in listing
    assert (
        c.get(reverse("admin:households_assistingunit_change", args=[unit.pk])).status_code == 404
    )


def test_household_form_offers_only_assisting_units_in_scope(client, objects):
    AssistingUnit.objects.create(name="雷州市帮扶单位").villages.add(objects["village_b"])
    AssistingUnit.objects.create(name="吴川市帮扶单位").villages.add(objects["village_a"])
    url = reverse("admin:households_household_change", args=[objects["household_a"].pk])
    form = _as(client, "wuchuan").get(url).context["adminform"].form
    names = {unit.name for unit in form.fields["assisting_unit"].queryset}
    assert "吴川市帮扶单位" in names and "雷州市帮扶单位" not in names


def test_raw_id_popup_and_autocomplete_list_only_county_a(client, objects):
    c = _as(client, "wuchuan")
    popup = c.get(
        reverse("admin:households_household_changelist"), {"_to_field": "id", "_popup": "1"}
    )
    numbers = {h.number for h in popup.context["cl"].result_list}
    assert "MATRIX-a" in numbers and "MATRIX-b" not in numbers
    found = c.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "households",
            "model_name": "household",
            "field_name": "village",
            "term": objects["village_b"].name,
        },
    ).json()
    ids = {int(row["id"]) for row in found["results"]}
    assert objects["village_b"].pk not in ids


def test_admin_finding_region_must_lie_in_the_campaign(client, objects):
    """As on the portal's form: a region outside the campaign's counties is
    refused (Finding.clean, which the admin's form runs too)."""
    campaign = Campaign.objects.create(
        title="吴川市专项核查",
        slug="wuchuan-only",
        kind=Campaign.objects.get(slug="zhanjiang-2020").kind,
        year=2020,
        start_date=datetime.date(2020, 11, 1),
        end_date=datetime.date(2020, 12, 31),
    )
    campaign.counties.add(objects["county_a"])
    before = Finding.objects.count()
    response = _as(client, "city").post(
        reverse("admin:inspections_finding_add"),
        {
            "campaign": campaign.pk,
            "region": objects["village_b"].pk,
            "category": FindingCategory.objects.filter(is_active=True).first().pk,
            "source": campaign.kind,
            "severity": "minor",
            "description": "范围外的问题",
        },
    )
    assert response.status_code == 200
    assert "region" in response.context["adminform"].form.errors
    assert Finding.objects.count() == before


def test_every_project_admin_and_inline_scopes_its_foreign_keys():
    """A new admin or inline without the mixin would offer every county's rows."""
    unscoped = []
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("apps."):
            continue
        for cls in (type(model_admin), *model_admin.inlines):
            if not issubclass(cls, ScopedForeignKeys):
                unscoped.append(cls.__qualname__)
    assert not unscoped, unscoped
