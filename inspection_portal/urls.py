from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from apps.accounts.forms import AdminLoginForm, LoginForm, PasswordChangeForm
from apps.accounts.views import LogoutView
from apps.core.views import favicon

admin.site.site_header = _("Inspection Portal · data entry")
admin.site.site_title = _("Inspection Portal")
admin.site.index_title = _("Data entry")
# The admin's login page is throttled like the portal's.
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm),
        name="password_change",
    ),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    # Choosing the language must work before logging in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("regions/", include("apps.region_browser.urls")),
    path("households/", include("apps.households.urls")),
    # Registry reports keep their addresses under /households/.
    path("households/", include("apps.reports.urls")),
    path("inspections/", include("apps.inspections.urls")),
    path("tasks/", include("apps.inspections.task_urls")),
    path("field/", include("apps.inspections.visits.urls")),
    path("scorecards/", include("apps.scorecards.urls")),
    path("bulletins/", include("apps.bulletins.urls")),
    path("plans/", include("apps.plans.urls")),
    path("timetables/", include("apps.timetables.urls")),
    path("funds/", include("apps.funds.urls")),
    path("ledgers/", include("apps.ledgers.urls")),
    path("monitoring/", include("apps.monitoring.urls")),
    path("returns/", include("apps.returns.urls")),
    path("", include("apps.scorecards.home_urls")),
]
