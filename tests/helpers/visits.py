"""Household visits in tests: a current draw that holds households, a small
JPEG, and the answers a phone would send for a household."""

from __future__ import annotations

import datetime
import io
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from apps.accounts.access import SYSTEM
from apps.households.models import Household, Sex
from apps.inspections.models import Campaign, SampleDraw
from apps.inspections.services import choose_current_draw, draw_sample
from apps.regions.models import Level, Region

PHOTO_QUESTIONS = ("housing_photo", "water_photo")


def registered_families(counties=("吴川市", "廉江市", "雷州市"), per_village: int = 2) -> None:
    """Families of three (head, spouse, a daughter of twelve) in every village
    of ``counties``: the test database's demo has no registry."""
    from tests.factories import HouseholdFactory, MemberFactory

    villages = Region.objects.filter(level=Level.VILLAGE, county__name__in=counties)
    for village in villages:
        for _n in range(per_village):
            household = HouseholdFactory(village=village)
            MemberFactory(household=household, name=f"{village.name}户主")
            MemberFactory(household=household, relationship="配偶", sex=Sex.FEMALE)
            MemberFactory(
                household=household,
                relationship="之女",
                sex=Sex.FEMALE,
                birth_date=datetime.date(2008, 5, 1),
            )


def field_draw(campaign: Campaign, *, per_village: int = 2) -> SampleDraw:
    """A draw with ``per_village`` registered households per sampled village,
    made current (the demo's own draw predates its households). In one
    transaction: in a transactional test (the browser journeys) every save
    would otherwise commit and refresh the red lights and counters on its own
    (2–4 minutes of setup instead of seconds)."""
    with transaction.atomic():
        if not Household.objects.exists():
            registered_families(per_village=per_village)
        draw = draw_sample(
            campaign=campaign,
            user=SYSTEM,
            towns_per_county=6,
            villages_per_town=2,
            households_per_village=per_village,
            seed="field-visits",
        )
        choose_current_draw(campaign=campaign, draw=draw, user=SYSTEM)
    campaign.refresh_from_db()
    return draw


def jpeg_bytes(size: tuple[int, int] = (64, 48), quality: int = 85) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 140, 60)).save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def photo(name: str = "housing_photo", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.jpg", content or jpeg_bytes(), "image/jpeg")


def complete_answers(household: dict, **overrides) -> dict:
    """Every required answer, all guarantees met, income as registered."""
    members = household["members"]
    answers = {
        "family_present": True,
        "food_clothing": True,
        "education": {str(m["id"]): True for m in members if m["school_age"]},
        "medical": {str(m["id"]): True for m in members},
        "housing": True,
        "water": True,
        "income": household["per_capita_income"] or "8000",
        "satisfaction": "满意",
    }
    if not answers["education"]:
        del answers["education"]
    return answers | overrides


def new_key() -> str:
    return str(uuid.uuid4())
