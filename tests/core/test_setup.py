from io import StringIO

from django.core.management import call_command

from tests import seed000


def test_seed_copy_matches_the_shared_seed():
    assert seed000.SHARED_SEED_000.exists(), (
        f"{seed000.SHARED_SEED_000} is missing: CI clones the project next to shared/"
    )
    assert seed000.SEED_000.read_bytes() == seed000.SHARED_SEED_000.read_bytes()


def test_no_model_change_lacks_a_migration(db):
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_load_demo_prints_the_demo_users(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    for username in ["city", "wuchuan", "leizhou", "inspector", "leader"]:
        assert username in text


def test_dashboard_shows_the_users_top_regions(login):
    response = login("wuchuan").get("/")
    assert response.status_code == 200
    assert "吴川市" in response.content.decode()
    assert "雷州市" not in response.content.decode()
