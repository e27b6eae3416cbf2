"""Login forms that go through login throttling (throttling.py); password change."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.utils.translation import ngettext

from apps.core.addresses import client_ip

from . import throttling


class ThrottledLoginMixin:
    """Check the lock before the password, record the attempt, clear on success."""

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return super().clean()
        ip = client_ip(self.request) if self.request is not None else None
        try:
            attempt = throttling.begin_attempt(username=username, ip=ip)
        except throttling.LoginLocked as locked:
            message = _locked_message(locked.minutes_left)
            raise forms.ValidationError(message, code="locked") from None
        cleaned = super().clean()  # a wrong password raises here; the attempt stays a failure
        throttling.attempt_succeeded(attempt)
        return cleaned


def _locked_message(minutes: int) -> str:
    return ngettext(
        "Too many failed logins for this user name or from this address. "
        "Try again in %(minutes)d minute.",
        "Too many failed logins for this user name or from this address. "
        "Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


class LoginForm(ThrottledLoginMixin, auth_forms.AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form (old password, new password through AUTH_PASSWORD_VALIDATORS),
    styled like the portal's forms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
