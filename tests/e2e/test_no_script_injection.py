"""Nothing a user typed or a file carried runs as code. Markup is planted in
every text field a user or a file can set (boundary names through
import_boundaries, household, plot and waste point fields, an uploaded survey
file's cells, column names and file name), then every page of tests.e2e.pages
is opened with every tooltip and popup: no dialog fires, no element of the
markup appears, and the Content-Security-Policy reports no violation."""

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command

from households.models import Household
from landuse.models import IdlePlot
from spatial.models import RT, Kelurahan, Role
from spatial.services import editing
from tests.e2e.editor import PASSWORD
from tests.e2e.pages import PAGES
from tests.e2e.watch import PageWatch
from tests.factories import UserFactory, utm_box, utm_point
from tests.surveys.fixtures import import_file, lat_lon, write_csv
from waste.models import WastePoint

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DATA = Path(__file__).parent.parent / "data" / "xss"
IMG = "<img src=x onerror=alert(1) data-planted=1>"
SCRIPT = "<script data-planted>alert(2)</script>"


@dataclass
class Planted:
    ids: dict
    users: dict


@pytest.fixture
def planted(tmp_path):
    for level in ("kecamatan", "kelurahan", "rw", "rt"):
        call_command(
            "import_boundaries", str(DATA / f"{level}.geojson"), "--level", level
        )
    kelurahan = Kelurahan.objects.get()
    rt = RT.objects.get()
    admin = UserFactory(username="admin-xss", role=Role.CITY_ADMIN)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    lurah = UserFactory(
        username="lurah-xss", role=Role.LURAH, role__kelurahan=kelurahan
    )
    # Through the editing service, as the map makes them: each has a history
    # for the editor's panel to show.
    household = editing.feature_create(
        user=admin,
        model=Household,
        geom=utm_point(120, 130),
        attrs={
            "head_name": f"Budi {IMG}",
            "address": f"Jl. {SCRIPT}",
            "dasawisma": f"Mawar {IMG}",
            "kk_numbers": ["1872051203040003"],
            "members": 4,
        },
    )
    plot = editing.feature_create(
        user=admin,
        model=IdlePlot,
        geom=utm_box(200, 200, 260, 250),
        attrs={
            "status": "verified",
            "owner_name": f"Siti {IMG}",
            "notes": f"bekas sawah {SCRIPT}",
        },
    )
    waste_point = editing.feature_create(
        user=admin,
        model=WastePoint,
        geom=utm_point(300, 320),
        attrs={
            "kind": "tps",
            "status": "active",
            "name": f"TPS {IMG}",
            "operator": f"KSM {SCRIPT}",
            "collection_schedule": f"Senin {IMG}",
            "notes": f"dekat pasar {IMG}",
        },
    )
    header = ["nama_kepala_keluarga", "no_kk", "jumlah_anggota", "lintang", "bujur"]
    rows = [
        [f"Warga {IMG}", "1872051203040001", 4, *lat_lon((100, 400))],
        [f"Warga {SCRIPT}", "1872051203040002", 3, *lat_lon((150, 400))],
        [f"Salah {IMG}", f"12{IMG}", 2, *lat_lon((180, 420))],
    ]
    survey = write_csv(
        tmp_path / f"warga {IMG}.csv",
        [*header, f"catatan {IMG}"],
        [[*row, f"isi {SCRIPT}"] for row in rows],
    )
    upload = import_file(survey, kelurahan=kelurahan, user=admin, dry_run=True)
    return Planted(
        ids={
            "kelurahan": kelurahan.pk,
            "kelurahan_slug": kelurahan.slug,
            "rt": rt.pk,
            "household": household.pk,
            "plot": plot.pk,
            "waste_point": waste_point.pk,
            "upload": upload.pk,
        },
        users={"admin": admin, "lurah": lurah},
    )


def log_in(page, user):
    page.goto("/masuk/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize(
    "viewport", [(1280, 720), (390, 844)], ids=["desktop", "phone"]
)
def test_no_planted_markup_runs_or_renders_on_any_page(
    browser, live_server, planted, viewport
):
    width, height = viewport
    problems = []
    for user_key in sorted({v.user or "" for v in PAGES}):
        context = browser.new_context(
            base_url=live_server.url,
            locale="id-ID",
            viewport={"width": width, "height": height},
        )
        context.route(
            lambda url: not url.startswith(live_server.url),
            lambda route: route.abort(),
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        watch = PageWatch(page)
        if user_key:
            log_in(page, planted.users[user_key])
        for visit in [v for v in PAGES if (v.user or "") == user_key]:
            response = page.goto(visit.url(planted))
            if response.status != 200:
                problems.append(f"{visit.name}: HTTP {response.status}")
                continue
            if visit.ready:
                page.wait_for_selector(visit.ready, state="attached")
            page.wait_for_load_state("load")
            seen = watch.open_everything()
            if visit.maps and not seen["opened"]:
                problems.append(f"{visit.name}: no tooltip or popup to open")
            problems += [f"{visit.name}: {p}" for p in seen["planted"]]
            if visit.maps:
                clicked = watch.click_everything()
                problems += [f"{visit.name}: {p}" for p in clicked["planted"]]
            problems += [f"{visit.name}: CSP {v}" for v in watch.violations()]
        problems += [f"{user_key}: dialog {d}" for d in watch.dialogs]
        problems += [f"{user_key}: console {e}" for e in watch.console_errors]
        context.close()
    assert not problems, "\n".join(problems)
