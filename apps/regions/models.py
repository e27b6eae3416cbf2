"""The region tree: city › county › town › administrative village.

Each region stores its ancestors at every level, itself included (a county's
``county`` is the county). "Region X covers region R" is then a single
equality on one column, ``R.<X.level> == X``, which keeps scoping and
per-county roll-ups to plain indexed filters and GROUP BYs (Wagtail's rule:
whatever is granted on a node covers its subtree).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    TOWN = "town", _("Town")
    VILLAGE = "village", _("Village")


LEVEL_ORDER = [Level.CITY, Level.COUNTY, Level.TOWN, Level.VILLAGE]
# Levels that have their own ancestor-key column (villages are leaves).
ANCESTOR_LEVELS = [Level.CITY, Level.COUNTY, Level.TOWN]


def parent_level(level: str) -> str | None:
    index = LEVEL_ORDER.index(level)
    return LEVEL_ORDER[index - 1] if index else None


def child_level(level: str) -> str | None:
    index = LEVEL_ORDER.index(level)
    return LEVEL_ORDER[index + 1] if index + 1 < len(LEVEL_ORDER) else None


class Kind(models.TextChoices):
    """Statistical units come from the national division list; a management unit
    (管理区, e.g. 湛江经济技术开发区) is a county-level unit that takes over towns
    the list files under other counties (fixtures/regions/management_units.json)."""

    STATISTICAL = "statistical", _("statistical division")
    MANAGEMENT = "management", _("management unit")


region_code_validator = RegexValidator(r"^\d{12}$", _("A region code has exactly 12 digits."))


class RegionQuerySet(models.QuerySet):
    def covered_by(self, region: Region) -> RegionQuerySet:
        """The region and everything below it."""
        return self.filter(Region.subtree_q(region))


class Region(models.Model):
    name = models.CharField(_("name"), max_length=64)
    short_name = models.CharField(
        _("short name"),
        max_length=32,
        blank=True,
        help_text=_(
            "Used in composite names, e.g. 开发区 for 湛江经济技术开发区, 名利村 for 名利村委会."
        ),
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.STATISTICAL
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Off when the region left the official division list; it still resolves "
            "for the records that point to it."
        ),
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    code = models.CharField(
        _("statistical code"),
        max_length=12,
        blank=True,
        default="",
        validators=[region_code_validator],
    )
    is_poor_village = models.BooleanField(
        _("poor village"),
        null=True,
        blank=True,
        help_text=_("Villages only: 贫困村 (yes) or 非贫困村 (no)."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Denormalised ancestor keys, self included; maintained by save().
    city = models.ForeignKey(
        "self",
        verbose_name=_("city"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="city_subtree",
    )
    county = models.ForeignKey(
        "self",
        verbose_name=_("county"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="county_subtree",
    )
    town = models.ForeignKey(
        "self",
        verbose_name=_("town"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="town_subtree",
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["level", "code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="region_unique_name_under_parent"
            ),
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="region_unique_code"
            ),
            models.CheckConstraint(
                condition=Q(level=Level.VILLAGE) | Q(is_poor_village__isnull=True),
                name="region_poor_flag_only_on_villages",
            ),
        ]
        indexes = [models.Index(fields=["level", "name"])]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        previous_parent_id = None
        if self.pk:
            previous_parent_id = (
                Region.objects.filter(pk=self.pk).values_list("parent_id", flat=True).first()
            )
        self._fill_ancestor_keys()
        super().save(*args, **kwargs)
        if self.level in (Level.CITY, Level.COUNTY, Level.TOWN):
            # Keys of self can only be set once the row has a primary key.
            own_key = f"{self.level}_id"
            if getattr(self, own_key) != self.pk:
                setattr(self, own_key, self.pk)
                super().save(update_fields=[own_key])
        if previous_parent_id is not None and previous_parent_id != self.parent_id:
            self._refresh_descendant_keys()

    def clean(self) -> None:
        super().clean()
        expected = parent_level(self.level) if self.level else None
        if self.parent is None and expected is not None and self.level != Level.CITY:
            raise ValidationError(
                {"parent": _("A %(level)s needs a parent.") % {"level": self.get_level_display()}}
            )
        if self.parent is not None and self.parent.level != expected:
            raise ValidationError(
                {
                    "parent": _("The parent of a %(level)s must be a %(expected)s.")
                    % {
                        "level": self.get_level_display(),
                        "expected": Level(expected).label if expected else "-",
                    }
                }
            )
        if self.level != Level.VILLAGE and self.is_poor_village is not None:
            raise ValidationError({"is_poor_village": _("Only villages are poor or not.")})

    # --- names -----------------------------------------------------------

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def full_name(self) -> str:
        """The name as the bulletins write it: county, town and village joined,
        without the city (e.g. 吴川市兰石镇名利村, 开发区东山街道调文村)."""
        parts = []
        # Compare ids first: a county's own ``county`` is itself, no query needed.
        if self.county_id and self.county_id != self.pk:
            parts.append(self.county.display_name)
        if self.town_id and self.town_id != self.pk:
            parts.append(self.town.display_name)
        parts.append(self.display_name if self.level != Level.CITY else self.name)
        return "".join(parts)

    # --- tree --------------------------------------------------------------

    @staticmethod
    def subtree_q(region: Region, prefix: str = "") -> Q:
        """Q selecting ``region`` and its descendants; ``prefix`` points at a
        region relation from another model (e.g. ``"region__"``)."""
        if region.level == Level.VILLAGE:
            return Q(**{f"{prefix}pk": region.pk}) if prefix else Q(pk=region.pk)
        return Q(**{f"{prefix}{region.level}_id": region.pk})

    def ancestors(self) -> list[Region]:
        """City down to the parent, top first."""
        chain = [self.city, self.county, self.town]
        return [r for r in chain if r is not None and r.pk != self.pk]

    def _fill_ancestor_keys(self) -> None:
        parent = self.parent
        for level in ANCESTOR_LEVELS:
            key = f"{level}_id"
            if level == self.level:
                setattr(self, key, self.pk)
            elif parent is not None and LEVEL_ORDER.index(level) < LEVEL_ORDER.index(self.level):
                setattr(self, key, getattr(parent, key))
            else:
                setattr(self, key, None)

    def _refresh_descendant_keys(self) -> None:
        """After a move, descendants take the new ancestors (one UPDATE)."""
        updates = {
            f"{level}_id": getattr(self, f"{level}_id")
            for level in ANCESTOR_LEVELS
            if LEVEL_ORDER.index(level) < LEVEL_ORDER.index(self.level)
        }
        if updates and self.level != Level.VILLAGE:
            Region.objects.filter(**{f"{self.level}_id": self.pk}).exclude(pk=self.pk).update(
                **updates
            )


class RegionAlias(models.Model):
    """Another name people write for a region (简称 / 别名 / a known misspelling)."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("alias"), max_length=64)
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("Why the alias exists, e.g. where a document wrote it."),
    )

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="alias_unique_per_region")
        ]

    def __str__(self) -> str:
        return self.name
