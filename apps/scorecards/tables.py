import django_tables2 as tables
from django.db.models import F
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.regions.models import Level

from .models import RankingRow
from .selectors import REGION_HEADERS


def format_points(value) -> str:
    """92.00 → 92, 85.50 → 85.5: as the annexes print scores."""
    return f"{value.normalize():f}" if value is not None else "—"


class RankingTable(tables.Table):
    position = tables.Column(verbose_name="序号")
    label = tables.Column(verbose_name="地区")
    total = tables.Column(verbose_name="初步打分", attrs={"td": {"class": "text-end"}})
    rank = tables.Column(verbose_name="排名", order_by=("rank", "position"))
    rating = tables.Column(verbose_name="综合评价")
    is_poor_village = tables.Column(verbose_name="贫困村/非贫困村", orderable=False)

    class Meta:
        model = RankingRow
        fields = ("position", "label", "total", "rank", "rating", "is_poor_village")
        order_by = "position"
        attrs = {"class": "table table-sm table-hover align-middle ranking-table"}
        empty_text = _("No rows.")

    def __init__(self, *args, level: str, **kwargs):
        exclude = [] if level == Level.VILLAGE else ["is_poor_village"]
        super().__init__(*args, exclude=exclude, **kwargs)
        self.columns["label"].column.verbose_name = REGION_HEADERS[level]

    def render_total(self, value):
        return format_points(value)

    def render_rank(self, value, record):
        if record.is_tied:
            return format_html('{} <span class="badge text-bg-secondary">并列</span>', value)
        return value

    def render_rating(self, value):
        css = {"好": "success", "较好": "primary", "一般": "warning"}.get(value, "secondary")
        return format_html('<span class="badge text-bg-{}">{}</span>', css, value)

    def render_is_poor_village(self, value):
        return "贫困村" if value else "非贫困村"

    def order_total(self, queryset, is_descending):
        # Unscored rows last either way (PostgreSQL would put NULLs first on DESC).
        total = (
            F("total").desc(nulls_last=True) if is_descending else F("total").asc(nulls_last=True)
        )
        return queryset.order_by(total, "position"), True
