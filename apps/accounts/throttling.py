"""Login throttling: too many failures for a user name or from an IP lock it.

LOGIN_FAILURE_LIMIT failures within LOGIN_FAILURE_WINDOW_MINUTES for one user
name — or LOGIN_IP_FAILURE_LIMIT from one IP, over all names (an office behind
one address must survive its staff's typos) — refuse every further attempt
(even with the right password) for LOGIN_LOCK_MINUTES after the failure that
completed the burst.

Each attempt is written as a FailedLogin row *before* the password is checked
and counted in the database against every other row, those of attempts still
in progress included: of parallel guesses, the last to count sees all the
others, so no more than LIMIT ever reach the password check. (The price: a
burst of LIMIT simultaneous logins from one address may be refused once.) A
refused attempt's row is deleted (a lock does not extend itself); a successful
one deletes its row and clears its user name's earlier failures — but not the
failures of other names from the same IP, so logging in to one's own account
does not reset an IP lock.
"""

from __future__ import annotations

import datetime
import math

from django.conf import settings
from django.db.models import F, Func, IntegerField, Max, OuterRef, Q, Subquery
from django.utils import timezone

from .models import FailedLogin

KEEP_DAYS = 90  # rows older than this are pruned when a new failure is written


class LoginLocked(Exception):
    def __init__(self, until: datetime.datetime):
        super().__init__(until)
        self.until = until

    @property
    def minutes_left(self) -> int:
        return max(1, math.ceil((self.until - timezone.now()).total_seconds() / 60))


def normalise(username: str) -> str:
    """Case-insensitive, so ``City`` and ``city`` share one count."""
    return username.strip().lower()[:150]


def begin_attempt(*, username: str, ip: str | None) -> FailedLogin:
    """Record the attempt as failed until it succeeds; raise LoginLocked when
    the user name or the IP is locked."""
    attempt = FailedLogin.objects.create(username=normalise(username), ip=ip)
    until = locked_until(username=attempt.username, ip=ip, other_than=attempt)
    if until is not None:
        attempt.delete()
        raise LoginLocked(until)
    _prune(attempt.at)
    return attempt


def attempt_succeeded(attempt: FailedLogin) -> None:
    """The password was right: the attempt is no failure, and its user name's
    earlier failures are cleared (also when the page then refused the user,
    e.g. leadership at the admin login: a right password is never a failure)."""
    FailedLogin.objects.filter(username=attempt.username, cleared=False).exclude(
        pk=attempt.pk
    ).update(cleared=True)
    attempt.delete()


def locked_until(
    *, username: str, ip: str | None, other_than: FailedLogin | None = None
) -> datetime.datetime | None:
    """When the lock on this user name or IP ends, or None if neither is locked;
    ``other_than``: the attempt being checked, not counted against itself."""
    keys = [(Q(username=normalise(username)), settings.LOGIN_FAILURE_LIMIT)]
    if ip:
        keys.append((Q(ip=ip), settings.LOGIN_IP_FAILURE_LIMIT))
    ends = [end for key, limit in keys if (end := _lock_end(key, limit, other_than)) is not None]
    return max(ends, default=None)


def _lock_end(key: Q, limit: int, other_than: FailedLogin | None) -> datetime.datetime | None:
    """The last failure within the lock period that completed a burst of
    ``limit`` failures within WINDOW, plus the lock period."""
    window = datetime.timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    lock = datetime.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
    failures = FailedLogin.objects.filter(key, cleared=False)
    if other_than is not None:
        failures = failures.exclude(pk=other_than.pk)
    # For each failure, the failures of the same key in the window ending at it.
    burst = (
        failures.filter(at__gt=OuterRef("at") - window, at__lte=OuterRef("at"))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    last = (
        failures.filter(at__gt=timezone.now() - lock)
        .annotate(burst=Subquery(burst, output_field=IntegerField()))
        .filter(burst__gte=limit)
        .aggregate(last=Max("at"))["last"]
    )
    return last + lock if last is not None else None


def _prune(now: datetime.datetime) -> None:
    FailedLogin.objects.filter(at__lt=now - datetime.timedelta(days=KEEP_DAYS)).delete()
