"""The portal's home page, mounted at "/": the leadership dashboard of the
newest campaign with rankings. Not namespaced, like ``login``."""

from django.urls import path

from .views import dashboard

urlpatterns = [path("", dashboard, name="dashboard")]
