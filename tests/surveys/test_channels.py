"""One table of scenarios, each run through the three ways in: the service as
the code calls it, the upload page (upload, check with the options, commit)
and ``manage.py import_survey``. They must all end the same way."""

import io
import json
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from spatial.errors import WakuncarError
from surveys.mapping import fill_value
from surveys.models import SurveyImport
from surveys.storage import survey_layer
from tests.surveys.fixtures import DATA, A, B, C, import_file, lat_lon, write_csv

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Scenario:
    name: str
    file: str
    layer: str = "households"
    fill: dict = field(default_factory=dict)
    fix_swapped: bool = False
    # (status, created, duplicates, rejected), or the start of the reason a
    # file that cannot be used at all is refused with.
    outcome: tuple | str = ()
    reasons: dict = field(default_factory=dict)


SCENARIOS = [
    Scenario(
        "kobo export",
        "kobo.csv",
        outcome=("committed", 3, 0, 2),
        reasons={
            5: "lies 600 m outside Kelurahan Rejomulyo",
            6: "has no coordinates",
        },
    ),
    Scenario(
        "gps unit waypoints",
        "waypoints.gpx",
        "waste_points",
        outcome=("committed", 3, 0, 0),
    ),
    Scenario(
        "swapped coordinates fixed",
        "bad_values.csv",
        fix_swapped=True,
        outcome=("committed", 2, 0, 4),
    ),
    Scenario(
        "one kind for every point",
        "titik.csv",
        "waste_points",
        fill={"kind": "sampah liar"},
        outcome=("committed", 3, 0, 0),
    ),
    Scenario(
        "no coordinates",
        "no_coordinates.csv",
        outcome="no coordinate columns found among nama, alamat",
    ),
    Scenario("an empty file", "empty.csv", outcome="is empty"),
]


def path_of(scenario, tmp_path):
    if scenario.file == "titik.csv":
        rows = [[*lat_lon(xy), f"Titik {n}"] for n, xy in enumerate((A, B, C))]
        return write_csv(
            tmp_path / "titik.csv", ["latitude", "longitude", "nama"], rows
        )
    return DATA / scenario.file


def ended(record):
    record.refresh_from_db()
    reasons = {e.row: e.reason for e in record.report.errors}
    if record.status == "failed":
        return record.report.error, reasons
    counts = (record.status, record.created, record.duplicates, record.rejected)
    return counts, reasons


def by_service(scenario, path, users):
    try:
        record = import_file(
            path,
            kelurahan=users["lurah"].profile.kelurahan,
            layer=scenario.layer,
            user=users["lurah"],
            fill=scenario.fill,
            fix_swapped=scenario.fix_swapped,
        )
    except WakuncarError as exc:
        return exc.message.split(": ", 1)[1], {}
    return ended(record)


def by_page(scenario, path, users, client):
    client.cookies.load({"django_language": "en"})
    client.force_login(users["lurah"])
    kelurahan = users["lurah"].profile.kelurahan
    response = client.post(
        reverse("uploads:new"),
        {
            "layer": scenario.layer,
            "kelurahan": kelurahan.pk,
            "file": SimpleUploadedFile(path.name, path.read_bytes()),
        },
    )
    if response.status_code == 400:
        html = response.content.decode()
        return next(p for p in html.split(f"{path.name}: ")[1:]).split("<")[0], {}
    record = SurveyImport.objects.get()
    if scenario.fill or scenario.fix_swapped:
        options = {
            f"map_{i}": record.report.mapping.get(c, "")
            for i, c in enumerate(record.report.columns)
        }
        # The page offers the field's choices where the command takes words.
        layer = survey_layer(scenario.layer)
        options |= {
            f"fill_{k}": fill_value(layer, k, v) for k, v in scenario.fill.items()
        }
        if scenario.fix_swapped:
            options["fix_swapped"] = "on"
        client.post(reverse("uploads:check", args=[record.pk]), options)
        record.refresh_from_db()
    if record.committable:
        client.post(reverse("uploads:commit", args=[record.pk]))
    return ended(record)


def by_command(scenario, path, users):
    args = [str(path), "--layer", scenario.layer, "--kelurahan", "rejomulyo"]
    args += ["--user", users["lurah"].username, "--json"]
    args += [f"--fill={k}={v}" for k, v in scenario.fill.items()]
    args += ["--fix-swapped"] if scenario.fix_swapped else []
    out = io.StringIO()
    try:
        call_command("import_survey", *args, stdout=out, stderr=io.StringIO())
    except CommandError as exc:
        if not out.getvalue():
            return str(exc).split(": ", 1)[1], {}
    return ended(
        SurveyImport.objects.get(pk=json.loads(out.getvalue())["survey_import"])
    )


@pytest.mark.parametrize("channel", ["service", "page", "command"])
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_every_way_in_ends_the_same(
    survey_area, users, client, tmp_path, scenario, channel
):
    path = path_of(scenario, tmp_path)
    if channel == "service":
        outcome, reasons = by_service(scenario, path, users)
    elif channel == "page":
        outcome, reasons = by_page(scenario, path, users, client)
    else:
        outcome, reasons = by_command(scenario, path, users)
    if isinstance(scenario.outcome, str):
        assert outcome.startswith(scenario.outcome), outcome
    else:
        assert outcome == scenario.outcome
    for row, reason in scenario.reasons.items():
        assert reasons[row] == reason
