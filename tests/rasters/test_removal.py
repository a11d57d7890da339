"""Removing a raster: what goes with it, what people decided stays, who may,
and a removal that fails keeps the record and the file."""

import numpy as np
import pytest
from django.db import transaction

from landuse.models import IdlePlot
from rasters.models import (
    Candidate,
    CandidateState,
    LandCoverClass,
    PlotStatistics,
    Raster,
)
from rasters.services.candidates import (
    candidate_accept,
    candidate_dismiss,
    candidate_search,
)
from rasters.services.imports import raster_import
from rasters.services.removal import raster_remove
from spatial.errors import NotFound, NotPermitted
from spatial.models import Role
from tests.factories import IdlePlotFactory, UserFactory, utm_box

from .rasters import write_raster

pytestmark = pytest.mark.django_db

# Three vegetated squares (rows, cols of 2 m pixels) on bare ground, and a
# reported plot on the bare ground, which the raster describes.
SQUARES = [((50, 70), (50, 70)), ((50, 70), (120, 140)), ((120, 140), (50, 70))]
PLOT_M = (300, 40, 340, 80)


def three_squares(tmp_path, kelurahan, user):
    data = np.full((200, 200), 0.05, dtype="float32")
    for (r0, r1), (c0, c1) in SQUARES:
        data[r0:r1, c0:c1] = 0.45
    return raster_import(
        user=user,
        kelurahan=kelurahan,
        kind="ndvi",
        file=write_raster(tmp_path / "ndvi.tif", data),
        name="ndvi_2026.tif",
    )


@pytest.fixture
def reviewed(tmp_path, kelurahan, lurah):
    """The raster, one candidate accepted, one dismissed, one awaiting review."""
    IdlePlotFactory(kelurahan=kelurahan, geom=utm_box(*PLOT_M))
    raster = three_squares(tmp_path, kelurahan, lurah)
    accepted, dismissed, waiting = candidate_search(
        user=lurah, kelurahan=kelurahan
    ).candidates
    plot = candidate_accept(user=lurah, pk=accepted.pk)
    candidate_dismiss(user=lurah, pk=dismissed.pk)
    return raster, plot, (accepted, dismissed, waiting)


def test_the_raster_goes_with_its_statistics_and_waiting_candidates(
    lurah, reviewed, django_capture_on_commit_callbacks
):
    raster, plot, (accepted, dismissed, waiting) = reviewed
    statistics = PlotStatistics.objects.filter(raster=raster).count()
    assert statistics >= 1 and raster.file.exists()
    with django_capture_on_commit_callbacks(execute=True):
        removal = raster_remove(user=lurah, pk=raster.pk)
    assert removal.candidates_removed == 1
    assert removal.statistics_removed == statistics
    assert removal.decisions_kept == 2
    assert "ndvi_2026.tif" in removal.title
    assert not Raster.objects.filter(pk=raster.pk).exists()
    assert not PlotStatistics.objects.filter(raster_id=raster.pk).exists()
    assert not raster.file.exists()
    assert not Candidate.objects.filter(pk=waiting.pk).exists()
    # What the lurah decided stays, without the raster.
    kept = {c.pk: c for c in Candidate.objects.all()}
    assert set(kept) == {accepted.pk, dismissed.pk}
    assert kept[accepted.pk].state == CandidateState.ACCEPTED
    assert kept[accepted.pk].plot_id == plot.pk and kept[accepted.pk].raster is None
    assert kept[dismissed.pk].state == CandidateState.DISMISSED
    assert IdlePlot.objects.filter(pk=plot.pk).exists()


def test_land_cover_classes_go_with_their_raster(
    tmp_path, kelurahan, lurah, django_capture_on_commit_callbacks
):
    from .rasters import CLASSES_CSV, square

    raster = raster_import(
        user=lurah,
        kelurahan=kelurahan,
        kind="landcover",
        file=write_raster(tmp_path / "lc.tif", square(3, 1, dtype="uint8")),
        name="lc.tif",
        classes=CLASSES_CSV,
        classes_name="c.csv",
    )
    assert LandCoverClass.objects.filter(raster=raster).exists()
    with django_capture_on_commit_callbacks(execute=True):
        raster_remove(user=lurah, pk=raster.pk)
    assert not LandCoverClass.objects.filter(raster_id=raster.pk).exists()


def test_a_removal_rolled_back_keeps_the_record_and_the_file(
    lurah, reviewed, django_capture_on_commit_callbacks
):
    raster, _plot, _candidates = reviewed
    waiting = Candidate.objects.filter(state=CandidateState.PROPOSED).count()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        raster_remove(user=lurah, pk=raster.pk)
        raise RuntimeError("the request failed after the removal")
    assert callbacks == []
    assert Raster.objects.filter(pk=raster.pk).exists()
    assert raster.file.exists()
    assert Candidate.objects.filter(state=CandidateState.PROPOSED).count() == waiting


