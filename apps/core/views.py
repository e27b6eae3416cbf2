from django.shortcuts import render

from apps.accounts.access import region_scope
from apps.regions.selectors import browsable_children


def dashboard(request):
    return render(
        request,
        "core/dashboard.html",
        {
            "scope": region_scope(request.user),
            "top_regions": browsable_children(user=request.user, parent=None),
        },
    )
