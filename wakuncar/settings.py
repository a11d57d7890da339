"""Wakuncar GIS settings: every value comes from the environment, with safe local
defaults for a developer machine. Our own settings carry the WAKUNCAR_ prefix."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    return os.environ.get(name, str(int(default))).strip().lower() in {
        "1",
        "true",
        "yes",
        "on",
    }


def env_list(name, default):
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get(
    "SECRET_KEY", "django-insecure-local-development-key-never-use-in-production"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get(
            "DATABASE_URL", "postgis://wakuncar:wakuncar@127.0.0.1:5432/wakuncar"
        ),
        # Persistent connections, checked before reuse so that a restarted
        # database is reconnected to without restarting the app. Each gunicorn
        # worker is one thread, so it holds at most one connection.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
# A database that does not answer is reported (503) within seconds, not after
# the operating system's TCP time-out.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
# dj-database-url maps postgres:// to the plain backend; GeoDjango needs PostGIS.
DATABASES["default"]["ENGINE"] = "django.contrib.gis.db.backends.postgis"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "rest_framework_gis",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leaflet",
    "axes",
    "spatial",
    "households",
    "landuse",
    "waste",
    "surveys",
    "exports",
    "mapui",
    "ogc",
    "tiles",
    "perda",
    "rasters",
    "fixtures",
    "safeguards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files before anything that could touch the database.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses what the views below answer, after they have written it.
    "wakuncar.middleware.CompressedPagesMiddleware",
    "csp.middleware.CSPMiddleware",
    "safeguards.faults.DatabaseFaultMiddleware",
    "safeguards.caching.PrivateResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "safeguards.sessions.IdleSessionMiddleware",
    "wakuncar.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "safeguards.faults.LongRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its page.
    "axes.middleware.AxesMiddleware",
]
AUTHENTICATION_BACKENDS = [
    # Counts failed logins (site and admin alike) and refuses a locked-out one.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "wakuncar.urls"
WSGI_APPLICATION = "wakuncar.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "spatial.context_processors.navigation",
                "rasters.context_processors.navigation",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A session ends after this many hours without a request (requests move the
# end, see safeguards.sessions), not Django's fixed 14 days.
WAKUNCAR_SESSION_IDLE_HOURS = float(os.environ.get("WAKUNCAR_SESSION_IDLE_HOURS", "8"))
SESSION_COOKIE_AGE = int(WAKUNCAR_SESSION_IDLE_HOURS * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"  # Lampung is on WIB
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # npm packages pinned in package-lock.json, installed by `make`.
    ("vendor/geoman", BASE_DIR / "node_modules/@geoman-io/leaflet-geoman-free/dist"),
    ("vendor/protomaps", BASE_DIR / "node_modules/protomaps-leaflet/dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules/chart.js/dist"),
]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
COMPRESSED_STATIC = env_bool("WAKUNCAR_COMPRESSED_STATIC", not DEBUG)
# Without collected files (make dev, tests) WhiteNoise reads the sources.
WHITENOISE_USE_FINDERS = not COMPRESSED_STATIC
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names and compressed copies, made by `collectstatic`; WhiteNoise
    # serves the hashed files with a year-long Cache-Control. In DEBUG (make
    # dev, tests) Django's finders serve the sources as they are.
    "staticfiles": {
        "BACKEND": "safeguards.staticfiles.StaticFilesStorage"
        if COMPRESSED_STATIC
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Behind HTTPS in production; a local DEBUG server stays on plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"


def _origins(*urls):
    return [
        f"{parts.scheme}://{parts.netloc}"
        for parts in map(urlsplit, urls)
        if parts.scheme in ("http", "https") and parts.netloc
    ]


# Scripts and styles from this site only, no inline script on any page (event
# handlers and <script> blocks of ours live in static modules). django-leaflet's
# admin map widget writes its set-up as an inline script carrying the
# per-request nonce, which is added to the header only on pages that use it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [
            SELF,
            "data:",
            *_origins(
                os.environ.get("WAKUNCAR_OSM_TILES", ""),
                os.environ.get("WAKUNCAR_IMAGERY_TILES", ""),
            ),
        ],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SILENCED_SYSTEM_CHECKS = [
    # gis.W001: Debian 12's GDAL 3.6 cannot forbid file and network access while
    # parsing a spatial-reference string (CVE-2026-114582). We never hand an
    # untrusted SRS string to GeoDjango: uploaded .prj/CRS text is resolved to an
    # EPSG integer by spatial.io.crs.resolve_srid, which parses WKT only (no
    # file names, URLs or PROJ strings), and only that integer reaches GeoDjango.
    # tests/spatial/io/test_crs.py proves neither a local file nor a URL is read.
    "gis.W001",
]

# Login throttling (django-axes): after this many failed logins for one user
# name from one address, both the site's login and the admin's refuse that
# pair, even with the right password, for WAKUNCAR_LOCKOUT_MINUTES. Per pair,
# so a stranger's guesses cannot lock a lurah out of their own office.
AXES_FAILURE_LIMIT = int(os.environ.get("WAKUNCAR_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=float(os.environ.get("WAKUNCAR_LOCKOUT_MINUTES", "30"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "safeguards.clients.client_ip"
# Quiet start (commands print JSON on stdout); failures are still logged.
AXES_VERBOSE = False

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # Scripts, QGIS and the city's SPBE systems send "Authorization: Token …"
        # (created on /token/ or in the admin).
        "spatial.api.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_PAGINATION_CLASS": None,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "spatial.api.errors.exception_handler",
    "DEFAULT_METADATA_CLASS": "spatial.api.metadata.LayerMetadata",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Wakuncar GIS API",
    "DESCRIPTION": (
        "GeoJSON layers of Kota Metro, filtered to what the caller's role may "
        "see (spatial/permissions.py). Log in, or send `Authorization: Token <key>`."
    ),
    "VERSION": "1",
    # Swagger UI's files come from the pinned drf-spectacular-sidecar package,
    # served by Django: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["spatial.api.schema.rest_api_only"],
}

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (-5.117, 105.30),
    "DEFAULT_ZOOM": 13,
    "MIN_ZOOM": 10,
    "MAX_ZOOM": 20,
    # A plain background first: it works offline and in tests; OpenStreetMap is
    # a choice in the layer switcher.
    "TILES": [],
    "RESET_VIEW": False,
    "NO_GLOBALS": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # pyogrio says "Created 0 records" at INFO on every shapefile it writes.
        "pyogrio": {"level": "WARNING"},
        # WeasyPrint logs every layout step of a report's PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        # numexpr (under rio-tiler) says how many threads it uses on every import.
        "numexpr": {"level": "WARNING"},
        # Failed logins and lockouts, with user name and address.
        "axes": {"level": "INFO"},
    },
}

# Our own settings. Read them through django.conf.settings at call time.
# The model that records survey uploads, which surveyed points refer to.
WAKUNCAR_UPLOAD_RECORD_MODEL = "surveys.SurveyImport"
WAKUNCAR_TOPOLOGY_TOLERANCE_M = float(
    os.environ.get("WAKUNCAR_TOPOLOGY_TOLERANCE_M", "2.0")
)
WAKUNCAR_MIN_PLOT_M2 = float(os.environ.get("WAKUNCAR_MIN_PLOT_M2", "20"))
# Plots snapped to a neighbour's edge may cross it by a hair; below this width
# (m) that is not an overlap.
WAKUNCAR_PLOT_SNAP_TOLERANCE_M = float(
    os.environ.get("WAKUNCAR_PLOT_SNAP_TOLERANCE_M", "0.5")
)
# Aerial imagery tiles where the city has them (XYZ URL); empty hides the choice.
WAKUNCAR_IMAGERY_TILES = os.environ.get("WAKUNCAR_IMAGERY_TILES", "")
# GPS fixes less precise than this (m) are imported with a warning.
WAKUNCAR_GPS_ACCURACY_LIMIT_M = float(
    os.environ.get("WAKUNCAR_GPS_ACCURACY_LIMIT_M", "20")
)
# A household this close (m) to one with the same head name is a near-duplicate.
WAKUNCAR_NEAR_DUPLICATE_M = float(os.environ.get("WAKUNCAR_NEAR_DUPLICATE_M", "5"))
# How far (m) a vertex drawn on the map snaps to a plot edge or boundary.
WAKUNCAR_SNAP_M = float(os.environ.get("WAKUNCAR_SNAP_M", "3"))
WAKUNCAR_MAX_UPLOAD_MB = int(os.environ.get("WAKUNCAR_MAX_UPLOAD_MB", "50"))
# Survey uploads per user in 24 hours: files and megabytes (0: no limit).
WAKUNCAR_UPLOAD_QUOTA_FILES = int(os.environ.get("WAKUNCAR_UPLOAD_QUOTA_FILES", "50"))
WAKUNCAR_UPLOAD_QUOTA_MB = int(os.environ.get("WAKUNCAR_UPLOAD_QUOTA_MB", "500"))
# How long checked survey rows wait for their commit (surveys.staging), and
# how long an upload that failed or was never committed keeps its file.
WAKUNCAR_STAGING_HOURS = float(os.environ.get("WAKUNCAR_STAGING_HOURS", "24"))
WAKUNCAR_UNCOMMITTED_UPLOAD_DAYS = float(
    os.environ.get("WAKUNCAR_UNCOMMITTED_UPLOAD_DAYS", "14")
)
# Altitudes outside this range (m) are warned about like a poor GPS fix;
# Kota Metro lies 25-60 m above sea level.
WAKUNCAR_ALTITUDE_RANGE_M = tuple(
    float(v) for v in os.environ.get("WAKUNCAR_ALTITUDE_RANGE_M", "-50,500").split(",")
)
WAKUNCAR_OSM_TILES = os.environ.get(
    "WAKUNCAR_OSM_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
# Rasters (orthophotos, land cover, NDVI): upload limit, the largest raster
# accepted (pixels, so a small file declaring a huge image is refused before
# anything decompresses it), and how much memory GDAL may cache while working.
WAKUNCAR_RASTER_MAX_UPLOAD_MB = int(
    os.environ.get("WAKUNCAR_RASTER_MAX_UPLOAD_MB", "2048")
)
WAKUNCAR_RASTER_MAX_PIXELS = int(
    os.environ.get("WAKUNCAR_RASTER_MAX_PIXELS", "1600000000")
)
WAKUNCAR_RASTER_GDAL_CACHE_MB = int(
    os.environ.get("WAKUNCAR_RASTER_GDAL_CACHE_MB", "256")
)
# Candidate idle land: the smallest area proposed (m²), the coarsest grid the
# search works on (m), the NDVI range of overgrown, unused land, the range of
# the orthophoto bare-soil index (R - G) / (R + G), and the NDVI below which a
# plot's pixel counts as bare.
WAKUNCAR_CANDIDATE_MIN_M2 = float(os.environ.get("WAKUNCAR_CANDIDATE_MIN_M2", "200"))
WAKUNCAR_CANDIDATE_RESOLUTION_M = float(
    os.environ.get("WAKUNCAR_CANDIDATE_RESOLUTION_M", "1.0")
)
WAKUNCAR_CANDIDATE_NDVI = env_list("WAKUNCAR_CANDIDATE_NDVI", "0.3,0.6")
WAKUNCAR_CANDIDATE_BARE_INDEX = env_list("WAKUNCAR_CANDIDATE_BARE_INDEX", "0.05,0.25")
WAKUNCAR_BARE_NDVI_MAX = float(os.environ.get("WAKUNCAR_BARE_NDVI_MAX", "0.2"))
# The longest a statement of a web request may run (s); 0 for no limit.
# Management commands and imports run without it.
WAKUNCAR_WEB_STATEMENT_TIMEOUT_S = float(
    os.environ.get("WAKUNCAR_WEB_STATEMENT_TIMEOUT_S", "30")
)
# URL names whose requests may run past it: the upload page's check and
# commit are imports, and so are a raster's upload and candidate search.
WAKUNCAR_LONG_REQUESTS = (
    "uploads:check",
    "uploads:commit",
    "rasters:upload",
    "rasters:search",
)
# How long the log of personal-data reads is kept (days), see purge_personal_log.
WAKUNCAR_PERSONAL_LOG_RETENTION_DAYS = int(
    os.environ.get("WAKUNCAR_PERSONAL_LOG_RETENTION_DAYS", "730")
)

# REST API lists: without ?limit= one page holds up to this many features (more
# than any kelurahan, so the map's per-kelurahan reads stay whole); ?limit= asks
# for smaller pages, up to WAKUNCAR_API_MAX_LIMIT.
WAKUNCAR_API_PAGE_CAP = int(os.environ.get("WAKUNCAR_API_PAGE_CAP", "50000"))
WAKUNCAR_API_MAX_LIMIT = int(os.environ.get("WAKUNCAR_API_MAX_LIMIT", "10000"))
# OGC API – Features items pages: default and maximum ?limit=.
WAKUNCAR_OGC_DEFAULT_LIMIT = int(os.environ.get("WAKUNCAR_OGC_DEFAULT_LIMIT", "100"))
WAKUNCAR_OGC_MAX_LIMIT = int(os.environ.get("WAKUNCAR_OGC_MAX_LIMIT", "10000"))
# Vector tiles: seconds a browser or proxy may reuse a tile without asking again.
WAKUNCAR_TILE_MAX_AGE = int(os.environ.get("WAKUNCAR_TILE_MAX_AGE", "60"))

# Background jobs (rasters.tasks): queued in PostgreSQL, run by `manage.py
# db_worker`, which wakuncar/gunicorn.conf.py starts beside the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Rendered vector tiles, per process; keys carry the layer's generation, so
    # an edit makes every older tile of that layer unreachable (tiles/cache.py).
    "tiles": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tiles",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
