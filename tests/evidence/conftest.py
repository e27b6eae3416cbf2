import pytest

from tests.inspections.conftest import campaign, category, make_finding  # noqa: F401


@pytest.fixture(autouse=True)
def evidence_in_tmp(settings, tmp_path):
    """Uploaded evidence goes to a temporary folder, never the project's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
