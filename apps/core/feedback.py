"""Messages shown after a form posted to a page that redirects back."""

from django.contrib import messages


def report_form_errors(request, form) -> None:
    """Each of the form's errors as an error message on the next page."""
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
