import io

import pdfplumber
import pytest

from apps.bulletins.models import Bulletin

MM_PER_PT = 25.4 / 72
_cache: dict[str, object] = {}


def demo_bulletin() -> Bulletin:
    return Bulletin.objects.get(organ_abbreviation="湛扶组", year=2020, sequence=33)


@pytest.fixture
def demo_pdf_bytes(demo) -> bytes:
    """The demo bulletin's PDF as issued by load_demo (read once per run)."""
    if "bytes" not in _cache:
        with demo_bulletin().pdf.open("rb") as stored:
            _cache["bytes"] = stored.read()
    return _cache["bytes"]


@pytest.fixture
def demo_pdf(demo_pdf_bytes):
    if "pdf" not in _cache:
        _cache["pdf"] = pdfplumber.open(io.BytesIO(demo_pdf_bytes))
    return _cache["pdf"]
