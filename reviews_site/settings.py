"""Settings for the learning-review knowledge base.

One module, configured by environment variables (see `.env.example` and README.md).
SQLite by default; set DATABASE_URL to use PostgreSQL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_list(name, default=""):
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_str(name, default=""):
    value = os.environ.get(name)
    return default if value is None else value.strip()


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The public name of the partnership, shown in the header and on every handout.
SITE_NAME = env_str("SITE_NAME", "Learning from case reviews")
SITE_ORGANISATION = env_str("SITE_ORGANISATION", "Safeguarding children partnership")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_rq",
    "core",
    "reviews",
    "learning",
    "search",
    "printing",
    "alerts",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "reviews_site.middleware.ContentSecurityPolicyMiddleware",
    "reviews_site.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before ContentVersionMiddleware: the version is read from the database the request reads.
    "reviews_site.middleware.ReplicaRoutingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.versioning.ContentVersionMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last: it sees the session, the user and the content version, and answers 304s before the view.
    "reviews_site.middleware.ConditionalContentMiddleware",
]
# How long a browser, CDN or reverse proxy may keep a public page (one that holds no CSRF token
# and sets no cookie) before asking again; asking again is answered 304 while content is unchanged.
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 60)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in throttling: after 5 failures the same username *from the same address* waits
# 15 minutes. Locking by username alone would let anyone lock a real user out.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "errors/locked_out.html"
# The address is the client's, not the proxy's: behind BEHIND_PROXY's reverse proxy (or PROXY_COUNT
# of them) it is read from X-Forwarded-For, counting from the right (reviews_site/client_address.py).
# django-ipware is not installed, so axes' own AXES_IPWARE_* settings would do nothing.
PROXY_COUNT = env_int("PROXY_COUNT", 1 if env_bool("BEHIND_PROXY", False) else 0)
if PROXY_COUNT < 0:
    raise ImproperlyConfigured("PROXY_COUNT must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "reviews_site.client_address.client_ip"

ROOT_URLCONF = "reviews_site.urls"

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
                "reviews_site.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "reviews_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
IS_SQLITE_FILE = DATABASES["default"]["ENGINE"].endswith("sqlite3") and DATABASES["default"]["NAME"] not in (
    "",
    ":memory:",
)
# SQLite as Django's deployment notes advise for a site with several workers: write-ahead logging,
# so a reader (another worker, the recount thread) never waits for a writer nor a writer for it;
# a write transaction takes its lock when it begins, not halfway through (no "database is locked"
# on the upgrade); and a writer waits up to SQLITE_TIMEOUT seconds for another to finish.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_TIMEOUT", 20),
        }
    )
# Planner settings for each PostgreSQL connection. random_page_cost 1.1 (the usual value for SSD
# or cached data) lets the planner find a search's matches through the GIN index instead of
# walking both primary keys (12 ms against 6 ms for "neglect" at 100k items; `make bench`).
# Set it empty behind PgBouncer, which refuses startup options, and tune the server instead.
POSTGRES_OPTIONS = env_str("POSTGRES_OPTIONS", "-c random_page_cost=1.1")
if IS_POSTGRES and POSTGRES_OPTIONS:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = POSTGRES_OPTIONS
# A streaming read replica of the primary (a PostgreSQL hot standby): anonymous visitors' GET and
# HEAD requests read it; writes, signed-in users, the admin and a visitor's requests for
# READ_PRIMARY_AFTER_WRITE_SECONDS after their own write read the primary (reviews_site/db_router.py).
DATABASE_ROUTERS = []
if env_str("DATABASE_REPLICA_URL"):  # like DATABASE_URL, not kept as a setting (it holds a password)
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"), conn_max_age=env_int("CONN_MAX_AGE", 60), conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # tests never create or migrate it
    if DATABASES["replica"]["ENGINE"].endswith("postgresql") and POSTGRES_OPTIONS:
        DATABASES["replica"].setdefault("OPTIONS", {})["options"] = POSTGRES_OPTIONS
    DATABASE_ROUTERS = ["reviews_site.db_router.ReplicaRouter"]
READ_PRIMARY_AFTER_WRITE_SECONDS = env_int("READ_PRIMARY_AFTER_WRITE_SECONDS", 10)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    }
}
# Whole public pages (reviews_site/page_cache.py): what a visitor without a session is given, kept
# under the build, the content versions, the day and the address, so a change needs no deleting.
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pages",
    "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 3000)},
}
# What is kept per item (core.versioning.kept_per_item): each learning item's card, drawn again only
# when that item (or anything not about items alone) changes.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": env_int("FRAGMENT_CACHE_ENTRIES", 10000)},
}
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "pages"}
    CACHES["fragments"] = {**CACHES["default"], "KEY_PREFIX": "fragments"}
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 3600)
PAGE_CACHE_MAX_BYTES = env_int("PAGE_CACHE_MAX_BYTES", 1_000_000)
# Pages whose content follows more than the content versions: email alerts (a confirmation link's
# page changes once it is used) and the admin.
PAGE_CACHE_SKIP = ("/alerts/", "/admin/")

# Background jobs (django-rq on Redis): PDF imports are read by `manage.py rqworker imports`, so a long
# report never ties up a request. REDIS_URL when set, else the machine's Redis; IMPORT_JOBS_INLINE=1 runs
# a job in the request that queues it (the test suite does; a job then needs no worker).
RQ_REDIS_URL = env_str("RQ_REDIS_URL", REDIS_URL or "redis://127.0.0.1:6379/0")
# django-rq's dashboard lets any staff member empty queues and delete or requeue jobs: not mounted.
# A job's state is on its import page; `DEBUG=1 .venv/bin/python manage.py rqstats` shows the queue.
RQ_SHOW_ADMIN_LINK = False
RQ_QUEUES = {
    "imports": {
        "URL": RQ_REDIS_URL,
        "DEFAULT_TIMEOUT": env_int("IMPORT_JOB_TIMEOUT", 600),
        "ASYNC": not env_bool("IMPORT_JOBS_INLINE", False),
    }
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Staff sessions expire after 8 hours, or when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp) on every response, admin included. No inline scripts
# anywhere: the site's JavaScript is in static/js/, and Django's admin needs none.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Added on the admin's pages only: django-simple-history's history page has one style attribute
# (style="border-top: 0" in simple_history/object_history_list.html). Rather than 'unsafe-inline',
# exactly that attribute is allowed by its hash, for style attributes only (style-src-attr), never
# for scripts. Django's admin itself, select2 included, needs no inline script or style.
ADMIN_CSP_UPDATE = {"style-src-attr": ["'unsafe-hashes'", "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"]}
# Permissions-Policy: browser features no page of the site uses, turned off (feature=()).
PERMISSIONS_POLICY_DISABLED = ["camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"]

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Public listing pages never show more than this many items at once.
PAGE_SIZE = 20
# A search counts, ranks and pages through at most this many matches; beyond it the page says
# "more than 1,000 results" and suggests narrowing the search (as Elasticsearch's track_total_hits).
SEARCH_RESULT_LIMIT = env_int("SEARCH_RESULT_LIMIT", 1000)
# The model whose objects the search app indexes (learning/search_index.py hands it their text).
SEARCH_INDEXED_MODEL = "learning.LearningItem"
# Counts over the whole corpus after a content change: "background" shows the counts from
# before the change while one thread per process recounts (core/versioning.py `recent`);
# "inline" makes the request that finds them out of date wait for the recount. An in-memory
# SQLite database (shared cache) locks tables against a reader on another thread, so it counts
# inline; a SQLite file, in write-ahead logging, counts in the background as PostgreSQL does.
CONTENT_RECOUNT = env_str("CONTENT_RECOUNT", "background" if IS_POSTGRES or IS_SQLITE_FILE else "inline")
if CONTENT_RECOUNT not in ("background", "inline"):
    raise ImproperlyConfigured('CONTENT_RECOUNT must be "background" or "inline".')

# Handouts (printing/downloads.py): a PDF or Word file already made for the same content is
# served from the cache; making one takes one of PRINT_CONCURRENCY slots shared by every process
# that shares the cache (set REDIS_URL with several), so a burst of downloads leaves workers for
# pages. Keep PRINT_CONCURRENCY + PRINT_QUEUE below the number of gunicorn workers.
PRINT_CONCURRENCY = env_int("PRINT_CONCURRENCY", 2)
PRINT_QUEUE = env_int("PRINT_QUEUE", 0)  # requests that may wait for a slot (each holds a worker)
PRINT_WAIT_SECONDS = env_int("PRINT_WAIT_SECONDS", 5)  # then 503 with Retry-After
PRINT_CACHE_MAX_BYTES = env_int("PRINT_CACHE_MAX_BYTES", 10 * 1024 * 1024)  # larger files are served, not cached
# A PDF is laid out in a child of the server process at this CPU priority (printing/pdf.py; 19 is
# the lowest), so pages go first while PDFs are made; 0 lays it out in the server process itself.
PRINT_NICENESS = env_int("PRINT_NICENESS", 19)

# Email (alerts: confirmations and digests, `manage.py send_digests`; the review queue's notices
# to Publishers, core/reviewing.py). In debug, emails are
# printed to the console unless EMAIL_BACKEND says otherwise; otherwise sent by SMTP.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "alerts@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address for links in emails (no request to take it from when the digests go).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "")
if not SITE_URL and ALLOWED_HOSTS and not ALLOWED_HOSTS[0].startswith(".") and ALLOWED_HOSTS[0] != "*":
    SITE_URL = f"https://{ALLOWED_HOSTS[0]}"
ALERTS_CONFIRM_DAYS = env_int("ALERTS_CONFIRM_DAYS", 7)  # a confirmation link works this long; then it is deleted
ALERTS_UNSUBSCRIBED_DAYS = env_int("ALERTS_UNSUBSCRIBED_DAYS", 30)  # an unsubscribed address is deleted after this
ALERTS_SIGNUPS_PER_ADDRESS = env_int("ALERTS_SIGNUPS_PER_ADDRESS", 3)  # emails to one address from the form, per day
ALERTS_SIGNUPS_PER_CLIENT = env_int("ALERTS_SIGNUPS_PER_CLIENT", 10)  # sign-ups from one client address, per hour
ALERTS_DIGEST_MAX_ITEMS = env_int("ALERTS_DIGEST_MAX_ITEMS", 50)  # listed in one digest; it says how many more
# Who to ask about personal data (the privacy page); empty: the page says none was given.
PRIVACY_CONTACT_EMAIL = env_str("PRIVACY_CONTACT_EMAIL")
# Saved training packs (printing.models.SavedPack) unused for this many days are deleted by
# `manage.py purge_saved_packs` (run it daily).
SAVED_PACK_KEEP_DAYS = env_int("SAVED_PACK_KEEP_DAYS", 90)
# The site's contact address on the About page, besides the boards' own contacts (none if empty).
SITE_CONTACT_EMAIL = env_str("SITE_CONTACT_EMAIL")

# Open data (api/): a read-only JSON API over published content, and CSV downloads of results.
# Anonymous clients may make API_ANON_RATE requests (DRF's "number/second|minute|hour|day"),
# counted in the default cache (set REDIS_URL with several processes), per client address
# (PROXY_COUNT entries from the right of X-Forwarded-For behind a proxy, as for sign-in).
API_ANON_RATE = env_str("API_ANON_RATE", "120/minute")
API_CSV_MAX_ROWS = env_int("API_CSV_MAX_ROWS", 10000)  # a CSV download lists at most this many results
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_ANON_RATE},
    "NUM_PROXIES": PROXY_COUNT,
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.json_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Learning from case reviews: open data API",
    "DESCRIPTION": (
        "Read-only JSON over the published learning from children's safeguarding case reviews, "
        "with its provenance. Only published content is ever listed or retrievable."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No deep links: Swagger UI puts them inside its buttons (nested controls, small targets).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "defaultModelsExpandDepth": 0, "tryItOutEnabled": True},
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",  # operations are grouped by what follows: items, themes, ...
}
