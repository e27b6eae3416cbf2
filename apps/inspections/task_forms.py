"""Forms for tasks (督办): the city office's new task, a department's reply,
and a step of the status machine."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.accounts.models import Department
from apps.evidence.forms import EvidenceField
from apps.regions.forms import offer_active_regions
from apps.regions.models import Level, Region

from .models import Campaign, Task, TaskStatus
from .task_services import check_task_dates


class _Bootstrap:
    def _style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class TaskForm(_Bootstrap, forms.ModelForm):
    lead_department = forms.ModelChoiceField(
        label=_("lead department"),
        queryset=Department.objects.filter(is_active=True),
        error_messages={"required": _("Choose the lead department.")},
    )
    issued_on = forms.DateField(
        label=pgettext_lazy("task", "issued on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Task
        fields = [
            "title",
            "description",
            "source",
            "campaign",
            "source_reference",
            "lead_department",
            "co_departments",
            "regions",
            "issued_on",
            "deadline",
            "target_value",
            "target_unit",
            "target_note",
        ]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.order_by("-year", "title")
        self.fields["co_departments"].queryset = Department.objects.filter(is_active=True)
        self.fields["regions"].queryset = Region.objects.filter(level=Level.COUNTY).order_by(
            "code", "name"
        )
        offer_active_regions(self)
        self.fields["issued_on"].initial = timezone.localdate()
        self._style()

    def clean(self):
        data = super().clean()
        try:
            check_task_dates(data.get("issued_on"), data.get("deadline"))
        except forms.ValidationError as exc:
            self.add_error(None, exc)
        return data


class ReplyForm(_Bootstrap, forms.Form):
    replied_on = forms.DateField(
        label=_("reply date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    text = forms.CharField(
        label=_("reply"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what was done.")},
    )
    value_reached = forms.DecimalField(
        label=_("value reached"), required=False, max_digits=14, decimal_places=2, min_value=0
    )
    evidence = EvidenceField(label=_("Evidence files"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replied_on"].initial = timezone.localdate()
        self._style()


STEP_CHOICES = [
    ("propose", _("Propose as done")),
    ("confirm", _("Confirm done")),
    ("return", _("Return")),
]


class TaskStepForm(forms.Form):
    step = forms.ChoiceField(choices=STEP_CHOICES)
    note = forms.CharField(required=False)
    opened_version = forms.IntegerField(min_value=1)
    confirm = forms.BooleanField(required=False)


class TaskBoardFilter(_Bootstrap, forms.Form):
    department = forms.ModelChoiceField(
        label=_("department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=_("All departments"),
    )
    status = forms.ChoiceField(
        label=_("status"), choices=[("", _("All statuses")), *TaskStatus.choices], required=False
    )
    overdue = forms.ChoiceField(
        label=_("Overdue"),
        choices=[("", _("Overdue or not")), ("yes", _("Overdue")), ("no", _("Not overdue"))],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def selection(self) -> dict:
        if not self.is_valid():
            return {}
        overdue = {"yes": True, "no": False}.get(self.cleaned_data["overdue"])
        return {
            "department": self.cleaned_data["department"],
            "status": self.cleaned_data["status"],
            "overdue": overdue,
        }
