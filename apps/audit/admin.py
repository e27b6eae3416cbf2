from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from apps.accounts.admin_mixins import AuditLogForSuperuser, ScopedForeignKeys

from .locking import StaleEdit
from .models import Change
from .selectors import history_for


class VersionedAdminForm(forms.ModelForm):
    """Carries the version the record had when the form was opened."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and hasattr(self.instance, "version"):
            self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("opened_version")
        if self.instance.pk and opened is not None and hasattr(self.instance, "version"):
            current = type(self.instance)._base_manager.get(pk=self.instance.pk)
            if current.version != opened:
                raise ValidationError(StaleEdit(current, opened).messages)
        return cleaned


class AuditedAdmin(admin.ModelAdmin):
    """History (修改记录) from the audit log instead of the admin's own log;
    edits refused when the record changed since the form was opened."""

    form = VersionedAdminForm
    object_history_template = "audit/admin_history.html"

    def save_model(self, request, obj, form, change):
        if change and hasattr(obj, "version"):
            opened = form.cleaned_data.get("opened_version")
            current = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
            if opened is not None and current.version != opened:
                raise StaleEdit(current, opened)
            obj.version = current.version + 1
        super().save_model(request, obj, form, change)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change history: %s") % obj,
            "object": obj,
            "opts": self.opts,
            "changes": history_for(obj),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)


@admin.register(Change)
class ChangeAdmin(AuditLogForSuperuser, ScopedForeignKeys, admin.ModelAdmin):
    """The whole log, for the superuser; read-only."""

    list_display = ("at", "object_repr", "action", "user", "ip")
    list_filter = ("action", "content_type")
    search_fields = ("object_repr",)
    date_hierarchy = "at"
