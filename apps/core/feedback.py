"""Telling the user what went wrong with what they posted.

Two shapes recur in every view: a form re-shown with the service's refusal
above its fields, and a page that redirects back with the refusal as a message.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError


def report_form_errors(request, form) -> None:
    """Each of the form's errors as an error message on the next page."""
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


def report_refusal(request, error: ValidationError) -> None:
    """A service's ValidationError as error messages on the next page."""
    for message in error.messages:
        messages.error(request, message)


def show_refusal_on_form(form, error: ValidationError) -> None:
    """A service's ValidationError shown above the form's fields, one line a message."""
    for message in error.messages:
        form.add_error(None, message)
