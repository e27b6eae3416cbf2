"""``{% inactive_badge region %}``: 已撤销 beside a region gone from the official
division list (import_regions marks it inactive; old records still point to it)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


def inactive_badge() -> SafeString:
    return format_html(
        ' <span class="badge text-bg-secondary region-inactive" title="{}">{}</span>',
        _("No longer in the official division list; older records still point to it."),
        _("withdrawn"),
    )


@register.simple_tag(name="inactive_badge")
def inactive_badge_tag(region) -> SafeString | str:
    return "" if region is None or getattr(region, "is_active", True) else inactive_badge()
