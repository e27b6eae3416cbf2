import django_filters
from django.utils.translation import gettext_lazy as _

from apps.accounts.filters import county_filter
from apps.regions.models import Level

from .models import RankingRow


class RankingRowFilter(django_filters.FilterSet):
    county = county_filter("region__county")
    rating = django_filters.ChoiceFilter(label=_("Rating"), empty_label=_("All ratings"))
    is_poor_village = django_filters.ChoiceFilter(
        label=_("Poor or non-poor village"),
        choices=[("true", _("poor village")), ("false", _("non-poor village"))],
        method="filter_poor",
        empty_label=_("All villages"),
    )

    class Meta:
        model = RankingRow
        fields = ["county", "rating", "is_poor_village"]

    def __init__(self, *args, ratings: list[str], level: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["rating"].extra["choices"] = [(r, r) for r in ratings]
        if level != Level.VILLAGE:
            del self.filters["is_poor_village"]
        if level == Level.COUNTY:
            del self.filters["county"]
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select")

    def filter_poor(self, queryset, name, value):
        return queryset.filter(is_poor_village=(value == "true"))
