"""The city office builds ledger templates here (or imports items from .xlsx on
the template's page). Entries are filled on the portal, where the item's
accepted evidence types are enforced; the admin does not edit them."""

from django.contrib import admin

from apps.accounts.admin_mixins import (
    LedgerTemplateKeepersOnly,
    ScopedForeignKeys,
    ScopedInlineMixin,
)
from apps.audit.admin import AuditedAdmin

from .models import LedgerItem, LedgerTemplate


class LedgerItemInline(ScopedInlineMixin, admin.TabularInline):
    model = LedgerItem
    fk_name = "template"
    extra = 0
    fields = (
        "code",
        "parent",
        "order",
        "numbering",
        "title",
        "level",
        "poor_villages_only",
        "evidence_kinds",
        "required",
        "indicator",
    )
    raw_id_fields = ("parent", "indicator")


@admin.register(LedgerTemplate)
class LedgerTemplateAdmin(
    LedgerTemplateKeepersOnly, AuditedAdmin, ScopedForeignKeys, admin.ModelAdmin
):
    list_display = ("title", "year", "period", "campaign", "scheme")
    list_filter = ("year",)
    search_fields = ("title",)
    inlines = [LedgerItemInline]
