from django.urls import path

from . import views

app_name = "timetables"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/notice/", views.draft_notice, name="draft_notice"),
    path("deliverables/<int:pk>/", views.deliverable, name="deliverable"),
    path("deliverables/<int:pk>/reopen/", views.deliverable_reopen, name="deliverable_reopen"),
    path("deliverables/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
]
