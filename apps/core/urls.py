from django.urls import path

from apps.scorecards.views import dashboard

app_name = "core"
# The leadership dashboard is the home page.
urlpatterns = [path("", dashboard, name="dashboard")]
