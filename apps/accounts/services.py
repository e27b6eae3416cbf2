"""Writes to user accounts."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from apps.regions.models import Region

from .models import User


@transaction.atomic
def create_user(
    *,
    username: str,
    role: str,
    password: str,
    regions: list[Region] | tuple[Region, ...] = (),
    display_name: str = "",
    department=None,
) -> User:
    user = User(username=username, role=role, first_name=display_name, department=department)
    validate_password(password, user)  # AUTH_PASSWORD_VALIDATORS; ValidationError says why
    user.set_password(password)
    user.save()
    if regions:
        user.regions.set(regions)
    return user
