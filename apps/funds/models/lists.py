"""Managed lists: the source levels money comes from and the kinds of project
it pays for. The city office keeps them in the admin; a data migration seeds
the seeds' entries."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import ZERO, version_field


class FundSource(models.Model):
    """A source level (资金来源): 中央, 省, 对口帮扶市, 市, 县本级, 镇, 社会帮扶."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    share = models.DecimalField(
        _("share of the funding standard"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO), MaxValueValidator(1)],
        help_text=_(
            "The level's part of the 2万元-per-person standard (seed 003's 6:3:0.5:0.5: "
            "0.6, 0.3, 0.05, 0.05); empty where the split does not apply."
        ),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    version = version_field()

    class Meta:
        verbose_name = _("fund source")
        verbose_name_plural = _("fund sources")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ProjectKind(models.Model):
    """A kind of project (项目类型): 镇级特色产业, 村级特色产业, 一村一品, 扶贫车间 …"""

    name = models.CharField(_("name"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    version = version_field()

    class Meta:
        verbose_name = _("project kind")
        verbose_name_plural = _("project kinds")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name
