from django.urls import path

from . import views

app_name = "returns"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/step/", views.step, name="step"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("completeness/", views.completeness, name="completeness"),
    path("completeness.xlsx", views.completeness_xlsx, name="completeness_xlsx"),
    path("inbox-count.json", views.inbox_count_json, name="inbox_count"),
]
