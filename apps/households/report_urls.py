"""Report pages of the household registry (included by urls.py)."""

from django.urls import path

from . import report_views

urlpatterns = [
    path("indicators/", report_views.indicators_page, name="indicators"),
    path("redlights/", report_views.redlights_page, name="redlights"),
    path(
        "redlights/county/<int:pk>/xlsx/",
        report_views.redlight_county_xlsx,
        name="redlight_county_xlsx",
    ),
    path("redlights/<str:code>/", report_views.redlight_households, name="redlight_households"),
    path("gaps/", report_views.gaps_page, name="gaps"),
]
