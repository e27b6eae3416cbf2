import django_filters
from django.utils.translation import gettext_lazy as _

from apps.accounts.filters import county_filter

from .models import Plan


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Title or document number"), method="search")
    county = county_filter("region__county")
    year = django_filters.NumberFilter(label=_("year"))

    class Meta:
        model = Plan
        fields = ["q", "county", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            field.widget.attrs.setdefault(
                "class", "form-select" if name == "county" else "form-control"
            )

    def search(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(title__icontains=value) | Q(document_number__icontains=value))
