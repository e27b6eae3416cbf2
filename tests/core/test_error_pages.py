"""Error pages speak Chinese inside the portal's frame and leak nothing."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_missing_page_is_a_chinese_404_with_the_navigation(login):
    client = login("wuchuan")
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in body and "不在您的管辖范围内" in body
    assert reverse("dashboard") in body  # the portal's frame, not a bare server page


@pytest.mark.django_db
def test_refused_action_is_a_chinese_403(login):
    client = login("leader")
    response = client.get(reverse("households:upload"))
    body = response.content.decode()
    assert response.status_code == 403
    assert "无权访问" in body and reverse("dashboard") in body
