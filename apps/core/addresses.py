"""Where a request comes from, for the audit trail and the login throttle."""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str | None:
    """REMOTE_ADDR, unless it is one of TRUSTED_PROXY_IPS (the nginx hosts of the
    deployment notes): then the last X-Forwarded-For entry that no trusted proxy
    added. Entries a client wrote itself come earlier and are never used."""
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = set(getattr(settings, "TRUSTED_PROXY_IPS", ()))
    if remote not in trusted:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed(forwarded):
        if address and address not in trusted:
            return address
    return remote
