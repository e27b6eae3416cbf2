"""What management commands share about who runs them."""

from __future__ import annotations

from django.core.management.base import CommandError

from .models import User


def acting_user(username: str):
    """None: the command line sees the whole database."""
    if not username:
        return None
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"用户“{username}”不存在") from None
