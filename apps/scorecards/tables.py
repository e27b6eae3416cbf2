import django_tables2 as tables
from django.db.models import F
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core.numbers import MISSING, format_score
from apps.regions.models import Level

from .models import RankingRow
from .selectors import REGION_HEADERS, TableShape

RATING_BADGES = {"好": "success", "较好": "primary", "一般": "warning", "差": "danger"}
# Space between the score (right-aligned) and the rank, so "85 3" never reads as one figure.
RANK_ATTRS = {"th": {"class": "ps-4"}, "td": {"class": "ps-4 text-nowrap"}}
# On a phone the rank alone: 序号 is only the running number beside it.
WIDE_ONLY = {"th": {"class": "d-none d-sm-table-cell"}, "td": {"class": "d-none d-sm-table-cell"}}


def rank_cell(row: RankingRow) -> str:
    """排名: the rank, 并列 on a rank repeated from the row above, — when unranked."""
    if row.rank is None:
        return format_html('<span class="text-secondary">{}</span>', MISSING)
    if row.repeats_rank:
        return format_html(
            '{} <span class="badge text-bg-secondary tie">{}</span>', row.rank, _("tied")
        )
    return str(row.rank)


def rating_cell(rating: str) -> str:
    """综合评价 as a badge coloured by its band (一般 amber, 差 red), — when none."""
    if not rating:
        return MISSING
    css = RATING_BADGES.get(rating, "secondary")
    return format_html('<span class="badge text-bg-{} rating">{}</span>', css, rating)


def score_cell(row: RankingRow) -> str:
    """初步打分, or why there is none: not scored yet, or only a position published."""
    if row.total is not None:
        return format_score(row.total)
    if row.rank is None:
        return format_html('<span class="text-secondary not-scored">{}</span>', _("not scored"))
    return format_html('<span class="text-secondary">{}</span>', _("no score published"))


class RankingTable(tables.Table):
    position = tables.Column(verbose_name=pgettext_lazy("ranking", "No."), attrs=WIDE_ONLY)
    label = tables.Column(verbose_name=_("Region"))
    total = tables.Column(
        verbose_name=_("Preliminary score"),
        empty_values=(),
        attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}},
    )
    rank = tables.Column(
        verbose_name=_("Rank"), order_by=("rank", "position"), empty_values=(), attrs=RANK_ATTRS
    )
    rating = tables.Column(verbose_name=_("Overall rating"))
    is_poor_village = tables.Column(verbose_name=_("Poor or non-poor village"), orderable=False)

    class Meta:
        model = RankingRow
        fields = ("position", "label", "total", "rank", "rating", "is_poor_village")
        order_by = "position"
        attrs = {"class": "table table-sm table-hover align-middle ranking-table"}
        empty_text = _("No rows.")

    def __init__(self, *args, level: str, shape: TableShape, **kwargs):
        exclude = [] if level == Level.VILLAGE else ["is_poor_village"]
        if not shape.totals:
            exclude.append("total")
        if not shape.positions:
            # 序号 = 排名 on every row: one column, the rank, first.
            exclude.append("position")
            kwargs["sequence"] = ("rank", "label", "...")
        super().__init__(*args, exclude=exclude, **kwargs)
        self.columns["label"].column.verbose_name = REGION_HEADERS[level]
        if not shape.positions:
            self.columns["rank"].column.attrs = {}

    def render_total(self, record):
        return score_cell(record)

    def render_rank(self, record):
        return rank_cell(record)

    def render_rating(self, value):
        return rating_cell(value)

    def render_is_poor_village(self, value):
        return _("poor village") if value else _("non-poor village")

    def order_total(self, queryset, is_descending):
        # Unscored rows last either way (PostgreSQL would put NULLs first on DESC).
        total = (
            F("total").desc(nulls_last=True) if is_descending else F("total").asc(nulls_last=True)
        )
        return queryset.order_by(total, "position"), True
