from django import forms
from django.contrib import admin
from django.db.models import Max
from django.utils.translation import gettext as _

from apps.accounts.access import can_edit_bulletins
from apps.accounts.admin_mixins import ScopedForeignKeys, ScopedInlineMixin
from apps.audit.admin import AuditedAdmin, VersionedAdminForm

from .models import BriefingSeries, BriefingYear, Bulletin, BulletinAnnex


class BulletinAnnexInline(ScopedInlineMixin, admin.TabularInline):
    model = BulletinAnnex
    extra = 0
    autocomplete_fields = ()
    readonly_fields = ("table",)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_issued)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(Bulletin)
class BulletinAdmin(ScopedForeignKeys, AuditedAdmin):
    """Bulletins are city-wide documents: the city office edits drafts here or on
    the bulletin pages; an issued bulletin is shown read-only."""

    list_display = ("document_number", "title", "status", "written_on", "campaign")
    list_filter = ("status", "year", "organ_abbreviation")
    search_fields = ("title", "body", "organ_abbreviation")
    autocomplete_fields = ("region",)
    inlines = [BulletinAnnexInline]
    readonly_fields = ("status", "pdf", "issued_at", "created_by", "updated_at")

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("campaign")
        return queryset if can_edit_bulletins(request.user) else queryset.none()

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj) and can_edit_bulletins(request.user)
        return allowed and not (obj and obj.is_issued)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# --- briefing series (简报 numbering) ---------------------------------------------------
#
# The counters only go up: a number once given (or reached by an issue entered
# another way) is never given again. The admin's change view runs in one
# transaction; each form locks its counter row while it checks, and the series
# row before the year rows, as ``briefings.take_numbers`` does, so a draft
# taking a number meanwhile cannot be overtaken by a stale lower value.


def _not_lowered(value: int | None, lowest: int, message: str) -> int | None:
    if value is not None and value < lowest:
        raise forms.ValidationError(message % {"lowest": lowest})
    return value


class BriefingSeriesForm(VersionedAdminForm):
    class Meta:
        model = BriefingSeries
        fields = ("name", "masthead", "editing_office", "last_running_number")

    def clean_last_running_number(self):
        value = self.cleaned_data.get("last_running_number")
        lowest = 0
        if self.instance.pk:
            locked = BriefingSeries.objects.select_for_update().get(pk=self.instance.pk)
            used = locked.issues.aggregate(highest=Max("running_number"))["highest"] or 0
            lowest = max(locked.last_running_number, used)
        return _not_lowered(
            value,
            lowest,
            _(
                "The running number (总第M期) can only be raised: it is %(lowest)s, and a "
                "number once given is never given again."
            ),
        )


class BriefingYearForm(forms.ModelForm):
    class Meta:
        model = BriefingYear
        fields = ("year", "last_issue")

    def clean(self):
        cleaned = super().clean()
        value, year = cleaned.get("last_issue"), cleaned.get("year")
        lowest = 0
        if self.instance.pk:
            locked = BriefingYear.objects.select_for_update().get(pk=self.instance.pk)
            lowest = locked.last_issue
            if year is not None and year != locked.year:
                self.add_error("year", _("The year of a counter cannot be changed."))
        series = self.instance.series if self.instance.series_id else None
        if series is not None and year is not None:
            used = Bulletin.objects.filter(series=series, year=year).aggregate(
                highest=Max("sequence")
            )["highest"]
            lowest = max(lowest, used or 0)
        try:
            _not_lowered(
                value,
                lowest,
                _(
                    "The issue number of the year (第N期) can only be raised: it is "
                    "%(lowest)s, and a number once given is never given again."
                ),
            )
        except forms.ValidationError as exc:
            self.add_error("last_issue", exc)
        return cleaned


class BriefingYearInline(ScopedInlineMixin, admin.TabularInline):
    model = BriefingYear
    form = BriefingYearForm
    extra = 0
    can_delete = False  # deleting a year's counter would give its numbers again


@admin.register(BriefingSeries)
class BriefingSeriesAdmin(ScopedForeignKeys, AuditedAdmin):
    """The city office keeps the 简报 series: masthead, editing office and the
    counters (总第M期 here, 第N期 per year inline), which it may only raise —
    e.g. to continue a series that was numbered on paper before."""

    form = BriefingSeriesForm
    list_display = ("name", "masthead", "editing_office", "last_running_number")
    inlines = [BriefingYearInline]

    def has_module_permission(self, request):
        return can_edit_bulletins(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return can_edit_bulletins(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return can_edit_bulletins(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return can_edit_bulletins(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # its issues keep their numbers; the series is never removed
