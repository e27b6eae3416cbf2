"""Return types (报表) are configured in the admin by the city office; the
returns themselves move only through the pages (services.do_take_step)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.accounts import access
from apps.accounts.admin_mixins import ScopedForeignKeys
from apps.audit.admin import AuditedAdmin
from apps.locks.guard import KINDS

from .models import ReturnType


class ReturnTypeForm(forms.ModelForm):
    covers = forms.MultipleChoiceField(
        label=_("records covered"), widget=forms.CheckboxSelectMultiple, choices=()
    )

    class Meta:
        model = ReturnType
        fields = ("name", "level", "periodicity", "due_day", "covers", "is_active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["covers"].choices = [(code, label) for code, label in KINDS.items()]


class CityOfficeReturnTypes:
    def has_module_permission(self, request):
        return access.can_manage_return_types(request.user)

    def has_view_permission(self, request, obj=None):
        return access.can_manage_return_types(request.user)

    def has_add_permission(self, request, *args):
        return access.can_manage_return_types(request.user)

    def has_change_permission(self, request, obj=None):
        return access.can_manage_return_types(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.can_manage_return_types(request.user)


@admin.register(ReturnType)
class ReturnTypeAdmin(CityOfficeReturnTypes, ScopedForeignKeys, AuditedAdmin):
    form = ReturnTypeForm
    list_display = ("name", "level", "periodicity", "due_day", "is_active")
