"""Wakuncar GIS settings: every value comes from the environment, with safe local
defaults for a developer machine. Our own settings carry the WAKUNCAR_ prefix."""

import os
from pathlib import Path

import dj_database_url
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
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
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
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leaflet",
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
    "fixtures",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wakuncar.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
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

SILENCED_SYSTEM_CHECKS = [
    # gis.W001: Debian 12's GDAL 3.6 cannot forbid file and network access while
    # parsing a spatial-reference string (CVE-2026-114582). We never hand an
    # untrusted SRS string to GeoDjango: uploaded .prj/CRS text is resolved to an
    # EPSG integer by spatial.io.crs.resolve_srid, which parses WKT only (no
    # file names, URLs or PROJ strings), and only that integer reaches GeoDjango.
    # tests/spatial/io/test_crs.py proves neither a local file nor a URL is read.
    "gis.W001",
]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # Scripts, QGIS and the city's SPBE systems send "Authorization: Token …"
        # (created on /token/ or in the admin).
        "rest_framework.authentication.TokenAuthentication",
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
    # pyogrio says "Created 0 records" at INFO on every shapefile it writes.
    "loggers": {
        "pyogrio": {"level": "WARNING"},
        # WeasyPrint logs every layout step of a report's PDF at INFO.
        "weasyprint": {"level": "WARNING"},
    },
}

# Our own settings. Read them through django.conf.settings at call time.
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
WAKUNCAR_OSM_TILES = os.environ.get(
    "WAKUNCAR_OSM_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
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
