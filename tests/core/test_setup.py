import hashlib
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from tests import seed000

# Ten counties in annex 1, 29 towns in annex 2, 58 villages in annex 3.
ANNEX_SIZES = (10, 29, 58)


def test_the_repositorys_seed_copy_is_the_published_bulletin():
    # The copy inside the repository is what tests read; nothing outside it.
    root = Path(__file__).resolve().parents[2]
    assert seed000.SEED_000.is_relative_to(root)
    digest = hashlib.sha256(seed000.SEED_000.read_bytes()).hexdigest()
    assert digest == seed000.SEED_000_SHA256
    assert (len(seed000.annex_1()), len(seed000.annex_2()), len(seed000.annex_3())) == ANNEX_SIZES


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
