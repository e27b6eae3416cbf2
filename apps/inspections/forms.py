from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.access import scope_queryset
from apps.evidence.forms import EvidenceField
from apps.regions.forms import offer_active_regions
from apps.regions.models import Level, Region

from .models import (
    EDITABLE_FINDING_FIELDS,
    Campaign,
    Finding,
    FindingCategory,
    FindingStatus,
    FollowUpVerdict,
)


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return obj.full_name


class FindingForm(forms.ModelForm):
    """Region choices: the campaign's counties within the user's scope."""

    region = RegionChoiceField(label=_("Region"), queryset=Region.objects.none())
    evidence = EvidenceField(label=_("Evidence files"))

    class Meta:
        model = Finding
        fields = ["campaign", *EDITABLE_FINDING_FIELDS]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        if not self.initial.get("campaign") and len(campaigns[:2]) == 1:
            # One campaign open to this user: nothing to choose.
            self.initial["campaign"] = campaigns[0].pk
        self.fields["category"].queryset = FindingCategory.objects.filter(is_active=True)
        regions = Region.objects.filter(
            county__campaigns__in=campaigns, level__in=[Level.COUNTY, Level.TOWN, Level.VILLAGE]
        ).distinct()
        self.fields["region"].queryset = scope_queryset(
            regions.select_related("county", "town"), user
        ).order_by("county__code", "county__name", "town__name", "level", "name")
        offer_active_regions(self)  # a region gone from the list only where recorded
        for name, field in self.fields.items():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
            if name == "evidence":
                field.widget.attrs["class"] = "form-control"

    def clean(self):
        cleaned = super().clean()
        campaign, region = cleaned.get("campaign"), cleaned.get("region")
        if campaign and region and not campaign.counties.filter(pk=region.county_id).exists():
            self.add_error("region", _("%(region)s is outside the campaign.") % {"region": region})
        return cleaned


class FindingEditForm(FindingForm):
    """Correcting a finding: everything but the campaign; no evidence here (the
    detail page adds files). Carries the version it was opened at."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        campaigns = Campaign.objects.filter(pk=kwargs["instance"].campaign_id)
        super().__init__(*args, user=user, campaigns=campaigns, **kwargs)
        del self.fields["evidence"]
        # The campaign stays as recorded (shown, not editable).
        self.fields["campaign"].disabled = True
        self.fields["opened_version"].initial = self.instance.version


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=FindingStatus.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"), choices=FollowUpVerdict.Verdict.choices)
    note = forms.CharField(label=_("Note"), required=False)


class SampleForm(forms.Form):
    towns_per_county = forms.IntegerField(
        label=_("Towns per county"), min_value=0, max_value=1000, initial=3
    )
    villages_per_town = forms.IntegerField(
        label=_("Villages per town"), min_value=0, max_value=1000, initial=2
    )
    households_per_village = forms.IntegerField(
        label=_("Households per village"), min_value=0, max_value=10000, initial=10
    )
    seed = forms.CharField(label=_("Seed"), max_length=64)


def campaigns_choice(user):
    from .selectors import campaigns_for

    return campaigns_for(user) if user.is_authenticated else Campaign.objects.none()
