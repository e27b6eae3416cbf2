import django_filters
from django.utils.translation import gettext_lazy as _

from apps.accounts.access import scope_queryset
from apps.regions.models import Level, Region

from .models import Plan


def _counties(request):
    counties = Region.objects.filter(level=Level.COUNTY).order_by("code", "name")
    return scope_queryset(counties, request.user) if request else counties.none()


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Title or document number"), method="search")
    county = django_filters.ModelChoiceFilter(
        label=_("County"),
        field_name="region__county",
        queryset=_counties,
        empty_label=_("All counties"),
    )
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
