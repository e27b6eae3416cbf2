from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.inspections.models import Campaign
from apps.regions.models import Region

from .models import Bulletin
from .services import EDITABLE_FIELDS


class _Styled:
    def style(self) -> None:
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class NewBulletinForm(_Styled, forms.Form):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.none())
    organ_abbreviation = forms.CharField(
        label=_("Organ abbreviation"),
        max_length=20,
        help_text=_("The first part of the document number, e.g. 湛扶组."),
    )
    year = forms.IntegerField(label=_("Year"), min_value=1949, max_value=2100)

    def __init__(self, *args, campaigns, organ_abbreviation: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["organ_abbreviation"].initial = organ_abbreviation
        self.fields["year"].initial = timezone.localdate().year
        self.style()


class NewReportForm(_Styled, forms.Form):
    """A county's self-assessment report (自评报告): the county and the year it covers."""

    county = forms.ModelChoiceField(label=_("County"), queryset=Region.objects.none())
    year = forms.IntegerField(label=_("Year covered"), min_value=2000, max_value=2100)

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties
        if len(counties) == 1:
            self.fields["county"].initial = counties[0]
        self.fields["year"].initial = timezone.localdate().year - 1
        self.style()


class BulletinForm(_Styled, forms.ModelForm):
    # The version the editor opened; a save over a newer one is refused.
    opened_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Bulletin
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "written_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "printed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "recipients": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 24, "class": "form-control font-monospace"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opened_version"].initial = self.instance.version
        self.style()
