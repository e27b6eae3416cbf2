import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.tables import CountColumn

from .models import Plan


class PlanTable(tables.Table):
    title = tables.Column(verbose_name=_("title"))
    document_number = tables.Column(verbose_name=_("document number"), default="—")
    issuer = tables.Column(verbose_name=_("issuing office"))
    year = tables.Column(verbose_name=_("year"))
    region = tables.Column(verbose_name=_("region"), order_by=("region__code", "region__name"))
    target_count = CountColumn(verbose_name=_("Targets"))

    class Meta:
        model = Plan
        fields = ("title", "document_number", "issuer", "year", "region", "target_count")
        order_by = "-year"
        attrs = {"class": "table table-sm table-hover align-middle plan-table"}
        empty_text = _("No plans.")

    def render_title(self, value, record):
        return format_html('<a href="{}">{}</a>', reverse("plans:detail", args=[record.pk]), value)

    def render_region(self, value):
        return value.full_name
