from django.urls import path

from . import views

app_name = "ledgers"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.template_detail, name="template"),
    path("<int:pk>/import/", views.import_template, name="import_template"),
    path("<int:pk>/county/<int:county_pk>/", views.county, name="county"),
    path("<int:pk>/county/<int:county_pk>/missing/", views.missing, name="missing"),
    path("<int:pk>/region/<int:region_pk>/archive.zip", views.archive_zip, name="archive"),
    path("items/<int:item_pk>/region/<int:region_pk>/", views.entry, name="entry"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
]
