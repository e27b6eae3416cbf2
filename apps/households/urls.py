from django.urls import path

from . import views

app_name = "households"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("import/", views.upload, name="upload"),
    path("import/template.xlsx", views.template, name="template"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("import/<int:pk>/problems.xlsx", views.import_problems, name="import_problems"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("import/<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
    path("import/<int:pk>/resubmit/", views.import_resubmit, name="import_resubmit"),
]
