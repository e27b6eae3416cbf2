"""Periodic returns (报表, issue 21): what a region reports for a period,
each region's instance of it, its steps, and the snapshot taken on approval."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Periodicity(models.TextChoices):
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")
    YEARLY = "yearly", _("yearly")


class ReturnLevel(models.TextChoices):
    COUNTY = "county", pgettext_lazy("return level", "county")
    TOWN = "town", pgettext_lazy("return level", "town")


class State(models.TextChoices):
    NOT_FILED = "not_filed", _("not filed")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned")


# States in which the covered records are locked.
LOCKED_STATES = frozenset({State.SUBMITTED, State.APPROVED})


class ReturnType(models.Model):
    """A return the city office configures in the admin: who reports (level),
    how often, by when, and which records it covers (kinds of apps.locks)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    level = models.CharField(
        _("level"), max_length=10, choices=ReturnLevel.choices, default=ReturnLevel.COUNTY
    )
    periodicity = models.CharField(_("periodicity"), max_length=10, choices=Periodicity.choices)
    due_day = models.PositiveSmallIntegerField(
        _("due day"),
        default=5,
        help_text=_("Day of the month after the period's end by which the return is due."),
    )
    covers = models.JSONField(_("records covered"), default=list)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("return type")
        verbose_name_plural = _("return types")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_day__gte=1, due_day__lte=28), name="returntype_due_day"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ReturnInstance(models.Model):
    """One region's return for one period."""

    region_scope_field = "region"

    return_type = models.ForeignKey(
        ReturnType,
        verbose_name=_("return type"),
        on_delete=models.PROTECT,
        related_name="instances",
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    due_on = models.DateField(_("due on"))
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.NOT_FILED
    )
    first_submitted_on = models.DateField(_("first submitted on"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submit_note = models.TextField(_("note"), blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    return_reason = models.TextField(_("reason returned"), blank=True)
    unlock_requested_at = models.DateTimeField(_("unlock requested at"), null=True, blank=True)
    unlock_reason = models.TextField(_("reason for unlocking"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("return")
        verbose_name_plural = _("returns")
        ordering = ["return_type", "-period_start", "region__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["return_type", "region", "period_start"], name="return_unique_period"
            )
        ]
        indexes = [models.Index(fields=["state", "return_type"], name="return_state")]

    def __str__(self) -> str:
        return f"{self.return_type} {self.region} {self.period_label}"

    @property
    def period_label(self) -> str:
        from .periods import period_label

        return period_label(self.return_type.periodicity, self.period_start)

    @property
    def is_locked(self) -> bool:
        return self.state in LOCKED_STATES


class Step(models.Model):
    """What happened to a return, by whom and when (its history)."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("submitted")
        APPROVE = "approve", _("approved")
        RETURN = "return", _("returned")
        UNAPPROVE = "unapprove", _("approval cancelled")
        REQUEST_UNLOCK = "request_unlock", _("unlock requested")
        REFUSE_UNLOCK = "refuse_unlock", _("unlock refused")

    instance = models.ForeignKey(
        ReturnInstance, on_delete=models.CASCADE, related_name="steps", verbose_name=_("return")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("return step")
        verbose_name_plural = _("return steps")
        ordering = ["instance", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.instance} {self.get_action_display()}"


class Snapshot(models.Model):
    """The figures as approved: per covered kind its totals, and a hash over
    the covered records' ids and versions (``records`` keeps them, so a later
    change shows which records differ)."""

    instance = models.ForeignKey(
        ReturnInstance, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("return")
    )
    taken_at = models.DateTimeField(_("taken at"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    totals = models.JSONField(_("totals"), default=dict)
    records = models.JSONField(_("record fingerprints"), default=dict)
    digest = models.CharField(_("hash"), max_length=64)

    class Meta:
        verbose_name = _("approved snapshot")
        verbose_name_plural = _("approved snapshots")
        ordering = ["instance", "-taken_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.instance} {self.digest[:12]}"


class InboxVisit(models.Model):
    """The user's last two logins: leadership's "bulletins issued since your
    last visit" counts from the one before the current session."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="inbox_visit",
        verbose_name=_("user"),
    )
    previous_login_at = models.DateTimeField(_("previous visit"), null=True, blank=True)
    login_at = models.DateTimeField(_("this visit"))

    class Meta:
        verbose_name = _("inbox visit")
        verbose_name_plural = _("inbox visits")

    def __str__(self) -> str:
        return f"{self.user} {self.login_at:%Y-%m-%d %H:%M}"


def record_login(sender, request, user, **kwargs) -> None:
    """On login: this visit becomes the previous one (user_logged_in receiver)."""
    now = timezone.now()
    visit = InboxVisit.objects.filter(user=user).first()
    if visit is None:
        InboxVisit.objects.create(user=user, login_at=now)
    else:
        InboxVisit.objects.filter(pk=visit.pk).update(
            previous_login_at=visit.login_at, login_at=now
        )
