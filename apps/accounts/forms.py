"""Login forms that go through login throttling (throttling.py); password change."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.addresses import client_ip

from . import throttling


class ThrottledLoginMixin:
    """Check the lock before the password, record the attempt, clear it when the
    password was right (even when this login page then refuses the user)."""

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
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            # A wrong password leaves the attempt a failure. A right one of a user
            # this page does not admit (user_cache is set) is never a failure.
            if getattr(self, "user_cache", None) is not None:
                throttling.attempt_succeeded(attempt)
            raise
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
    def confirm_login_allowed(self, user) -> None:
        """A right password of a user who may not use the admin (leadership):
        say so and point to the portal, instead of Django's "wrong password"."""
        super(AdminAuthenticationForm, self).confirm_login_allowed(user)  # inactive
        if not user.is_staff:
            message = format_html(
                _("This account cannot use data entry. Please log in to the portal: {link}"),
                link=format_html('<a href="{}">{}</a>', reverse("login"), _("portal login")),
            )
            raise forms.ValidationError(message, code="not_staff")


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form (old password, new password through AUTH_PASSWORD_VALIDATORS),
    styled like the portal's forms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
