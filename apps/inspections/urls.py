from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.index, name="index"),
    path("findings/", views.finding_list, name="finding_list"),
    path("findings/new/", views.finding_create, name="finding_create"),
    path("findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/edit/", views.finding_edit, name="finding_edit"),
    path("findings/<int:pk>/transition/", views.finding_transition, name="finding_transition"),
    path("findings/<int:pk>/open-case/", views.finding_open_case, name="finding_open_case"),
    path("findings/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("ledger/", views.ledger, name="ledger"),
    path("<slug:slug>/", views.campaign_detail, name="campaign_detail"),
    path("<slug:slug>/sample/", views.sample, name="sample"),
    path("<slug:slug>/sample/<int:pk>/current/", views.choose_draw, name="choose_draw"),
    path("<slug:slug>/follow-up/", views.follow_up, name="follow_up"),
    path("<slug:slug>/problems/", views.problem_list, name="problem_list"),
]
