import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.tables import CountColumn

from .models import Household


class HouseholdTable(tables.Table):
    number = tables.Column(verbose_name=_("Household number"))
    head_name = tables.Column(verbose_name=_("Head of household"), default="—")
    village = tables.Column(
        verbose_name=_("Village"), order_by=("village__county__name", "village__name")
    )
    category = tables.Column(verbose_name=_("Household category"))
    exit_status = tables.Column(verbose_name=_("Exit status"))
    member_count = CountColumn(verbose_name=_("Members"))
    assisting_unit = tables.Column(verbose_name=_("Assisting unit"), default="—")

    class Meta:
        model = Household
        fields = ("number", "village", "category", "exit_status", "member_count", "assisting_unit")
        sequence = ("number", "head_name", "...")
        order_by = "number"
        attrs = {"class": "table table-sm table-hover align-middle household-table"}
        empty_text = _("No households.")

    def render_number(self, value, record):
        url = reverse("households:detail", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, value)

    def render_village(self, value):
        return value.full_name
