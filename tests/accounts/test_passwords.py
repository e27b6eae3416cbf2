"""Every password a user sets goes through Django's validators: the password
change page, the admin's user form and the create_user service."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.accounts.services import create_user
from apps.demo.zhanjiang import DEMO_PASSWORD

STRONG = "湛江核查-2020-春风"


def test_the_four_django_validators_are_configured():
    names = {v["NAME"].rsplit(".", 1)[1] for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert names == {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    }


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("12345678", "这个密码太常见了。"),
        ("20201120", "密码只包含数字。"),
        ("Ab3$xyz", "密码长度太短。密码必须包含至少 8 个字符。"),
        ("wuchuan1", "密码跟 用户名 太相似了。"),
    ],
)
def test_weak_passwords_are_refused_on_the_password_page(login, password, message):
    client = login("wuchuan")
    response = client.post(
        reverse("password_change"),
        {"old_password": DEMO_PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.get(username="wuchuan").check_password(DEMO_PASSWORD)


def test_a_strong_password_is_accepted_and_used_for_the_next_login(login, client):
    response = login("wuchuan").post(
        reverse("password_change"),
        {"old_password": DEMO_PASSWORD, "new_password1": STRONG, "new_password2": STRONG},
        follow=True,
    )
    assert "密码已修改" in response.content.decode()
    client.logout()
    client.post(reverse("login"), {"username": "wuchuan", "password": STRONG})
    assert client.session.get("_auth_user_id")


def test_every_page_links_to_the_password_page(login):
    assert reverse("password_change") in login("leader").get("/").content.decode()


def test_create_user_refuses_a_weak_password(db):
    with pytest.raises(ValidationError) as refused:
        create_user(username="newstaff", role=Role.COUNTY_STAFF, password="password")
    assert "common" in str(refused.value) or "常见" in str(refused.value)
    assert not User.objects.filter(username="newstaff").exists()


def test_the_admin_refuses_a_weak_password_for_a_new_user(login):
    response = login("city").post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newstaff",
            "role": Role.COUNTY_STAFF,
            "password1": "11111111",
            "password2": "11111111",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert "这个密码太常见了。" in response.content.decode()
    assert not User.objects.filter(username="newstaff").exists()
