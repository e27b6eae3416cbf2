from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.admin_mixins import (
    CityOfficeOnly,
    RegionScopedAdmin,
    ScopedForeignKeys,
    ScopedInlineMixin,
)
from apps.audit.admin import AuditedAdmin
from apps.core.numbers import format_score

from . import services
from .models import Indicator, Ranking, RatingBand, Score, Scorecard, ScoringScheme


class IndicatorInline(ScopedInlineMixin, admin.TabularInline):
    model = Indicator
    extra = 0


class RatingBandInline(ScopedInlineMixin, admin.TabularInline):
    model = RatingBand
    extra = 0


@admin.register(ScoringScheme)
class ScoringSchemeAdmin(CityOfficeOnly, ScopedForeignKeys, admin.ModelAdmin):
    list_display = ("title", "campaign", "level")
    list_filter = ("campaign", "level")
    inlines = [IndicatorInline, RatingBandInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Bands and maxima change ratings: recompute the draft.
        services.refresh_draft_ranking(scheme=form.instance)
        if not form.instance.bands.exists():
            # Saved all the same (a scheme may be set up in steps), but said now:
            # without bands the tables have no 综合评价 and score entry no preview.
            messages.warning(
                request,
                _(
                    "%(scheme)s has no rating bands: its ranked tables show no rating "
                    "and score entry cannot preview one. Add bands such as 好 from 90 "
                    "points, 较好 from 80, 一般 from 0."
                )
                % {"scheme": form.instance},
            )


class ScoreInline(ScopedInlineMixin, admin.TabularInline):
    model = Score
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "indicator" and request.resolver_match.kwargs.get("object_id"):
            scorecard = Scorecard.objects.filter(
                pk=request.resolver_match.kwargs["object_id"]
            ).first()
            if scorecard:
                kwargs["queryset"] = Indicator.objects.filter(scheme=scorecard.scheme)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Scorecard)
class ScorecardAdmin(CityOfficeOnly, AuditedAdmin, RegionScopedAdmin):
    list_display = ("region", "scheme", "shown_total", "published_position", "tie_break")
    list_filter = ("scheme__campaign", "scheme__level")
    search_fields = ("region__name", "published_label")
    autocomplete_fields = ("region",)
    inlines = [ScoreInline]

    @admin.display(description=_("published total"), ordering="published_total")
    def shown_total(self, obj: Scorecard) -> str:
        """92, 85.5 as the annexes print scores (— when none was published)."""
        return format_score(obj.published_total)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.refresh_draft_ranking(scheme=form.instance.scheme)


@admin.register(Ranking)
class RankingAdmin(CityOfficeOnly, ScopedForeignKeys, AuditedAdmin):
    list_display = ("scheme", "published_on", "computed_at")
    list_filter = ("scheme__campaign",)
    readonly_fields = ("scheme", "published_on", "computed_at")
    actions = ["publish_today"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Publish the selected drafts today"))
    def publish_today(self, request, queryset):
        """Publishing freezes a table that counties, the dashboard and the next
        bulletin draft then show: the intermediate page lists what is published
        and the action runs on its confirming POST."""
        drafts = list(queryset.filter(published_on__isnull=True).select_related("scheme"))
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                "admin/scorecards/ranking/publish_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Publish these rankings?"),
                    "opts": self.model._meta,
                    "drafts": drafts,
                    "selected": queryset.values_list("pk", flat=True),
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                    "today": timezone.localdate(),
                },
            )
        for ranking in drafts:
            services.publish_ranking(
                user=request.user, scheme=ranking.scheme, published_on=timezone.localdate()
            )
            messages.success(request, _("Published %(scheme)s.") % {"scheme": ranking.scheme})
