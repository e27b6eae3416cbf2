from django.urls import path

from . import task_views as views

app_name = "tasks"
urlpatterns = [
    path("", views.board, name="board"),
    path("board.xlsx", views.board_xlsx, name="board_xlsx"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/step/", views.step, name="step"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
]
