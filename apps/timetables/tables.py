import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.dates import official_date
from apps.core.tables import CountColumn


class ChecklistTable(tables.Table):
    phase = tables.Column(verbose_name=_("Phase"), order_by=("phase__order",))
    village = tables.Column(
        verbose_name=_("Village"), order_by=("village__town__code", "village__code")
    )
    assisting_unit = tables.Column(verbose_name=_("Assisting unit"), default="—")
    title = tables.Column(verbose_name=_("Deliverable"))
    deadline = tables.Column(
        verbose_name=_("Due date"), accessor="phase__deadline", order_by=("phase__deadline",)
    )
    completed_on = tables.Column(verbose_name=_("Completed on"), empty_values=())
    completed_by = tables.Column(verbose_name=_("Ticked by"), default="")
    evidence_count = CountColumn(verbose_name=_("Evidence files"))

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle checklist-table"}
        empty_text = _("No deliverables in your regions.")

    def __init__(self, *args, as_of, **kwargs):
        super().__init__(*args, **kwargs)
        self.as_of = as_of

    def render_phase(self, value):
        return value.label

    def render_village(self, value, record):
        url = reverse("timetables:deliverable", args=[record.pk])
        return format_html('<a href="{}">{}{}</a>', url, value.town.name, value.name)

    def render_deadline(self, value):
        return official_date(value)

    def render_completed_on(self, value, record):
        # As on the day shown, like the grids above: an item done later is open then.
        if value is not None and value <= self.as_of:
            return format_html(
                '<span class="badge text-bg-success">✓</span> {}', official_date(value)
            )
        if record.phase.deadline < self.as_of:
            state = format_html(
                '<span class="badge text-bg-danger overdue">{}</span>', _("Overdue")
            )
        else:
            state = format_html('<span class="text-secondary">{}</span>', _("Open"))
        if value is None:
            return state
        later = _("done on %(date)s") % {"date": official_date(value)}
        return format_html('{} <span class="small text-secondary">（{}）</span>', state, later)

    def render_completed_by(self, value):
        return value.first_name or value.username
