import django_filters
from django.utils.translation import gettext_lazy as _

from apps.accounts.filters import county_filter

from .models import ExitStatus, Household, HouseholdCategory
from .selectors import search_q


class HouseholdFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name, household or ID number"), method="search")
    county = county_filter("village__county")
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
