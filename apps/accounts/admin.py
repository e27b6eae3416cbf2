from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .admin_mixins import CityOfficeOnly, ReadOnlyRecords, ScopedForeignKeys
from .models import Department, FailedLogin, User


@admin.register(User)
class UserAdmin(ScopedForeignKeys, BaseUserAdmin):
    list_display = ("username", "first_name", "role", "is_active", "last_login")
    list_filter = ("role", "department", "is_active")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Role and regions"), {"fields": ("role", "regions", "department", "is_active")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "role", "password1", "password2")}),
    )
    filter_horizontal = ("regions",)


@admin.register(FailedLogin)
class FailedLoginAdmin(ReadOnlyRecords, ScopedForeignKeys, admin.ModelAdmin):
    """Read-only; deleting a user name's rows lifts its lock early."""

    list_display = ("at", "username", "ip", "cleared")
    list_filter = ("cleared",)
    search_fields = ("username", "ip")
    date_hierarchy = "at"


@admin.register(Department)
class DepartmentAdmin(CityOfficeOnly, ScopedForeignKeys, admin.ModelAdmin):
    list_display = ("name", "order", "is_active")
    list_editable = ("order", "is_active")
    search_fields = ("name",)
