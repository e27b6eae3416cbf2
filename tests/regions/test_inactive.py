"""A region gone from the official list (import_regions marks it inactive) is
marked 已撤销 where regions are shown, can be filtered in the admin, is not
offered for new records, and stays valid on the records that point to it."""

import datetime

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from apps.accounts.models import User
from apps.inspections.forms import FindingEditForm, FindingForm
from apps.inspections.models import Campaign, Finding, FindingCategory
from apps.inspections.services import create_finding
from apps.inspections.task_forms import TaskForm
from apps.regions.models import Level, Region
from apps.regions.resolver import RegionResolver

BADGE = "已撤销"


@pytest.fixture
def gone(demo) -> Region:
    """吴川市兰石镇名利村, as import_regions leaves a village the list dropped."""
    village = Region.objects.get(level=Level.VILLAGE, name="名利村")
    Region.objects.filter(pk=village.pk).update(is_active=False)
    village.refresh_from_db()
    return village


@pytest.fixture
def old_finding(gone) -> Finding:
    return create_finding(
        user=User.objects.get(username="city"),
        campaign=Campaign.objects.get(slug="zhanjiang-2020"),
        region=gone,
        category=FindingCategory.objects.get(name="入户核查发现问题"),
        source="verification",
        description="撤并前记录的问题",
        deadline=datetime.date(2030, 1, 1),
    )


def _row_of(page: str, name: str) -> str:
    start = page.index(name)
    return page[start : page.index("</tr>", start)]


def test_the_region_pages_mark_an_inactive_region(login, gone):
    client = login("wuchuan")
    town = client.get(reverse("regions:detail", args=[gone.town_id])).content.decode()
    assert BADGE in _row_of(town, "吴川市兰石镇名利村")
    assert BADGE not in _row_of(town, "吴川市兰石镇兰石村")
    village = client.get(reverse("regions:detail", args=[gone.pk])).content.decode()
    heading = village[village.index("<h1") : village.index("</h1>")]
    assert BADGE in heading and "已不在现行统计用区划代码中" in heading
    # Still the same region for every name that named it.
    assert RegionResolver().resolve_id("吴川市兰石镇名利村") == gone.pk


def test_the_region_admin_filters_on_the_official_list_and_marks_the_withdrawn(login, gone):
    client = login("city")
    url = reverse("admin:regions_region_changelist")
    withdrawn = client.get(url, {"active": "no"})
    assert [r.pk for r in withdrawn.context["cl"].result_list] == [gone.pk]
    page = withdrawn.content.decode()
    assert "区划状态" in page and "现行" in page and BADGE in page
    current = client.get(url, {"active": "yes", "level__exact": "village"})
    listed = current.context["cl"].result_list
    assert gone not in listed and len(listed) == Region.objects.filter(level="village").count() - 1


def test_the_admin_region_picker_leaves_the_inactive_region_out(login, gone):
    client = login("city")
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "inspections",
            "model_name": "finding",
            "field_name": "region",
            "term": "兰石",
        },
    )
    names = {r["text"] for r in response.json()["results"]}
    assert "吴川市兰石镇兰石村" in names and "吴川市兰石镇名利村" not in names


def test_an_admin_form_refuses_it_for_a_new_record_and_keeps_it_on_an_old_one(old_finding):
    request = RequestFactory().get("/")
    request.user = User.objects.get(username="city")
    admin = site._registry[Finding]
    new = admin.get_form(request)()
    assert not new.fields["region"].queryset.filter(pk=old_finding.region_id).exists()
    assert new.fields["region"].queryset.filter(name="兰石村").exists()
    edited = admin.get_form(request, old_finding)(instance=old_finding)
    assert edited.fields["region"].queryset.filter(pk=old_finding.region_id).exists()


def test_a_new_finding_cannot_be_recorded_on_an_inactive_village(login, gone):
    client = login("wuchuan")
    form = client.get(reverse("inspections:finding_create")).context["form"]
    offered = set(form.fields["region"].queryset.values_list("pk", flat=True))
    assert gone.pk not in offered and gone.town_id in offered
    campaign = Campaign.objects.get(slug="zhanjiang-2020")
    response = client.post(
        reverse("inspections:finding_create"),
        {
            "campaign": campaign.pk,
            "region": gone.pk,
            "category": FindingCategory.objects.get(name="入户核查发现问题").pk,
            "source": "verification",
            "severity": "minor",
            "description": "危房改造户未入住",
            "responsible_unit": "吴川市",
            "deadline": "2030-11-30",
        },
    )
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert not Finding.objects.filter(region=gone, description="危房改造户未入住").exists()


def test_an_old_finding_on_an_inactive_village_is_still_edited_and_saved(login, old_finding):
    client = login("wuchuan")
    url = reverse("inspections:finding_edit", args=[old_finding.pk])
    form = client.get(url).context["form"]
    assert form.fields["region"].queryset.filter(pk=old_finding.region_id).exists()
    data = {
        "region": old_finding.region_id,
        "category": old_finding.category_id,
        "source": old_finding.source,
        "severity": old_finding.severity,
        "description": "撤并前记录的问题（已核实）",
        "responsible_unit": "吴川市",
        "deadline": "2030-01-01",
        "opened_version": old_finding.version,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    old_finding.refresh_from_db()
    assert (old_finding.region_id, old_finding.description) == (data["region"], data["description"])


def test_portal_forms_offer_only_active_regions(gone, old_finding):
    city = User.objects.get(username="city")
    campaigns = Campaign.objects.filter(slug="zhanjiang-2020")
    assert gone not in FindingForm(user=city, campaigns=campaigns).fields["region"].queryset
    assert gone in FindingEditForm(instance=old_finding, user=city).fields["region"].queryset
    county = Region.objects.get(level=Level.COUNTY, name="雷州市")
    Region.objects.filter(pk=county.pk).update(is_active=False)
    assert county not in TaskForm().fields["regions"].queryset
