"""Report pages of the household registry, at /households/… as before the move."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("indicators/", views.indicators_page, name="indicators"),
    path("redlights/", views.redlights_page, name="redlights"),
    path("redlights/queue/", views.redlight_queue, name="redlight_queue"),
    path(
        "redlights/county/<int:pk>/xlsx/",
        views.redlight_county_xlsx,
        name="redlight_county_xlsx",
    ),
    path("redlights/<str:code>/", views.redlight_households, name="redlight_households"),
    path("gaps/", views.gaps_page, name="gaps"),
]
