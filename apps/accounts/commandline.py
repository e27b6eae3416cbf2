"""What management commands share about who runs them."""

from __future__ import annotations

from django.core.management.base import CommandError

from .access import SYSTEM, SystemActor
from .models import User


def acting_user(username: str) -> User | SystemActor:
    """The named user, or SYSTEM (the whole database) when none is named."""
    if not username:
        return SYSTEM
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"用户“{username}”不存在") from None
