import django_filters
from django.utils.translation import gettext_lazy as _

from apps.accounts.access import scope_queryset
from apps.regions.models import Level, Region

from .models import ExitStatus, Household, HouseholdCategory
from .selectors import search_q


def _counties(request):
    counties = Region.objects.filter(level=Level.COUNTY).order_by("code", "name")
    return scope_queryset(counties, request.user) if request else counties.none()


class HouseholdFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name, household or ID number"), method="search")
    county = django_filters.ModelChoiceFilter(
        label=_("County"),
        field_name="village__county",
        queryset=_counties,
        empty_label=_("All counties"),
    )
    exit_status = django_filters.ChoiceFilter(
        label=_("Exit status"), choices=ExitStatus.choices, empty_label=_("All")
    )
    category = django_filters.ChoiceFilter(
        label=_("Household category"), choices=HouseholdCategory.choices, empty_label=_("All")
    )

    class Meta:
        model = Household
        fields = ["q", "county", "exit_status", "category"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            field.widget.attrs.setdefault("class", "form-control" if name == "q" else "form-select")

    def search(self, queryset, name, value):
        # A subquery, so a household with two matching members is listed once.
        return queryset.filter(pk__in=Household.objects.filter(search_q(value)).values("pk"))
