"""The data-entry admin speaks Chinese where Django 5.2's own zh_Hans
catalogues have no entry yet: the error tab title, the screen-reader table
headers and the two-list selector's buttons (its JavaScript catalogue)."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from apps.accounts.models import User

# Django 5.2 admin/auth messages missing from its zh_Hans catalogues.
ADMIN_MESSAGES = {
    "Model name": "模型名称",
    "Add link": "增加链接",
    "Change or view list link": "修改或查看列表链接",
    "Error:": "错误：",
}
ADMIN_JS_MESSAGES = {"Choose all %s": "全选%s", "Remove all %s": "删除全部%s"}


@pytest.fixture
def admin_client(client, demo):
    user = User.objects.get(username="city")
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


def test_refused_admin_form_has_a_chinese_tab_title(admin_client):
    body = admin_client.post(reverse("admin:regions_region_add"), {}).content.decode()
    assert "<title>错误：" in body and "Error:" not in body


def test_admin_index_table_headers_for_screen_readers_are_chinese(admin_client):
    body = admin_client.get(reverse("admin:index")).content.decode()
    for english, chinese in ADMIN_MESSAGES.items():
        if english != "Error:":
            assert chinese in body and english not in body


def test_admin_javascript_catalogue_translates_the_selector_buttons(admin_client):
    body = admin_client.get(reverse("admin:jsi18n")).content.decode()
    for english, chinese in ADMIN_JS_MESSAGES.items():
        # The catalogue is JSON with \u escapes.
        assert f"{json.dumps(english)}: {json.dumps(chinese)}" in body


def test_admin_messages_django_leaves_in_english_are_translated():
    zh = translation.gettext  # an alias: makemessages does not collect the test's strings
    with translation.override("zh-hans"):
        for english in (
            "After you’ve created a user, you’ll be able to edit more user options.",
            "Forgotten your login credentials?",
            "In case you’ve forgotten, you are:",
        ):
            assert zh(english) != english
