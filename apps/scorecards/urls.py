from django.urls import path, register_converter

from . import views
from .converters import ScoredLevelConverter

register_converter(ScoredLevelConverter, "level")

app_name = "scorecards"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path("<slug:slug>/dashboard.pdf", views.dashboard_pdf, name="dashboard_pdf"),
    path("<slug:slug>/region/<int:pk>/", views.drill, name="drill"),
    path("<slug:slug>/<level:level>/", views.ranked_table, name="ranked_table"),
    path("<slug:slug>/<level:level>/score/", views.score_regions, name="score_regions"),
    path("<slug:slug>/<level:level>/score/<int:region_pk>/", views.score_entry, name="score_entry"),
]
