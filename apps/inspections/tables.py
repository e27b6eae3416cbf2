import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.dates import OFFICIAL_DATE_FORMAT

from .models import Finding


class FindingTable(tables.Table):
    region = tables.Column(
        verbose_name=_("Region"), order_by=("region__county__name", "region__name")
    )
    category = tables.Column(verbose_name=_("Category"), order_by=("category__order",))
    description = tables.Column(verbose_name=_("Description"), orderable=False)
    responsible_unit = tables.Column(verbose_name=_("Responsible unit"))
    deadline = tables.DateColumn(verbose_name=_("Deadline"), format=OFFICIAL_DATE_FORMAT)
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Finding
        fields = ("region", "category", "description", "responsible_unit", "deadline", "status")
        order_by = "-deadline"
        attrs = {"class": "table table-sm table-hover align-middle finding-table"}
        empty_text = _("No findings.")

    def render_region(self, value, record):
        url = reverse("inspections:finding_detail", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, value.full_name)

    def render_description(self, value, record):
        text = value if len(value) <= 60 else value[:60] + "…"
        if getattr(record, "from_visit", False):
            return format_html(
                '<span class="badge text-bg-info from-visit">{}</span> {}', _("From a visit"), text
            )
        return text

    def render_status(self, value, record):
        badge = format_html('<span class="badge text-bg-secondary">{}</span>', value)
        if record.is_overdue:
            return format_html(
                '{} <span class="badge text-bg-danger overdue">{}</span>', badge, _("Overdue")
            )
        return badge
