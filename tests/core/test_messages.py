"""Messages and form errors look like what they are: an error is red and
announced, a form's field errors are summarised above it with links."""

from __future__ import annotations

import re

from django.urls import reverse

from apps.inspections.models import Finding


def test_an_error_message_is_a_red_alert_not_unstyled_text(login):
    finding = Finding.objects.filter(region__county__name="吴川市").first()
    url = reverse("inspections:finding_transition", args=[finding.pk])
    page = login("city").post(url, {"to_status": "abc"}, follow=True).content.decode()
    error = re.search(r'<div class="alert alert-(\w+)" role="(\w+)">[^<]*abc', page)
    assert error is not None, "the refusal is shown as an alert"
    assert error.groups() == ("danger", "alert")


def test_a_success_message_stays_green_and_polite(login):
    finding = Finding.objects.filter(region__county__name="吴川市", status="open").first()
    url = reverse("inspections:finding_transition", args=[finding.pk])
    page = login("city").post(url, {"to_status": "in_progress"}, follow=True).content.decode()
    assert re.search(r'<div class="alert alert-success" role="status">', page)


def test_field_errors_are_summarised_above_the_form_with_links(login):
    page = login("city").post(reverse("inspections:finding_create"), {"description": ""})
    page = page.content.decode()
    summary = re.search(r"form-error-summary.*?</div>", page, re.S)
    assert summary is not None and "请更正下列标出的字段" in summary.group(0)
    assert 'href="#id_description"' in summary.group(0)
    assert 'class="invalid-feedback d-block"' in page  # and each error beside its field


def test_read_only_roles_see_no_button_they_cannot_use(login):
    for url in (reverse("inspections:index"), reverse("inspections:finding_list")):
        assert "录入问题" not in login("leader").get(url).content.decode()
        assert "录入问题" in login("city").get(url).content.decode()
    assert "录入评分" not in login("leader").get(reverse("scorecards:index")).content.decode()
    assert "录入评分" in login("inspector").get(reverse("scorecards:index")).content.decode()
