from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import STAFF_ROLES, Role


class Department(models.Model):
    """A city department (市医保局, 市财政局 …) that is given tasks (督办) to answer.

    Kept here beside the users: a department is an organisation a user belongs
    to, as regions are the places a user works for; every app above may read it.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    regions = models.ManyToManyField(
        "regions.Region",
        verbose_name=_("regions"),
        blank=True,
        related_name="+",
        help_text=_(
            "County staff: the county (or towns) they work for. "
            "The whole subtree below each region is in scope."
        ),
    )

    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("Department users: the department whose tasks they answer."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def save(self, *args, **kwargs) -> None:
        # Admin access follows the role; nobody has to remember the flag.
        if not self.is_superuser:
            self.is_staff = self.role in STAFF_ROLES
        super().save(*args, **kwargs)


class FailedLogin(models.Model):
    """One failed (or, while it is checked, pending) login attempt.

    Throttling counts these rows (apps/accounts/throttling.py). A successful
    login clears its user name's failures; rows are kept for the admin to read.
    """

    username = models.CharField(_("user name"), max_length=150)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    cleared = models.BooleanField(
        _("cleared"), default=False, help_text=_("A later login of this user name succeeded.")
    )

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["username", "at"], name="failedlogin_username_at"),
            models.Index(fields=["ip", "at"], name="failedlogin_ip_at"),
        ]

    def __str__(self) -> str:
        return f"{self.username} @ {self.ip or '?'}"
