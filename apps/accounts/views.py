"""Logging out also clears what the browser kept of the portal."""

from __future__ import annotations

from django.contrib.auth import views as auth_views


class LogoutView(auth_views.LogoutView):
    """Django's logout, and ``Clear-Site-Data``: the field pages' IndexedDB
    (households, drafts), their caches and service worker go with the session,
    whichever page the user logs out from."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
