"""The to-do inbox (我的待办): what waits for the user, collected from apps that
register a provider at start-up (core imports no app; the home page and the
menu read the items through here). A provider takes the request and returns
items in a constant number of queries; the items are computed once per request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class InboxItem:
    label: str
    count: int
    url: str
    urgent: bool = False  # past a deadline, or returned: shown first, in red


InboxProvider = Callable[[HttpRequest], list[InboxItem]]
_providers: list[InboxProvider] = []


def register_inbox(provider: InboxProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def inbox_for(request: HttpRequest) -> list[InboxItem]:
    """The user's items with something in them, urgent first."""
    cached = getattr(request, "_inbox_items", None)
    if cached is None:
        user = getattr(request, "user", None)
        found = []
        if user is not None and user.is_authenticated:
            for provider in _providers:
                found.extend(item for item in provider(request) if item.count)
        cached = sorted(found, key=lambda item: not item.urgent)
        request._inbox_items = cached
    return cached


def inbox_count(request: HttpRequest) -> int:
    return sum(item.count for item in inbox_for(request))
