import pytest
from django.db import connection, connections
from django.test import TransactionTestCase, override_settings

from apps.demo.zhanjiang import load_demo
from apps.regions.models import Level, Region
from tests.helpers.snapshot import demo_snapshot

# Dashboards and reports read through the replica alias (a test mirror of
# default, see settings): every database test may use it.
TransactionTestCase.databases = {"default", "replica"}

# Demo users are created for every test database; PBKDF2 would dominate the run time.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    return f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or ''} {db['NAME']}"


@pytest.fixture(scope="session", autouse=True)
def session_media_root(tmp_path_factory):
    """Stored files (the demo bulletin's PDF, evidence) go to a temporary folder,
    never into the project's var/."""
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    media.enable()
    yield
    media.disable()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, session_media_root):
    """The demo (seed 000's regions, campaign, users and issued bulletin) is loaded
    once into the test database; every test runs inside a transaction that is
    rolled back."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        load_demo()
        demo_snapshot.take()


@pytest.fixture
def demo(db):
    """Seed 000's regions, the demo campaign and the five demo users."""
    if not Region.objects.filter(level=Level.CITY).exists():
        # A transactional test before this one flushed the database.
        if demo_snapshot.taken:
            demo_snapshot.restore()
        else:
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
def empty_cache():
    """Cached report counts must not outlive the test whose data they count."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(scope="session", autouse=True)
def replica_sees_the_test_transaction():
    """Django's test mirror is a second connection to the same database, which
    would not see what a test wrote inside its rolled-back transaction. The
    replica alias borrows the primary's connection instead (from the session's
    start, so the test case's own atomic block on the alias nests as a
    savepoint): its reads see the test's rows, and its queries are still
    counted as the replica's."""
    replica, default = connections["replica"], connections["default"]

    def borrow_primary_connection():
        default.ensure_connection()
        replica.connection = default.connection

    def give_back():  # never close the primary's connection through the replica
        replica.connection = None

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(replica, "ensure_connection", borrow_primary_connection)
        patch.setattr(replica, "close", give_back)
        yield
