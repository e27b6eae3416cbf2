from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("list.xlsx", views.list_xlsx, name="list_xlsx"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/step/", views.case_step, name="case_step"),
    path("cases/<int:pk>/measures/", views.measure_add, name="measure_add"),
    path("cases/<int:pk>/visits/", views.visit_add, name="visit_add"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/start/", views.measure_start, name="measure_start"),
    path("measures/<int:pk>/done/", views.measure_done, name="measure_done"),
    path(
        "measures/<int:pk>/evidence/", views.measure_evidence_upload, name="measure_evidence_upload"
    ),
    path("measure-evidence/<int:pk>/", views.measure_evidence, name="measure_evidence"),
    path("visit-photos/<int:pk>/", views.visit_photo, name="visit_photo"),
    path("removal-evidence/<int:pk>/", views.removal_evidence, name="removal_evidence"),
    path("households/<int:pk>/", views.ledger, name="ledger"),
    path("households/<int:pk>/ledger.xlsx", views.ledger_xlsx, name="ledger_xlsx"),
    path("households/<int:pk>/open/", views.open_case, name="open_case"),
]
