import pytest
from django.db import connection

from apps.core.demo import load_demo
from apps.regions.models import Level, Region


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    return f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or ''} {db['NAME']}"


@pytest.fixture
def demo(db):
    """Seed 000's regions and the five demo users."""
    load_demo()


@pytest.fixture
def county(demo):
    def get(name: str) -> Region:
        return Region.objects.get(level=Level.COUNTY, name=name)

    return get


@pytest.fixture
def login(client, demo):
    """Log the test client in as a demo user by name."""
    from apps.accounts.models import User

    def as_user(username: str):
        client.force_login(User.objects.get(username=username))
        return client

    return as_user


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://… (CI does)")


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # Demo users are created in many tests; PBKDF2 would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
