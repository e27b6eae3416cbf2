"""Tables of the household reports (django-tables2)."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.tables import CountColumn
from apps.households.idnumbers import mask_id_number

from .gaps import COLUMNS as GAP_COLUMNS

TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}
GAP_LABELS = {column.key: column.label for column in GAP_COLUMNS}


def shown_id_number(id_number: str, *, full: bool) -> str:
    return id_number if full else mask_id_number(id_number)


def members_text(members, *, full_ids: bool) -> str:
    """张某（440883********1234）；李某（…）"""
    return "；".join(f"{m.name}（{shown_id_number(m.id_number, full=full_ids)}）" for m in members)


class FlaggedHouseholdTable(tables.Table):
    number = tables.Column(verbose_name=_("Household number"))
    head_name = tables.Column(verbose_name=_("Head of household"), default="—", orderable=False)
    village = tables.Column(verbose_name=_("Village"), orderable=False)
    problem = tables.Column(verbose_name=_("Problem"), empty_values=(), orderable=False)
    members = tables.Column(verbose_name=_("Members concerned"), empty_values=(), orderable=False)

    class Meta:
        attrs = TABLE_ATTRS
        empty_text = _("No household trips this rule.")

    def __init__(self, *args, rule, full_ids: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = rule
        self.full_ids = full_ids

    def render_number(self, value, record):
        # A flagged row leads to the household, where it is corrected.
        return format_html(
            '<a href="{}">{}</a>', reverse("households:detail", args=[record.pk]), value
        )

    def render_village(self, record):
        return record.village.full_name

    def render_problem(self):
        return self.rule.message

    def render_members(self, record):
        return members_text(record.shown_members, full_ids=self.full_ids) or "—"


def _count_column(key: str) -> tables.Column:
    return CountColumn(verbose_name=GAP_LABELS[key])


class _GapColumns(tables.Table):
    students = _count_column("students")
    dibao_eligible = _count_column("dibao_eligible")
    no_medical = _count_column("no_medical")
    no_pension = _count_column("no_pension")

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle w-auto"}
        orderable = False
        empty_text = _("No household records here.")


class UnitGapTable(_GapColumns):
    unit = tables.Column(verbose_name=_("Assisting unit"), default=_("(no assisting unit)"))

    class Meta(_GapColumns.Meta):
        sequence = ("unit", "...")


class VillageGapTable(_GapColumns):
    label = tables.Column(verbose_name=_("Village"))

    class Meta(_GapColumns.Meta):
        sequence = ("label", "...")
