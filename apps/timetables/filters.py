import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Deliverable, Phase


class ChecklistFilter(django_filters.FilterSet):
    """The checklist of one timetable: by phase, village name, ticked or not."""

    phase = django_filters.ModelChoiceFilter(
        label=_("Phase"), queryset=Phase.objects.none(), empty_label=_("All phases")
    )
    village = django_filters.CharFilter(
        label=_("Village"), field_name="village__name", lookup_expr="contains"
    )
    ticked = django_filters.BooleanFilter(
        label=_("Ticked"),
        field_name="completed_on",
        lookup_expr="isnull",
        exclude=True,
        widget=forms.Select(choices=[("", _("All")), ("true", _("Done")), ("false", _("Open"))]),
    )

    class Meta:
        model = Deliverable
        fields = ["phase", "village", "ticked"]

    def __init__(self, *args, timetable, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["phase"].queryset = timetable.phases.all()
        for name, field in self.form.fields.items():
            field.widget.attrs.setdefault(
                "class", "form-control" if name == "village" else "form-select"
            )
