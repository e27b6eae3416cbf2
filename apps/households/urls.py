from django.urls import include, path

from . import views

app_name = "households"
urlpatterns = [path("", views.index, name="index")]
urlpatterns += [path("", include("apps.households.report_urls"))]
