"""Every page a person can open, for the browser tests that visit them all
(script injection, Content-Security-Policy). Add a page of yours here: a
``Visit`` with the path (formatted with the planted objects' ids and slugs),
who opens it, and what says it is ready.

``maps=True`` opens every tooltip and popup of every Leaflet map on the page;
those are where a name reaches HTML."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Visit:
    name: str
    path: str
    user: str | None = "admin"  # a key of the planted users; None: the public
    ready: str | None = None  # a selector that appears when the page is drawn
    maps: bool = False

    def url(self, planted):
        return self.path.format(**planted.ids)


MAP_READY = "body[data-map-ready='true']"
# django-leaflet's admin widget has drawn the feature: its inline set-up script
# ran under the policy (it carries the request's nonce).
ADMIN_MAP_DRAWN = ".leaflet-overlay-pane path, .leaflet-marker-pane img"

PAGES = [
    Visit("home, public", "/", user=None, ready=MAP_READY, maps=True),
    Visit("home, city admin", "/", ready=MAP_READY, maps=True),
    Visit("home, lurah", "/", user="lurah", ready=MAP_READY, maps=True),
    Visit("login", "/masuk/", user=None),
    Visit(
        "map editor", "/peta/?kelurahan={kelurahan_slug}", ready=MAP_READY, maps=True
    ),
    Visit("map editor, lurah", "/peta/", user="lurah", ready=MAP_READY, maps=True),
    Visit("exports", "/ekspor/"),
    Visit("uploads", "/unggah/"),
    Visit(
        "upload preview",
        "/unggah/{upload}/",
        ready="body[data-preview-ready='true']",
        maps=True,
    ),
    Visit("upload preview, lurah", "/unggah/{upload}/", user="lurah"),
    Visit("perda city dashboard", "/perda/", user=None),
    Visit("perda city dashboard, admin", "/perda/"),
    Visit("perda kelurahan dashboard", "/perda/{kelurahan_slug}/", maps=True),
    Visit("perda kelurahan dashboard, public", "/perda/{kelurahan_slug}/", user=None),
    Visit("perda reports", "/perda/{kelurahan_slug}/laporan/"),
    Visit("perda monthly report", "/perda/{kelurahan_slug}/laporan/2026-11/"),
    Visit("perda thresholds", "/perda/ambang/"),
    # Swagger UI from drf-spectacular-sidecar: drawn when the schema is read.
    Visit("API docs", "/api/docs/", user=None, ready="#swagger-ui .info"),
    Visit("API token", "/token/"),
    Visit("admin index", "/admin/"),
    Visit("admin kecamatan list", "/admin/spatial/kecamatan/"),
    Visit("admin kelurahan list", "/admin/spatial/kelurahan/"),
    Visit(
        "admin kelurahan form",
        "/admin/spatial/kelurahan/{kelurahan}/change/",
        ready=ADMIN_MAP_DRAWN,
    ),
    Visit("admin RW list", "/admin/spatial/rw/"),
    Visit("admin RT list", "/admin/spatial/rt/"),
    Visit(
        "admin RT form",
        "/admin/spatial/rt/{rt}/change/",
        ready=ADMIN_MAP_DRAWN,
    ),
    Visit("admin households", "/admin/households/household/"),
    Visit(
        "admin household form",
        "/admin/households/household/{household}/change/",
        ready=ADMIN_MAP_DRAWN,
    ),
    Visit("admin idle plots", "/admin/landuse/idleplot/"),
    Visit(
        "admin idle plot form",
        "/admin/landuse/idleplot/{plot}/change/",
        ready=ADMIN_MAP_DRAWN,
    ),
    Visit("admin waste points", "/admin/waste/wastepoint/"),
    Visit(
        "admin waste point form",
        "/admin/waste/wastepoint/{waste_point}/change/",
        ready=ADMIN_MAP_DRAWN,
    ),
    Visit("admin revisions", "/admin/spatial/revision/"),
    Visit("admin profiles", "/admin/spatial/profile/"),
    Visit("admin personal-data log", "/admin/spatial/personaldataaccess/"),
]
