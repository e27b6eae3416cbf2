import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.filters import county_filter
from apps.regions.models import Region

from .models import Finding, FindingCategory, FindingStatus
from .selectors import campaigns_for, overdue_q


def _campaigns(request):
    return campaigns_for(request.user) if request else Region.objects.none()


class FindingFilter(django_filters.FilterSet):
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"), queryset=_campaigns, empty_label=_("All campaigns")
    )
    county = county_filter("region__county")
    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        queryset=FindingCategory.objects.all(),
        empty_label=_("All categories"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=FindingStatus.choices, empty_label=_("All statuses")
    )
    # "All / overdue / not overdue" rather than the widget's default "Unknown".
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"),
        method="filter_overdue",
        widget=forms.Select(
            choices=[("", _("All")), ("true", _("Overdue")), ("false", _("Not overdue"))]
        ),
    )

    class Meta:
        model = Finding
        fields = ["campaign", "county", "category", "status", "overdue"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select")

    def filter_overdue(self, queryset, name, value):
        if value is True:
            return queryset.filter(overdue_q())
        if value is False:
            return queryset.exclude(overdue_q())
        return queryset
