"""Funds URLs, in three sections so that each part adds its own paths."""

from django.urls import path

from .views import usage

app_name = "funds"

urlpatterns = [
    path("", usage.index, name="index"),
    # --- pages: fund usage, projects, funding standard ---
    # --- loans: micro-credit and assets ---
    # --- imports ---
]