@pytest.mark.parametrize(
    ("who", "refusal"),
    [
        ("surveyor", NotPermitted),
        ("planner", NotPermitted),
        ("granted_planner", NotPermitted),
        ("other lurah", NotFound),
        ("public", NotFound),
    ],
)
def test_only_its_lurah_and_the_city_admin_may_remove_it(
    users, kelurahan, other_kelurahan, lurah, reviewed, who, refusal
):
    from django.contrib.auth.models import AnonymousUser

    raster, _plot, _candidates = reviewed
    user = {
        "other lurah": lambda: UserFactory(
            role=Role.LURAH, role__kelurahan=other_kelurahan
        ),
        "public": AnonymousUser,
    }.get(who, lambda: users[who])()
    with pytest.raises(refusal):
        raster_remove(user=user, pk=raster.pk)
    assert Raster.objects.filter(pk=raster.pk).exists() and raster.file.exists()
    assert Candidate.objects.filter(raster=raster).count() == 3


def test_the_city_admin_may_remove_it(
    users, reviewed, django_capture_on_commit_callbacks
):
    raster, _plot, _candidates = reviewed
    with django_capture_on_commit_callbacks(execute=True):
        raster_remove(user=users["admin"], pk=raster.pk)
    assert not Raster.objects.filter(pk=raster.pk).exists()


def test_the_endpoint_answers_what_went_and_the_tiles_are_gone(
    client, lurah, reviewed, django_capture_on_commit_callbacks
):
    raster, _plot, _candidates = reviewed
    client.force_login(lurah)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/raster/{raster.pk}/hapus/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["raster"] == raster.pk
    assert body["candidates_removed"] == 1 and body["decisions_kept"] == 2
    assert client.get(f"/raster/{raster.pk}/ubin/17/0/0.png").status_code == 404
    again = client.post(f"/raster/{raster.pk}/hapus/")
    assert again.status_code == 404
    assert f"#{raster.pk}" in again.json()["message"]


def test_the_endpoint_refuses_a_surveyor_with_the_reason(client, users, reviewed):
    raster, _plot, _candidates = reviewed
    client.force_login(users["surveyor"])
    response = client.post(f"/raster/{raster.pk}/hapus/")
    assert response.status_code == 403
    assert "Rejomulyo" in response.json()["message"]
    assert Raster.objects.filter(pk=raster.pk).exists()


def test_the_page_offers_removal_only_to_those_who_may(
    client, users, kelurahan, reviewed
):
    raster, _plot, _candidates = reviewed
    for role, offered in (("lurah", True), ("admin", True), ("surveyor", False)):
        client.force_login(users[role])
        page = client.get(f"/raster/k/{kelurahan.slug}/").content.decode()
        assert (f'data-remove="{raster.pk}"' in page) is offered, role


def test_a_removal_without_the_csrf_token_is_refused(lurah, reviewed):
    from django.test import Client

    raster, _plot, _candidates = reviewed
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(lurah)
    response = browser.post(f"/raster/{raster.pk}/hapus/")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert Raster.objects.filter(pk=raster.pk).exists()


def test_reads_racing_a_removal_say_so_instead_of_failing(
    client, lurah, kelurahan, reviewed
):
    """Between the removal's commit and the tile, statistics or search that
    read the record just before it, the file is gone: each answers with the
    reason (or without that raster), never a server error."""
    raster, plot, _candidates = reviewed
    raster.file.unlink()  # the record still read, its file already gone
    client.force_login(lurah)
    tile = client.get(f"/raster/{raster.pk}/ubin/17/104470/67429.png")
    assert tile.status_code == 404
    assert (
        "dihapus" in tile.json()["message"]
        and f"#{raster.pk}" in tile.json()["message"]
    )
    search = client.post(
        f"/raster/k/{kelurahan.slug}/kandidat/cari/",
        {"raster": raster.pk},
        content_type="application/json",
    )
    assert search.status_code == 404 and "dihapus" in search.json()["message"]
    PlotStatistics.objects.filter(raster=raster).delete()  # stale, to recompute
    statistics = client.get(f"/raster/petak/{plot.pk}/statistik/")
    assert statistics.status_code == 200
    assert not PlotStatistics.objects.filter(raster=raster).exists()


def test_a_removed_file_sent_again_keeps_its_new_copy(
    tmp_path, kelurahan, lurah, django_capture_on_commit_callbacks
):
    """The removal's file deletion runs after its commit; by then the same
    file may already be imported again, and that copy must survive it."""
    data = np.full((200, 200), 0.45, dtype="float32")
    path = write_raster(tmp_path / "ndvi.tif", data)

    def send():
        return raster_import(
            user=lurah, kelurahan=kelurahan, kind="ndvi", file=path, name="ndvi.tif"
        )

    first = send()
    with django_capture_on_commit_callbacks() as after_commit:
        raster_remove(user=lurah, pk=first.pk)
    again = send()
    for callback in after_commit:
        callback()
    assert not first.file.exists()
    assert again.file.exists() and again.file != first.file
