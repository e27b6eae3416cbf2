from django.contrib import admin

from apps.accounts.access import can_manage_campaigns

from .models import Campaign, Team


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0
    filter_horizontal = ("members", "regions")


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "year", "start_date", "end_date")
    list_filter = ("kind", "year")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("counties",)
    inlines = [TeamInline]

    def has_module_permission(self, request):
        return can_manage_campaigns(request.user)

    def has_view_permission(self, request, obj=None):
        return can_manage_campaigns(request.user)

    def has_add_permission(self, request):
        return can_manage_campaigns(request.user)

    def has_change_permission(self, request, obj=None):
        return can_manage_campaigns(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_manage_campaigns(request.user)
