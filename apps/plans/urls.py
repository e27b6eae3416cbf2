from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bulletin/", views.bulletin, name="bulletin"),
    path("targets/<int:pk>/", views.target, name="target"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
]
