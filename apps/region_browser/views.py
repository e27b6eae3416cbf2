from django.shortcuts import render

from apps.accounts.access import can_see_region

from . import selectors


def region_browser(request, pk: int | None = None):
    region = selectors.region_for_browser(user=request.user, pk=pk) if pk else None
    children = selectors.browsable_children(user=request.user, parent=region)
    breadcrumbs = (
        [a for a in region.ancestors() if can_see_region(request.user, a)] if region else []
    )
    return render(
        request,
        "regions/browser.html",
        {"region": region, "children": children, "breadcrumbs": breadcrumbs},
    )
