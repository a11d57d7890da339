"""What the survey import tests share: the committed files, an area of four RTs
and a helper that uploads and imports a file the way the page and the command
do."""

import json
import zipfile
from pathlib import Path

import pytest
from django.core.files import File

from surveys.options import SurveyOptions
from surveys.services import survey_import
from surveys.storage import survey_upload
from tests.factories import RTFactory, RWFactory, utm_box, utm_point

DATA = Path(__file__).parent.parent / "data" / "survey"
# The committed files' points, in metres from the factories' origin.
A, B, C, D, E = (100, 100), (300, 200), (700, 700), (250, 800), (900, 150)
OUTSIDE = (2600, 500)  # 600 m east of the kelurahan
NO_RT = (1500, 1500)  # inside the kelurahan, where no RT has been drawn


@pytest.fixture
def survey_area(kelurahan):
    """Kelurahan Rejomulyo (2 × 2 km) whose south-west RW holds four RTs of
    500 m: 1 and 2 along the south edge, 3 and 4 north of them."""
    rw = RWFactory(kelurahan=kelurahan, number=1, geom=utm_box(0, 0, 1000, 1000))
    for number, (x0, y0) in enumerate([(0, 0), (500, 0), (0, 500), (500, 500)], 1):
        RTFactory(rw=rw, number=number, geom=utm_box(x0, y0, x0 + 500, y0 + 500))
    return kelurahan


def lat_lon(xy):
    point = utm_point(*xy)
    return round(point.y, 7), round(point.x, 7)


def import_file(
    path,
    *,
    kelurahan,
    layer="households",
    user=None,
    dry_run=False,
    via="page",
    **options,
):
    """Upload ``path`` and import it, as the command does in one go."""
    record = upload_file(path, kelurahan=kelurahan, layer=layer, user=user, via=via)
    return survey_import(
        survey_import=record,
        user=user,
        options=SurveyOptions(**options),
        dry_run=dry_run,
    )


def upload_file(path, *, kelurahan, layer="households", user=None, via="page"):
    """Keep ``path`` as an upload, checked by nothing yet."""
    path = Path(path)
    with open(path, "rb") as f:
        return survey_upload(
            file=File(f, name=path.name),
            filename=path.name,
            layer=layer,
            kelurahan=kelurahan,
            user=user,
            via=via,
        )


def reasons(record):
    return {e["row"]: e["reason"] for e in record.report.as_json()["errors"]}


def write_csv(path, header, rows, *, delimiter=","):
    lines = [delimiter.join(header)] + [delimiter.join(map(str, r)) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_zip(path, members):
    """A zip of {name: bytes}; a name ending in "@" is stored as a symlink."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            if name.endswith("@"):
                info = zipfile.ZipInfo(name[:-1])
                info.external_attr = (0o120777 << 16) | 0
                zf.writestr(info, data)
            else:
                zf.writestr(name, data)
    return path


def geojson_points(path, points, *, properties, crs=None):
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": xy},
            "properties": p,
        }
        for xy, p in zip(points, properties, strict=True)
    ]
    collection = {"type": "FeatureCollection", "features": features}
    if crs:
        collection["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(collection))
    return path
