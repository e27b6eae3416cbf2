from django.contrib import admin
from django.db.models import F
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.accounts.access import scope_queryset
from apps.accounts.admin_mixins import RegionScopedAdmin, RegionTreeKeepersOnly, ScopedInlineMixin
from apps.regions.models import Level, Region, RegionAlias
from apps.regions.templatetags.regions import inactive_badge


class AliasInline(ScopedInlineMixin, admin.TabularInline):
    model = RegionAlias
    extra = 1


class CountyFilter(admin.SimpleListFilter):
    title = _("county")
    parameter_name = "county"

    def lookups(self, request, model_admin):
        counties = scope_queryset(Region.objects.filter(level=Level.COUNTY), request.user)
        return [(c.pk, c.name) for c in counties.order_by("code", "name")]

    def queryset(self, request, queryset):
        # A value that is no county's number (typed into the address) is ignored;
        # it is an int when the admin counts facets.
        value = str(self.value() or "")
        return queryset.filter(county_id=int(value)) if value.isdecimal() else queryset


class ActiveFilter(admin.SimpleListFilter):
    """In the official division list (现行) or gone from it (已撤销)."""

    title = _("status in the official list")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("in the current list")), ("no", _("withdrawn"))]

    def queryset(self, request, queryset):
        wanted = {"yes": True, "no": False}.get(str(self.value() or ""))
        return queryset if wanted is None else queryset.filter(is_active=wanted)


@admin.register(Region)
class RegionAdmin(RegionTreeKeepersOnly, RegionScopedAdmin):
    list_display = ("tree_name", "level", "code", "is_poor_village", "children_link")
    list_filter = ("level", CountyFilter, "is_poor_village", ActiveFilter)
    search_fields = ("name", "short_name", "code", "aliases__name")
    inlines = [AliasInline]
    autocomplete_fields = ("parent",)
    list_per_page = 100
    # Tree order: each region directly above its subtree.
    ordering = (
        F("city_id").asc(nulls_first=True),
        F("county_id").asc(nulls_first=True),
        F("town_id").asc(nulls_first=True),
        "id",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("county", "town")

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        match = request.resolver_match
        if match is not None and match.url_name == "autocomplete":
            # A picker for a record (any admin's region field): only current regions;
            # one the record already names is shown from the form itself.
            queryset = queryset.filter(is_active=True)
        return queryset, may_have_duplicates

    @admin.display(description=_("region"))
    def tree_name(self, obj: Region) -> str:
        depth = len(obj.ancestors())
        return format_html(
            '<span style="padding-left:{}em;white-space:nowrap">{}{}</span>',
            depth * 1.5,
            obj.full_name,
            "" if obj.is_active else inactive_badge(),
        )

    @admin.display(description=_("below"))
    def children_link(self, obj: Region) -> str:
        if obj.level == Level.VILLAGE:
            return "-"
        url = reverse("admin:regions_region_changelist") + f"?parent__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("children"))
