from django.urls import path

from . import views

app_name = "field"
urlpatterns = [
    path("", views.index, name="index"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("proposals/<int:pk>/decide/", views.proposal_decide, name="proposal_decide"),
    path("<slug:slug>/", views.shell, name="shell"),
    path("<slug:slug>/proposals/", views.proposals, name="proposals"),
    path("<slug:slug>/results/<int:team>.xlsx", views.results_xlsx, name="results_xlsx"),
    path("<slug:slug>/api/households/", views.api_households, name="api_households"),
    path("<slug:slug>/api/households/<int:pk>/", views.api_visit, name="api_visit"),
]
