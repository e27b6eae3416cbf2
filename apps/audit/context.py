"""Who is acting and from where, for the history rows written on save.

The middleware sets it for each request; commands and imports set it with
``acting_as``. Context variables keep threads and async tasks apart.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass

from apps.core.addresses import client_ip


@dataclass(frozen=True)
class Actor:
    user: object | None = None
    ip: str | None = None


NOBODY = Actor()  # frozen, so sharing it as the default is safe
_actor: ContextVar[Actor] = ContextVar("audit_actor", default=NOBODY)  # noqa: B039


def current_actor() -> Actor:
    return _actor.get()


@contextlib.contextmanager
def acting_as(user, ip: str | None = None):
    """Attribute the changes made inside the block to ``user`` (keeps the IP
    of the surrounding request when none is given)."""
    token = _actor.set(Actor(user=user, ip=ip or _actor.get().ip))
    try:
        yield
    finally:
        _actor.reset(token)


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        actor = Actor(
            user=user if user is not None and user.is_authenticated else None, ip=client_ip(request)
        )
        token = _actor.set(actor)
        try:
            return self.get_response(request)
        finally:
            _actor.reset(token)
