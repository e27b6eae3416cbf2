"""Settings for Inspection Portal.

Everything that differs between machines comes from the environment:
DATABASE_URL (default: an SQLite file in the project folder), SECRET_KEY,
DEBUG, ALLOWED_HOSTS, and the HTTPS settings below. With DEBUG off the
defaults are production's: HTTPS only, secure cookies, HSTS; a loopback
server without TLS (``make serve``) turns those off explicitly.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (production). Generate one with\n"
            "  python3 -c 'import secrets; print(secrets.token_urlsafe(50))'\n"
            "and export it as SECRET_KEY, or set DEBUG=1 for development."
        )
    # Development only: a fixed key keeps sessions valid across restarts.
    SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# HTTPS. Production defaults (DEBUG off) are strict; each is overridable, e.g.
# SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0
# SECURE_HSTS_SECONDS=0 for plain HTTP on loopback.
PRODUCTION = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
# Behind a proxy that terminates TLS (nginx): trust its X-Forwarded-Proto.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies whose X-Forwarded-For names the client (login throttling, change history).
TRUSTED_PROXY_IPS = env_list("TRUSTED_PROXY_IPS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "apps.core",
    "apps.audit",
    "apps.regions",
    "apps.locks",
    "apps.evidence",
    "apps.accounts",
    "apps.region_browser",
    "apps.households",
    "apps.monitoring",
    "apps.reports",
    "apps.inspections",
    "apps.funds",
    "apps.scorecards",
    "apps.bulletins",
    "apps.plans",
    "apps.timetables",
    "apps.ledgers",
    "apps.returns",
    # The demo (load_demo) uses every app above; none of them uses it.
    "apps.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from gunicorn, before sessions and logins are looked at.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A NUL byte in a query or form value, a number too large for the database: 400.
    "apps.core.middleware.BadInputMiddleware",
    # Every view needs a login unless it is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Who and from which IP, for the change history written on save.
    "apps.audit.context.AuditContextMiddleware",
    # Whether this request has written: its reads no longer go to the replica.
    "apps.core.db_router.RequestWritesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "inspection_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "apps.accounts.navigation.navigation",
            ],
            # official_date / official_datetime and the number filters (amount, count,
            # percent, rate) without {% load %} in every template.
            "builtins": [
                "apps.core.templatetags.official_dates",
                "apps.core.templatetags.official_numbers",
            ],
        },
    },
]

WSGI_APPLICATION = "inspection_portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}

# A read replica for dashboards and reports (apps/core/db_router.py). Tests
# always have the alias, as a mirror of default, so the routing is exercised.
RUNNING_TESTS = "pytest" in sys.modules or sys.argv[1:2] == ["test"]
REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if REPLICA_URL or RUNNING_TESTS:
    DATABASES["replica"] = (
        dj_database_url.parse(
            REPLICA_URL, conn_max_age=env_int("CONN_MAX_AGE", 0), conn_health_checks=True
        )
        if REPLICA_URL
        else dict(DATABASES["default"])
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["apps.core.db_router.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Permissions follow the user's role (apps/accounts/roles.py), not per-user grants.
    "apps.accounts.backends.RoleBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Every password set through the portal (admin, password change, create_user,
# manage.py changepassword) goes through these.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates typed as 2020年11月20日 or 2020-11-20 and shown as 2020年11月20日 (admin too).
FORMAT_MODULE_PATH = ["inspection_portal.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Production serves `collectstatic`'s hashed, compressed copies (cached for a
# year); development and tests read static/ directly, no collectstatic needed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))

# Uploads: evidence files are checked per file (apps/evidence/validators.py);
# a request is refused before it is read when it could not hold valid files.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
EVIDENCE_MAX_FILES = 10
# A DOCX/XLSX whose ZIP directory declares more than this unpacked, or a higher
# packed-to-unpacked ratio, is a zip bomb, not a document.
EVIDENCE_MAX_UNCOMPRESSED_BYTES = env_int("EVIDENCE_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024)
EVIDENCE_MAX_COMPRESSION_RATIO = 100
DATA_UPLOAD_MAX_NUMBER_FILES = EVIDENCE_MAX_FILES
FILE_UPLOAD_HANDLERS = [
    "apps.evidence.uploads.RequestSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Login throttling (apps/accounts/throttling.py): this many failures for one
# user name (LOGIN_IP_FAILURE_LIMIT from one IP) within the window lock it for LOGIN_LOCK_MINUTES.
LOGIN_FAILURE_LIMIT = 5
# One address is often a whole office behind NAT: its colleagues' typos must not
# lock everyone out, so an address takes more failures (over all names) than a name.
LOGIN_IP_FAILURE_LIMIT = int(os.environ.get("LOGIN_IP_FAILURE_LIMIT", "30"))
LOGIN_FAILURE_WINDOW_MINUTES = 15
LOGIN_LOCK_MINUTES = 15

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Poverty lines (元 of per-capita net income per year) by year, for the red-light
# rules and gap reports: 2952 for 2014–2017 is the national list's figure
# (shared/redlight-catalogue.md); 2019 and 2020 are this deployment's lines —
# check them against the province's notice. A year without its own line uses
# the latest earlier year's, and pages say which year's line they applied.
POVERTY_LINES = {2014: 2952, 2015: 2952, 2016: 2952, 2017: 2952, 2019: 3750, 2020: 4000}
# The day by which allocations should be paid out, as the fund usage page opens
# (seed 000 下一步（五）: 11月20日 of the demo campaign year); the page asks for any other.
FUNDS_DISBURSEMENT_DEADLINE = os.environ.get("FUNDS_DISBURSEMENT_DEADLINE", "2020-11-20")
# The day every village must have cleared its red lights (seed 000 下一步: the
# provincial system closes on 11月30日); the red-light page projects each county against it.
REDLIGHTS_DEADLINE = os.environ.get("REDLIGHTS_DEADLINE", "2020-11-30")
# The day the micro-credit pages count overdue loans on (seed 000: 2020-11-20); empty: today.
FUNDS_LOANS_AS_OF = os.environ.get("FUNDS_LOANS_AS_OF", "2020-11-20")
# Monitoring (防返贫监测): days a case may go without any measure before its red
# light (R13-01), and who confirms a risk removal: "city" (the city office) or "county".
MONITORING_MEASURE_DAYS = int(os.environ.get("MONITORING_MEASURE_DAYS", "15"))
MONITORING_REMOVAL_CONFIRMED_BY = os.environ.get("MONITORING_REMOVAL_CONFIRMED_BY", "city")

# Background tasks (household imports): django-tasks with its database backend,
# run by `manage.py db_worker` (more workers on more hosts share the database).
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# An import's worker renews its lease while it runs; a job whose lease ran out
# is taken for dead (worker killed) and marked failed. No import runs longer
# than HOUSEHOLD_IMPORT_TIME_BUDGET (below).
HOUSEHOLD_IMPORT_LEASE = int(os.environ.get("HOUSEHOLD_IMPORT_LEASE", "120"))

# Largest household file accepted by the upload page (a city's 330 000 rows are ~62 MB).
HOUSEHOLD_UPLOAD_MAX_BYTES = int(os.environ.get("HOUSEHOLD_UPLOAD_MAX_BYTES", 150 * 1024 * 1024))

# Hostile or broken household files are refused while streaming, before memory
# grows (apps/households/imports/limits.py; README: configuration). A city's file:
# 330 000 rows × 43 columns, 680 MB of sheet XML at about 11:1, 13 s to check.
# 350 000 rows keeps an import's peak RSS under 500 MB (the city's 330 000 rows peak at
# ~440 MB with history; README: benchmarks); raise it with the worker's memory.
HOUSEHOLD_IMPORT_MAX_ROWS = env_int("HOUSEHOLD_IMPORT_MAX_ROWS", 350_000)
HOUSEHOLD_IMPORT_MAX_COLUMNS = env_int("HOUSEHOLD_IMPORT_MAX_COLUMNS", 200)
HOUSEHOLD_IMPORT_MAX_CELL_CHARS = env_int("HOUSEHOLD_IMPORT_MAX_CELL_CHARS", 32_767)
HOUSEHOLD_IMPORT_MAX_ROW_BYTES = env_int("HOUSEHOLD_IMPORT_MAX_ROW_BYTES", 1024 * 1024)
HOUSEHOLD_IMPORT_MAX_PART_BYTES = env_int("HOUSEHOLD_IMPORT_MAX_PART_BYTES", 1024 * 1024 * 1024)
HOUSEHOLD_IMPORT_MAX_SHARED_STRINGS_BYTES = env_int(
    "HOUSEHOLD_IMPORT_MAX_SHARED_STRINGS_BYTES", 200 * 1024 * 1024
)
HOUSEHOLD_IMPORT_MAX_RATIO = env_int("HOUSEHOLD_IMPORT_MAX_RATIO", 100)
# Seconds an import may take, checked while reading and between write batches (a city's
# file takes well under a minute on PostgreSQL); 0: no budget.
HOUSEHOLD_IMPORT_TIME_BUDGET = env_int("HOUSEHOLD_IMPORT_TIME_BUDGET", 600)

# Django's message levels as Bootstrap's alert colours: an error is red like a
# form error, not unstyled ("error" is no Bootstrap class).
MESSAGE_TAGS = {10: "secondary", 20: "info", 25: "success", 30: "warning", 40: "danger"}
