"""The ledger's and the drill-down's tables (django-tables2): amounts in 万元
with their unit, dates as 2020年11月20日."""

from __future__ import annotations

import django_tables2 as tables
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.dates import official_date
from apps.core.numbers import format_amount, format_count

from .models import Expenditure, Project


class AmountColumn(tables.Column):
    """An amount in 万元, right-aligned; 0 shows as 0.00万元."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "attrs", {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}}
        )
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_amount(value)


class DateColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-nowrap"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return official_date(value)


class ProjectTable(tables.Table):
    name = tables.Column(verbose_name=_("project name"))
    region = tables.Column(verbose_name=_("region"), order_by=("region__code", "region__name"))
    kind = tables.Column(verbose_name=_("project kind"), order_by=("kind__order", "kind__name"))
    year = tables.Column(verbose_name=_("year approved"))
    stage = tables.Column(verbose_name=_("stage"))
    special_funds_wan = AmountColumn(verbose_name=_("special funds"))
    self_raised_wan = AmountColumn(verbose_name=_("self-raised funds"))
    total_investment = AmountColumn(verbose_name=_("Total investment"))
    spent = AmountColumn(verbose_name=_("Spent"))
    people_benefiting = tables.Column(
        verbose_name=_("people benefiting"), attrs={"td": {"class": "text-end"}}
    )
    notice_on = DateColumn(verbose_name=_("public notice on"), default="—")

    class Meta:
        model = Project
        fields = ()
        sequence = (
            "name",
            "region",
            "kind",
            "year",
            "stage",
            "special_funds_wan",
            "self_raised_wan",
            "total_investment",
            "spent",
            "people_benefiting",
            "notice_on",
        )
        order_by = ("-year", "region")
        attrs = {"class": "table table-sm table-hover align-middle project-table"}
        empty_text = _(
            "No projects match. The county poverty-alleviation office enters projects "
            "under Data entry → Projects."
        )

    def render_name(self, value, record):
        return format_html('<a href="{}">{}</a>', reverse("funds:project", args=[record.pk]), value)

    def render_region(self, value):
        return value.full_name

    def render_stage(self, value, record):
        return record.get_stage_display()

    def render_people_benefiting(self, value):
        return format_count(value)


class ExpenditureTable(tables.Table):
    paid_on = DateColumn(verbose_name=_("paid on"))
    voucher_number = tables.Column(verbose_name=_("voucher number"))
    payee = tables.Column(verbose_name=_("payee"))
    amount_wan = AmountColumn(verbose_name=_("amount"))
    project = tables.Column(verbose_name=_("project"), default="—", order_by=("project__name",))
    allocation = tables.Column(
        verbose_name=_("fund allocation"),
        order_by=("allocation__year", "allocation__document_number"),
    )

    class Meta:
        model = Expenditure
        fields = ()
        sequence = ("paid_on", "voucher_number", "payee", "amount_wan", "project", "allocation")
        order_by = ("-paid_on",)
        attrs = {"class": "table table-sm table-hover align-middle expenditure-table"}
        empty_text = _(
            "No expenditures recorded. The county poverty-alleviation office enters each "
            "payment with its voucher number under Data entry → Expenditures."
        )

    def order_paid_on(self, queryset, is_descending):
        """Newest (or oldest) first, the key breaking ties — on an expression,
        not the column: the planner then reads a town's payments through the
        allocation and project indexes and sorts those few, instead of walking
        the paid_on index backwards past tens of thousands of other payments
        until it has a page (60 ms → a few at a million payments)."""
        day = Coalesce("paid_on", "paid_on")
        if is_descending:
            return queryset.order_by(day.desc(), F("pk").desc()), True
        return queryset.order_by(day.asc(), F("pk").asc()), True

    def render_project(self, value):
        return format_html('<a href="{}">{}</a>', reverse("funds:project", args=[value.pk]), value)

    def render_allocation(self, value):
        return format_html(
            '{} {} · {}<br><small class="text-secondary">{}</small>',
            value.year,
            value.source.name,
            value.region.full_name,
            value.document_number,
        )
