"""Compute a ranked table in the database, in one INSERT … SELECT.

Order: total descending (published total, or the sum of indicator scores when
every indicator is scored), then the published position (for results that are
only a position), then the explicit tie-break order, then region code. Ties on
the total share a rank (并列) while the position (序号) stays sequential.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    F,
    IntegerField,
    Q,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Concat, NullIf, Rank, RowNumber

from apps.regions.models import Level

from .models import POINTS, Indicator, RankingRow, RatingBand, Scorecard, ScoringScheme

_ROW_COLUMNS = [
    "ranking_id",
    "region_id",
    "position",
    "rank",
    "tie_size",
    "total",
    "rating",
    "label",
    "is_poor_village",
]


def _display(prefix: str):
    """A region's display name (short name if any) through ``prefix``."""
    return Coalesce(NullIf(F(f"{prefix}short_name"), Value("")), F(f"{prefix}name"))


def _full_name(level: str):
    """Region.full_name in SQL: county, town and village display names joined."""
    if level == Level.COUNTY:
        return _display("region__")
    if level == Level.TOWN:
        return Concat(_display("region__county__"), _display("region__"))
    return Concat(_display("region__county__"), _display("region__town__"), _display("region__"))


def _total(scheme: ScoringScheme):
    """Published total, or the sum of indicator scores once every indicator is
    scored; aggregated by a join (GROUP BY scorecard), not a sub-select per card."""
    indicator_count = Indicator.objects.filter(scheme=scheme).count()
    whens = [When(published_total__isnull=False, then=F("published_total"))]
    if indicator_count:
        whens.append(When(scored_count=indicator_count, then=F("points_sum")))
    return Case(*whens, default=None, output_field=DecimalField(**POINTS))


def _rating(scheme: ScoringScheme):
    """The band reached by the total, as one CASE over the scheme's few bands."""
    bands = RatingBand.objects.filter(scheme=scheme).order_by("-min_total")
    whens = [When(~Q(published_rating=""), then=F("published_rating"))]
    whens += [When(row_total__gte=band.min_total, then=Value(band.label)) for band in bands]
    return Case(*whens, default=Value(""), output_field=CharField())


def ranked_scorecards(scheme: ScoringScheme):
    """The scheme's scorecards annotated with every column of a ranking row."""
    order = [
        F("row_total").desc(nulls_last=True),
        F("published_position").asc(nulls_last=True),
        F("tie_break").asc(),
        Case(When(region__code="", then=Value(1)), default=Value(0)).asc(),
        F("region__code").asc(),
        F("region_id").asc(),
    ]
    return (
        Scorecard.objects.filter(scheme=scheme)
        .annotate(points_sum=Sum("scores__points"), scored_count=Count("scores"))
        .annotate(row_total=_total(scheme))
        .annotate(
            row_position=Window(RowNumber(), order_by=order),
            row_rank=Window(Rank(), order_by=order[:2]),
            row_tie_size=Window(Count("pk"), partition_by=[F("row_total")]),
            row_rating=_rating(scheme),
            row_label=Coalesce(NullIf(F("published_label"), Value("")), _full_name(scheme.level)),
        )
    )


def insert_ranking_rows(ranking) -> int:
    """Replace the ranking's rows with freshly computed ones (one statement)."""
    scheme = ranking.scheme
    RankingRow.objects.filter(ranking=ranking).delete()
    source = ranked_scorecards(scheme).annotate(
        row_ranking=Value(ranking.pk, output_field=IntegerField()),
        row_region=F("region_id"),
        row_poor=F("region__is_poor_village"),
        row_unranked=Case(
            When(row_total__isnull=True, published_position__isnull=True, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )
    source = source.values(
        "row_ranking",
        "row_region",
        "row_position",
        "row_rank",
        "row_tie_size",
        "row_total",
        "row_rating",
        "row_label",
        "row_poor",
        "row_unranked",
    )
    inner_sql, params = source.query.sql_with_params()
    table = connection.ops.quote_name(RankingRow._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _ROW_COLUMNS)
    q = connection.ops.quote_name
    # Select by alias from the windowed subquery, so the column order of the
    # generated SQL does not matter (every alias is an annotation of ours: SQLite
    # would read a mistyped quoted name as a string). Incomplete cards get no rank.
    select = ", ".join(
        [
            q("row_ranking"),
            q("row_region"),
            q("row_position"),
            f"CASE WHEN {q('row_unranked')} = 1 THEN NULL ELSE {q('row_rank')} END",
            f"CASE WHEN {q('row_total')} IS NULL THEN 1 ELSE {q('row_tie_size')} END",
            q("row_total"),
            q("row_rating"),
            q("row_label"),
            q("row_poor"),
        ]
    )
    sql = f"INSERT INTO {table} ({columns}) SELECT {select} FROM ({inner_sql}) ranked"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
