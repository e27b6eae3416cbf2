from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("regions/", include("apps.regions.urls")),
    path("households/", include("apps.households.urls")),
    path("inspections/", include("apps.inspections.urls")),
    path("scorecards/", include("apps.scorecards.urls")),
    path("bulletins/", include("apps.bulletins.urls")),
    path("", include("apps.core.urls")),
]
