from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static


@login_not_required
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico whatever the page says; send them to the
    static icon. Resolved per request: the hashed name exists only once
    collectstatic has run. Temporary, so a new icon is picked up."""
    return HttpResponseRedirect(static("favicon.svg"))
