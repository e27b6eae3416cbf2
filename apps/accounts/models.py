from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import STAFF_ROLES, Role


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

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def save(self, *args, **kwargs) -> None:
        # Admin access follows the role; nobody has to remember the flag.
        if not self.is_superuser:
            self.is_staff = self.role in STAFF_ROLES
        super().save(*args, **kwargs)
