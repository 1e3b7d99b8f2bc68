"""Casetracker settings, read from the environment.

Nothing set: SQLite under var/, Celery over a filesystem broker, console email.
DATABASE_URL / REDIS_URL switch to PostgreSQL and Redis; CT_ENV=production switches
on every production hardening.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CT_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("CT_ENV", "").lower() == "production"

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when CT_ENV=production")
    SECRET_KEY = "casetracker-development-key-not-for-production-use-0123456789"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "unfold.apps.BasicAppConfig",
    "unfold.contrib.filters",
    "casetracker.apps.CasetrackerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "casetracker.apps.CasetrackerConfig",
    "cases",
    "detentions",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "casetracker.i18n.UserLanguageMiddleware",
]

ROOT_URLCONF = "casetracker.urls"
WSGI_APPLICATION = "casetracker.wsgi.application"

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
            ],
        },
    },
]

# Database: DATABASE_URL (PostgreSQL in production and CI), else a SQLite file under var/.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # No JIT: the scoped list queries' cost estimates pass jit_above_cost, and
        # compiling them took ~800 ms per query for a 3 ms lookup (bench/scoping.py).
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "casetracker.sqlite3",
            "OPTIONS": {
                # The web process and the local Celery worker write to the same file.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # A file, not memory, so that a worker process started by a test can see it;
            # one per test run, so that two runs side by side do not share it.
            "TEST": {"NAME": str(VAR_DIR / f"test-casetracker-{os.getpid()}.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "casetracker.User"
AUTHENTICATION_BACKENDS = ["casetracker.auth_backends.RoleBackend"]
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский")]
# locale/ru/... is the main catalog; each feature may keep its own beside it
# (locale/<area>/ru/LC_MESSAGES/django.po) so that parallel work never edits one file.
LOCALE_PATHS = [BASE_DIR / "locale"] + sorted(
    p for p in (BASE_DIR / "locale").glob("*") if (p / "ru" / "LC_MESSAGES").is_dir()
)
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    # Uploaded documents live outside any public path; they are served only through
    # a permission-checked view.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "private", "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DOCUMENT_MAX_BYTES = int(os.environ.get("CT_DOCUMENT_MAX_BYTES", 25 * 1024 * 1024))

# Celery: Redis when REDIS_URL is set, else a filesystem broker under var/ that carries
# tasks between the web process and a local worker without any server.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_DIR = VAR_DIR / "celery" / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {"visibility_timeout": 3600}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR),
        "data_folder_out": str(CELERY_BROKER_DIR),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        # The worker polls the folder; a short interval keeps alerts within seconds.
        "polling_interval": 0.2,
        "store_processed": False,
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
# A worker whose heartbeat is older than this is reported as down by /healthz.
CT_HEARTBEAT_SECONDS = float(os.environ.get("CT_HEARTBEAT_SECONDS", 30))
WORKER_HEARTBEAT_STALE_SECONDS = max(180, 4 * CT_HEARTBEAT_SECONDS)

# A delivery claimed or queued longer ago than this is taken to be lost and re-queued.
CT_DELIVERY_LEASE_SECONDS = int(os.environ.get("CT_DELIVERY_LEASE_SECONDS", 300))
CT_SCAN_BATCH = 5000  # deliveries queued per scan pass at most
# Reminders sent later than this after their scheduled time say that they are late.
CT_LATE_AFTER_SECONDS = 15 * 60
CT_BASE_URL = os.environ.get("CT_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# The one beat schedule. Each entry says when it runs and why.
CELERY_BEAT_SCHEDULE = {
    # Every minute: write and queue due hearing/deadline reminders and digests, and
    # re-queue deliveries a crashed worker left behind.
    "reminder-scan": {"task": "cases.tasks.scan_reminders", "schedule": 60.0},
    # Every CT_HEARTBEAT_SECONDS (30 s): proves to /healthz that beat and a worker run.
    "worker-heartbeat": {"task": "casetracker.tasks.heartbeat", "schedule": CT_HEARTBEAT_SECONDS},
}

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Email: SMTP when EMAIL_HOST is set, else printed to the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Casetracker <casetracker@localhost>")

CT_DEMO_PASSWORD = os.environ.get("CT_DEMO_PASSWORD", "casetracker-demo")

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 12 * 60 * 60
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

UNFOLD = {
    "SITE_TITLE": "Casetracker",
    "SITE_HEADER": "Casetracker",
    "SITE_URL": "/",
    "SHOW_HISTORY": True,
    "SHOW_VIEW_ON_SITE": False,
}

# --- Security: password hashing ----------------------------------------------------
# Argon2id first; the others stay so that hashes written before still verify (and are
# upgraded to Argon2 at the next login).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# --- Security: login lockout (django-axes) -----------------------------------------
# CT_LOCKOUT_FAILURES failed logins for one account, or from one address, block further
# attempts (even with the right password) for CT_LOCKOUT_MINUTES; a success resets the
# count. Counts come from Django's user_login_failed signal, so every path that calls
# authenticate(request, ...) is covered: /login/ (the admin form), re-authentication,
# the API token endpoint. See casetracker/security/lockout.py.
from datetime import timedelta  # noqa: E402

INSTALLED_APPS += ["axes"]
AUTHENTICATION_BACKENDS = ["casetracker.security.lockout.LockoutBackend", *AUTHENTICATION_BACKENDS]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # last: it rewrites the response of a locked attempt
AXES_FAILURE_LIMIT = int(os.environ.get("CT_LOCKOUT_FAILURES", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("CT_LOCKOUT_MINUTES", 30)))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: per account, per address
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "casetracker.security.lockout.login_name"
AXES_LOCKOUT_CALLABLE = "casetracker.security.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "casetracker.security.ip.client_ip"
AXES_SENSITIVE_PARAMETERS = ["username", "email", "login", "ip_address"]
AXES_VERBOSE = False  # axes would log the email address of every failed attempt
# Behind nginx / a load balancer: how many proxies append to X-Forwarded-For.
CT_TRUSTED_PROXY_COUNT = int(os.environ.get("CT_TRUSTED_PROXY_COUNT", 0))
AXES_CLIENT_STR_CALLABLE = "casetracker.security.lockout.log_label"
LOGGING["loggers"]["axes"] = {"level": "WARNING"}

# --- Security: django-allauth (email login, MFA, re-authentication, session list) ------
# /login/ stays the admin's login form; casetracker/security/login.py hands a checked
# password to allauth's login flow, which asks for the TOTP code when the user has one.
# No sign-up: accounts are created by administrators and coordinators.
INSTALLED_APPS += ["allauth", "allauth.account", "allauth.usersessions", "casetracker.security"]
AUTHENTICATION_BACKENDS += ["allauth.account.auth_backends.AuthenticationBackend"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "allauth.account.middleware.AccountMiddleware",
)
ACCOUNT_ADAPTER = "casetracker.security.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # keeps this session; Django ends the others
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60  # a sensitive action needs a password within 5 minutes
ALLAUTH_TRUSTED_PROXY_COUNT = CT_TRUSTED_PROXY_COUNT

# --- Security: session lifetime ---------------------------------------------------------
# Logged out on the server after 30 minutes without a request or 12 hours after login,
# whichever comes first (casetracker/security/sessions.py). The cookie lives no longer.
CT_SESSION_IDLE_SECONDS = int(os.environ.get("CT_SESSION_IDLE_MINUTES", 30)) * 60
CT_SESSION_ABSOLUTE_SECONDS = int(os.environ.get("CT_SESSION_ABSOLUTE_HOURS", 12)) * 3600
SESSION_COOKIE_AGE = CT_SESSION_ABSOLUTE_SECONDS
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "casetracker.security.sessions.SessionTimeoutMiddleware",
)

# --- Security: production cookies and headers ----------------------------------------
# With CT_ENV=production (HTTPS only) the session and CSRF cookies carry the __Host-
# prefix: Secure, Path=/, no Domain, so no other host can set or read them. Both are
# HttpOnly and SameSite=Lax everywhere. The block above (HSTS, SSL redirect, secure
# cookies) stays as it is; `manage.py check --deploy` is clean with it (tested).
if PRODUCTION:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SESSION_COOKIE_PATH = "/"
    CSRF_COOKIE_PATH = "/"
    SESSION_COOKIE_DOMAIN = None
    CSRF_COOKIE_DOMAIN = None
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Signed-in pages are never cached (casetracker/security/headers.py).
MIDDLEWARE.insert(
    MIDDLEWARE.index("casetracker.security.sessions.SessionTimeoutMiddleware") + 1,
    "casetracker.security.headers.NoStoreMiddleware",
)

# --- Security: two-factor authentication (allauth.mfa) -------------------------------
# TOTP (any authenticator app) plus single-use recovery codes. Required for every user
# when CT_ENV=production (or CT_MFA_REQUIRED=1): whoever has no TOTP yet is sent to
# /accounts/2fa/totp/activate/ before anything else. Optional in development, where the
# demo accounts log in with their password alone. See casetracker/security/mfa.py.
INSTALLED_APPS += ["allauth.mfa"]
MFA_ADAPTER = "casetracker.security.mfa.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Casetracker"
MFA_RECOVERY_CODE_COUNT = 10
MFA_TOTP_TOLERANCE = 1  # accept the previous/next 30-second code: phones drift (RFC 6238 §5.2)
CT_MFA_REQUIRED = env_bool("CT_MFA_REQUIRED", default=PRODUCTION)
CT_MFA_KEY = os.environ.get("CT_MFA_KEY", "")  # encrypts stored TOTP secrets; SECRET_KEY when unset
MIDDLEWARE.insert(
    MIDDLEWARE.index("casetracker.security.sessions.SessionTimeoutMiddleware") + 1,
    "casetracker.security.mfa.RequireMFAMiddleware",
)
# allauth's pages (2FA, re-authentication, password change) inside the admin layout.
TEMPLATES[0]["OPTIONS"]["context_processors"].append("casetracker.security.context.admin_layout")
# --- REST API (/api/v1/, casetracker/api_urls.py) -----------------------------------
from datetime import timedelta  # noqa: E402

INSTALLED_APPS += ["rest_framework", "knox", "django_filters", "drf_spectacular", "drf_spectacular_sidecar"]
REST_FRAMEWORK = {
    # Token first, so that an unauthenticated request gets 401 with WWW-Authenticate: Token.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["casetracker.api_base.RolePermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "casetracker.api_base.FilterBackend",
        "casetracker.api_base.SearchBackend",
        "casetracker.api_base.OrderingBackend",
    ],
    "DEFAULT_PAGINATION_CLASS": "casetracker.api_base.CursorPages",
    "DEFAULT_THROTTLE_CLASSES": ["casetracker.api_base.AnonThrottle", "casetracker.api_base.UserThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "casetracker.api_base.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "rest_framework.renderers.BrowsableAPIRenderer"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Requests per client: anonymous by IP, signed-in by user. Read on every request.
CT_API_THROTTLE_RATES = {
    "anon": os.environ.get("CT_API_THROTTLE_ANON", "60/min"),
    "user": os.environ.get("CT_API_THROTTLE_USER", "1200/min"),
}
REST_KNOX = {
    # Tokens are stored hashed, expire, and are revoked by logout.
    "TOKEN_TTL": timedelta(hours=float(os.environ.get("CT_API_TOKEN_HOURS", 10))),
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": 20,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Casetracker API",
    "DESCRIPTION": "People, cases, hearings, deadlines, detention and flights, scoped to what the caller may see.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "HearingStatusEnum": "cases.models.Hearing.Status",
        "DeadlineStatusEnum": "cases.models.Deadline.Status",
        "LitigationStatusEnum": "cases.models.Litigation.Status",
        "FlightStatusEnum": "detentions.models.Flight.Status",
        "PassengerStatusEnum": "detentions.models.Passenger.Status",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# Reports and exports (cases/reports/). Exports of more rows than CT_EXPORT_DIRECT_MAX_ROWS
# run as a Celery job (progress bar, email with a link); smaller ones download directly.
CT_EXPORT_DIRECT_MAX_ROWS = int(os.environ.get("CT_EXPORT_DIRECT_MAX_ROWS", 20_000))
CT_EXPORT_RETENTION_HOURS = int(os.environ.get("CT_EXPORT_RETENTION_HOURS", 72))
# Seconds a job waits between batches of rows, to leave the database to others (0: none).
CT_EXPORT_BATCH_PAUSE = float(os.environ.get("CT_EXPORT_BATCH_PAUSE", 0))
# A job records its progress (one UPDATE) every this many rows.
CT_EXPORT_PROGRESS_EVERY = int(os.environ.get("CT_EXPORT_PROGRESS_EVERY", 1000))
CT_REPORT_SCREEN_ROWS = 200
CT_REPORT_PDF_MAX_ROWS = int(os.environ.get("CT_REPORT_PDF_MAX_ROWS", 2000))
# Every hour: delete export files past their retention period.
CELERY_BEAT_SCHEDULE["export-cleanup"] = {"task": "cases.tasks.delete_expired_exports", "schedule": 3600.0}
# WeasyPrint and its font subsetter log every layout step at INFO.
LOGGING["loggers"].update({"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}})
# Spreadsheet imports (ImportJob): an app of its own inside cases/.
INSTALLED_APPS += ["cases.importers"]
IMPORT_MAX_BYTES = int(os.environ.get("CT_IMPORT_MAX_BYTES", 20 * 1024 * 1024))

# --- Security: Content-Security-Policy (django-csp 4) ---------------------------------
# Enforced in every environment. Scripts only from this site or with the request's nonce
# (no inline scripts, no on*= handlers); 'unsafe-eval' stays because unfold's Alpine.js
# evaluates its x-data/x-on expressions with the Function constructor. <style> elements
# need the nonce (templates/unfold/layouts/skeleton.html adds it); style="" attributes,
# which unfold's templates and Alpine's x-bind:style write, are allowed. No frames, no
# plugins, forms post only here. Templates read the nonce as {{ request.csp_nonce }}.
from csp.constants import NONCE, NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE  # noqa: E402

INSTALLED_APPS += ["csp"]
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, UNSAFE_EVAL],
        "style-src": [SELF, NONCE],
        "style-src-elem": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The user menu links to the security pages.
from django.urls import reverse_lazy  # noqa: E402
from django.utils.translation import gettext_lazy  # noqa: E402

UNFOLD.setdefault("ACCOUNT", {}).setdefault("navigation", []).extend(
    [
        {"title": gettext_lazy("Change password"), "link": reverse_lazy("admin:password_change")},
        {"title": gettext_lazy("Two-factor authentication"), "link": reverse_lazy("mfa_index")},
        {"title": gettext_lazy("Active sessions"), "link": reverse_lazy("security-sessions")},
    ]
)
# Changing roles, users or groups in the admin asks for the password again (5 minutes).
CT_REAUTH_ADMIN_CHANGES = env_bool("CT_REAUTH_ADMIN_CHANGES", default=PRODUCTION)
MIDDLEWARE.insert(
    MIDDLEWARE.index("casetracker.security.mfa.RequireMFAMiddleware") + 1,
    "casetracker.security.reauth.ReauthenticateAdminChangesMiddleware",
)
