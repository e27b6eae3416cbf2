from django.urls import reverse

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.demo.zhanjiang import DEMO_PASSWORD
from tests.helpers import routed_urls

# The only pages an anonymous visitor may open (the admin has its own login).
PUBLIC = {"login", "set_language", "favicon"}


def test_every_page_but_login_requires_login(client, demo):
    # Every routed URL, so a new page that forgets the login check fails here.
    urls = routed_urls()
    assert set(urls) >= PUBLIC
    let_in = {
        name
        for name, url in urls.items()
        if not client.get(url).get("Location", "").startswith(reverse("login"))
    }
    assert let_in == PUBLIC


def test_login_page_is_served_in_chinese(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_browser_language_does_not_override_chinese(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "登录" in response.content.decode()


def test_english_is_available_when_chosen(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    response = client.get(reverse("login"))
    assert "Log in" in response.content.decode()
    assert response["Content-Language"] == "en"


def test_each_demo_user_logs_in_and_reaches_the_region_browser(client, demo):
    for username in ["city", "wuchuan", "leizhou", "inspector", "leader"]:
        client.logout()
        response = client.post(
            reverse("login"), {"username": username, "password": DEMO_PASSWORD}, follow=True
        )
        assert response.context["user"].username == username
        assert client.get(reverse("regions:browser")).status_code == 200


def test_wrong_password_is_refused_with_a_message(client, demo):
    response = client.post(reverse("login"), {"username": "city", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_role_decides_staff_flag_and_permissions(db):
    county_staff = User.objects.create_user("a", role=Role.COUNTY_STAFF, password="x")
    leader = User.objects.create_user("b", role=Role.LEADERSHIP, password="x")
    assert county_staff.is_staff and not leader.is_staff
    assert county_staff.has_perm("regions.view_region")
    assert not county_staff.has_perm("regions.change_region")
    assert not leader.has_perm("regions.change_region")
