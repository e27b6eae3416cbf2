"""What the funds models share: amounts in 万元 and the region-level rule."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.regions.models import Region

ZERO = Decimal("0")


def cents(value: Decimal, places: int = 2) -> Decimal:
    """An amount with its fixed decimals (SQLite's sums come back as 60, not 60.00)."""
    return Decimal(value).quantize(Decimal(1).scaleb(-places))


def wan_field(verbose_name, *, decimal_places: int = 2, **kwargs) -> models.DecimalField:
    """An amount in 万元, never negative: 2 decimals (100 元) for fund records,
    4 (one 元) for micro-credit, whose loans and repayments are paid to the yuan."""
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=decimal_places,
        validators=[MinValueValidator(ZERO)],
        **kwargs,
    )


def not_negative(model: str, *fields: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(condition=Q(**{f"{name}__gte": 0}), name=f"{model}_{name}_gte_0")
        for name in fields
    ]


def version_field() -> models.PositiveIntegerField:
    return models.PositiveIntegerField(gettext_lazy("version"), default=1, editable=False)


def require_level(region: Region | None, levels: Iterable[str], field: str) -> None:
    """A ValidationError on ``field`` when ``region`` is not of one of ``levels``."""
    levels = tuple(levels)
    if region is not None and region.level not in levels:
        from apps.regions.models import Level

        names = "、".join(str(Level(level).label) for level in levels)
        raise ValidationError(
            {
                field: _("%(region)s is a %(level)s; expected a %(levels)s.")
                % {"region": region.full_name, "level": region.get_level_display(), "levels": names}
            }
        )


def lies_within(region: Region, ancestor: Region) -> bool:
    """Whether ``region`` is ``ancestor`` or below it (the denormalised keys)."""
    if region.pk == ancestor.pk:
        return True
    return ancestor.level != "village" and getattr(region, f"{ancestor.level}_id") == ancestor.pk
