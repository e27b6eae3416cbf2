"""Reads that may leave the primary: dashboards and reports on a read replica.

With ``DATABASE_REPLICA_URL`` set, the settings add a ``replica`` alias and this
router. Reads go to the replica only inside ``reading_from_replica()`` (the
read-only dashboard and report views use ``@reads_from_replica``), and never
once the request has written: a replica lags the primary, so a page must not
read back what it just wrote from there. Everything else, and every write,
uses ``default``. Core imports no app: the router only knows aliases.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS

REPLICA_DB_ALIAS = "replica"


@dataclass
class _Writes:
    """Mutable, so contexts copied from the request's (threads) share the flag."""

    happened: bool = False


_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)
_writes: ContextVar[_Writes | None] = ContextVar("request_writes", default=None)


@contextlib.contextmanager
def reading_from_replica() -> Iterator[None]:
    """Send the reads inside the block to the replica (if configured), until a
    write happens in the same request."""
    writes = _writes.set(_writes.get() or _Writes())
    reads = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(reads)
        _writes.reset(writes)


def reads_from_replica(view: Callable) -> Callable:
    """A read-only view whose queries (selectors, template) may use the replica."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        with reading_from_replica():
            response = view(request, *args, **kwargs)
            # Lazy templates render here too, so their queries stay in the block.
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            return response

    return wrapped


class ReplicaRouter:
    """Primary for everything except reads inside ``reading_from_replica``."""

    def db_for_read(self, model, **hints) -> str:
        writes = _writes.get()
        if _replica_reads.get() and not (writes and writes.happened):
            return REPLICA_DB_ALIAS
        # Explicit, so an object read from the replica never takes later reads there.
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        writes = _writes.get()
        if writes is not None:
            writes.happened = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Both aliases hold the same rows.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool | None:
        return False if db == REPLICA_DB_ALIAS else None


class RequestWritesMiddleware:
    """A fresh "has this request written?" flag for each request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _writes.set(_Writes())
        try:
            return self.get_response(request)
        finally:
            _writes.reset(token)
