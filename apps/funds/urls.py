"""Funds URLs, in three sections so that each part adds its own paths."""

from django.urls import path

from .views import assets, imports, loans, projects, usage

app_name = "funds"

urlpatterns = [
    path("", usage.index, name="index"),
    # --- pages: fund usage, projects, funding standard ---
    path("usage/", usage.usage_page, name="usage"),
    path("usage/<int:pk>/", usage.usage_region, name="usage_region"),
    path("standard/", usage.standard_page, name="standard"),
    path("projects/", projects.ledger_page, name="projects"),
    path("projects/xlsx/", projects.ledger_xlsx, name="projects_xlsx"),
    path("projects/<int:pk>/", projects.detail, name="project"),
    path("projects/<int:pk>/advance/", projects.advance, name="project_advance"),
    path("projects/<int:pk>/evidence/", projects.evidence_upload, name="project_evidence_upload"),
    path(
        "projects/evidence/<int:pk>/",
        projects.evidence_download,
        name="project_evidence_download",
    ),
    # --- loans: micro-credit and assets ---
    path("loans/", loans.loans_page, name="loans"),
    path("loans/overdue/", loans.overdue_page, name="loans_overdue"),
    path("loans/overdue/xlsx/", loans.overdue_xlsx, name="loans_overdue_xlsx"),
    path("loans/<int:pk>/", loans.loan_detail, name="loan"),
    path("assets/", assets.asset_register, name="assets"),
    path("assets/documents/", assets.asset_documents, name="asset_documents"),
    # --- imports ---
    path("imports/", imports.imports_page, name="imports"),
    path("imports/template/<str:kind>/", imports.import_template, name="import_template"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/progress/", imports.import_progress, name="import_progress"),
]
