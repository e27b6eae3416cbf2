"""The overdue-loan list and the asset register (django-tables2): amounts in
万元 with their unit, dates as 2020年11月20日, ID numbers masked unless the
user may see them (``access.can_see_loan_borrowers``)."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from apps.core.numbers import format_amount, format_count
from apps.households.idnumbers import mask_id_number

from .models import Asset, MicroLoan
from .tables import AmountColumn, DateColumn


def shown_id_number(value: str | None, *, full: bool) -> str:
    if not value:
        return "—"
    return value if full else mask_id_number(value)


NOWRAP = {"td": {"class": "text-nowrap"}}  # the phone scrolls the table sideways


class OverdueLoanTable(tables.Table):
    contract_number = tables.Column(verbose_name=_("contract number"), attrs=NOWRAP)
    county = tables.Column(
        verbose_name=_("County"),
        accessor="borrower__village__county__name",
        order_by=("borrower__village__county__code",),
    )
    village = tables.Column(
        verbose_name=_("Village"),
        accessor="borrower__village",
        order_by=("borrower__village__code",),
        attrs=NOWRAP,
    )
    borrower_name = tables.Column(verbose_name=_("borrower"), default="—", attrs=NOWRAP)
    borrower_id_number = tables.Column(verbose_name=_("ID number"), orderable=False, attrs=NOWRAP)
    bank = tables.Column(verbose_name=_("bank"))
    amount_wan = AmountColumn(verbose_name=_("loan amount"))
    due_on = DateColumn(verbose_name=_("due on"))
    repaid = AmountColumn(verbose_name=_("Repaid by then"))
    overdue = AmountColumn(verbose_name=_("Overdue"))

    class Meta:
        model = MicroLoan
        fields = ()
        sequence = (
            "contract_number",
            "county",
            "village",
            "borrower_name",
            "borrower_id_number",
            "bank",
            "amount_wan",
            "due_on",
            "repaid",
            "overdue",
        )
        order_by = ("-overdue",)
        attrs = {"class": "table table-sm table-hover align-middle overdue-table"}
        empty_text = _(
            "No loan is overdue on this day: every loan that fell due before it was repaid "
            "in full by then (or no micro-loans are recorded; they are entered under Data "
            "entry → Micro-loans)."
        )

    def __init__(self, *args, full_ids: bool, query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.full_ids, self.query = full_ids, query

    def render_contract_number(self, value, record):
        url = reverse("funds:loan", args=[record.pk])
        return format_html(
            '<a href="{}{}">{}</a>', url, f"?{self.query}" if self.query else "", value
        )

    def render_village(self, value):
        return value.town.name + value.name if value.town_id else value.name

    def render_borrower_id_number(self, value):
        return shown_id_number(value, full=self.full_ids)


class AssetTable(tables.Table):
    name = tables.Column(verbose_name=_("asset name"))
    region = tables.Column(
        verbose_name=_("region"),
        accessor="project__region",
        order_by=("project__region__code",),
    )
    kind = tables.Column(verbose_name=_("asset kind"))
    value_wan = AmountColumn(verbose_name=_("value"))
    owner = tables.Column(verbose_name=_("owner"))
    operator = tables.Column(verbose_name=_("operator"), default="—")
    project = tables.Column(verbose_name=_("project"), order_by=("project__name",))
    income = tables.Column(
        verbose_name=_("Income and distribution per year"), empty_values=(), orderable=False
    )

    class Meta:
        model = Asset
        fields = ()
        sequence = (
            "name",
            "region",
            "kind",
            "value_wan",
            "owner",
            "operator",
            "project",
            "income",
        )
        order_by = ("region",)
        attrs = {"class": "table table-sm table-hover align-middle asset-table"}
        empty_text = _(
            "No assets are recorded. The county poverty-alleviation office enters each "
            "asset a project left, with its owner and operator, under Data entry → Assets."
        )

    def render_region(self, value):
        return value.full_name

    def render_kind(self, value, record):
        return record.get_kind_display()

    def render_project(self, value):
        return format_html('<a href="{}">{}</a>', reverse("funds:project", args=[value.pk]), value)

    def render_income(self, record):
        rows = record.income_rows
        if not rows:
            return format_html('<span class="text-secondary">{}</span>', _("No income recorded"))
        return format_html_join(
            "",
            '<div class="text-nowrap">{}年：{} · {} {} · {}</div>',
            (
                (
                    row.year,
                    format_amount(row.income_wan),
                    _("to households"),
                    format_amount(row.distributed_to_households_wan),
                    _("%(count)s households") % {"count": format_count(row.households_count)},
                )
                for row in rows
            ),
        )
