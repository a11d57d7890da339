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
    "rest_framework_gis",
    "leaflet",
    "spatial",
    "households",
    "landuse",
    "waste",
    "surveys",
    "exports",
    "mapui",
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
    ],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_PAGINATION_CLASS": None,
    "EXCEPTION_HANDLER": "spatial.api.errors.exception_handler",
    "DEFAULT_METADATA_CLASS": "spatial.api.metadata.LayerMetadata",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
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
