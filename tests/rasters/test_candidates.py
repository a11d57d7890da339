import json

import numpy as np
import pytest
from django.core.management import call_command

from landuse.models import IdlePlot, PlotStatus
from rasters.models import Candidate, CandidateState
from rasters.services.candidates import (
    candidate_accept,
    candidate_dismiss,
    candidate_search,
)
from rasters.services.imports import raster_import
from spatial.errors import InvalidInput
from tests.factories import IdlePlotFactory, utm_box

from .rasters import CLASSES_CSV, PIXEL, square, square_m, write_raster

pytestmark = pytest.mark.django_db

SQUARE_M2 = (20 * PIXEL) ** 2
ONE_PIXEL_PER_EDGE = 4 * PIXEL**2


def ndvi_raster(tmp_path, kelurahan, user, **square_at):
    data = square(0.45, 0.05, dtype="float32", **square_at)
    path = write_raster(tmp_path / "ndvi.tif", data)
    return raster_import(
        user=user, kelurahan=kelurahan, kind="ndvi", file=path, name="ndvi.tif"
    )


def test_a_vegetated_square_is_one_candidate_of_its_area(tmp_path, kelurahan, lurah):
    raster = ndvi_raster(tmp_path, kelurahan, lurah)
    result = candidate_search(user=lurah, kelurahan=kelurahan)
    assert result.raster == raster
    [candidate] = result.candidates
    assert candidate.area_m2 == pytest.approx(SQUARE_M2, abs=ONE_PIXEL_PER_EDGE)
    assert candidate.state == CandidateState.PROPOSED
    assert candidate.geom.intersects(utm_box(*square_m()).centroid)


def test_a_square_already_covered_by_a_plot_is_not_proposed(tmp_path, kelurahan, lurah):
    IdlePlotFactory(kelurahan=kelurahan, geom=utm_box(*square_m()))
    ndvi_raster(tmp_path, kelurahan, lurah)
    assert candidate_search(user=lurah, kelurahan=kelurahan).candidates == []


def test_a_dismissed_candidate_is_not_proposed_again(tmp_path, kelurahan, lurah):
    ndvi_raster(tmp_path, kelurahan, lurah)
    [candidate] = candidate_search(user=lurah, kelurahan=kelurahan).candidates
    candidate_dismiss(user=lurah, pk=candidate.pk)
    again = candidate_search(user=lurah, kelurahan=kelurahan)
    assert again.candidates == []
    assert Candidate.objects.get().state == CandidateState.DISMISSED


def test_searching_again_keeps_a_waiting_candidate_and_its_id(
    tmp_path, kelurahan, lurah
):
    ndvi_raster(tmp_path, kelurahan, lurah)
    [first] = candidate_search(user=lurah, kelurahan=kelurahan).candidates
    [second] = candidate_search(user=lurah, kelurahan=kelurahan).candidates
    assert second.pk == first.pk


def test_accepting_makes_a_reported_plot_with_its_provenance(
    tmp_path, kelurahan, lurah
):
    raster = ndvi_raster(tmp_path, kelurahan, lurah)
    [candidate] = candidate_search(user=lurah, kelurahan=kelurahan).candidates
    plot = candidate_accept(user=lurah, pk=candidate.pk)
    candidate.refresh_from_db()
    assert plot.status == PlotStatus.REPORTED
    assert candidate.state == CandidateState.ACCEPTED and candidate.plot == plot
    assert f"candidate #{candidate.pk}" in plot.notes and raster.name in plot.notes
    assert plot.created_by == lurah
    assert plot.area_m2 == pytest.approx(candidate.area_m2)


def test_accepting_over_a_plot_drawn_since_is_refused_and_changes_nothing(
    tmp_path, kelurahan, lurah
):
    ndvi_raster(tmp_path, kelurahan, lurah)
    [candidate] = candidate_search(user=lurah, kelurahan=kelurahan).candidates
    x0, y0, x1, y1 = square_m()
    IdlePlotFactory(kelurahan=kelurahan, geom=utm_box(x0, y0, x0 + 20, y0 + 20))
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="overlaps"):
        candidate_accept(user=lurah, pk=candidate.pk)
    assert IdlePlot.objects.count() == 1
    candidate.refresh_from_db()
    assert candidate.state == CandidateState.PROPOSED


def test_land_cover_candidates_come_from_the_classes_marked_idle(
    tmp_path, kelurahan, lurah
):
    data = square(3, 1, dtype="uint8")
    data[120:140, 10:30] = 2  # rice field: not idle
    path = write_raster(tmp_path / "lc.tif", data)
    raster_import(
        user=lurah,
        kelurahan=kelurahan,
        kind="landcover",
        file=path,
        name="lc.tif",
        classes=CLASSES_CSV,
        classes_name="classes.csv",
    )
    [candidate] = candidate_search(user=lurah, kelurahan=kelurahan).candidates
    # Kept in the site's language (Indonesian) as the candidate's provenance.
    assert candidate.rule == "tutupan lahan: Semak belukar"
    assert candidate.area_m2 == pytest.approx(SQUARE_M2, abs=ONE_PIXEL_PER_EDGE)


def test_an_orthophoto_finds_bare_soil_by_its_colours(tmp_path, kelurahan, lurah):
    green = np.stack([np.full((200, 200), v, "uint8") for v in (60, 140, 50)])
    soil = (170, 120, 80)  # (R-G)/(R+G) = 0.17
    for band, value in enumerate(soil):
        green[band, 50:70, 50:70] = value
    path = write_raster(tmp_path / "ortho.tif", green)
    raster_import(
        user=lurah, kelurahan=kelurahan, kind="orthophoto", file=path, name="o.tif"
    )
    [candidate] = candidate_search(user=lurah, kelurahan=kelurahan).candidates
    assert candidate.area_m2 == pytest.approx(SQUARE_M2, abs=ONE_PIXEL_PER_EDGE)


def test_patches_smaller_than_the_minimum_are_not_proposed(
    tmp_path, kelurahan, lurah, settings
):
    settings.WAKUNCAR_CANDIDATE_MIN_M2 = SQUARE_M2 + 100
    ndvi_raster(tmp_path, kelurahan, lurah)
    assert candidate_search(user=lurah, kelurahan=kelurahan).candidates == []


def test_land_cover_without_idle_classes_says_so(tmp_path, kelurahan, lurah):
    path = write_raster(tmp_path / "lc.tif", square(3, 1, dtype="uint8"))
    raster_import(
        user=lurah, kelurahan=kelurahan, kind="landcover", file=path, name="lc.tif"
    )
    with pytest.raises(InvalidInput, match="no class marked idle"):
        candidate_search(user=lurah, kelurahan=kelurahan)


def test_find_candidates_prints_a_json_list(tmp_path, kelurahan, lurah, capsys):
    raster = ndvi_raster(tmp_path, kelurahan, lurah)
    call_command(
        "find_candidates",
        "--kelurahan",
        kelurahan.slug,
        "--raster",
        str(raster.pk),
        "--json",
    )
    [item] = json.loads(capsys.readouterr().out)
    assert item["id"] == Candidate.objects.get().pk
    assert item["area_m2"] == pytest.approx(SQUARE_M2, abs=ONE_PIXEL_PER_EDGE)
    assert item["geometry"]["type"] == "MultiPolygon"


def test_a_fine_raster_is_searched_on_a_coarser_grid(tmp_path, kelurahan, lurah):
    """A 0.25 m NDVI is searched on 1 m cells (4x, a power of two): the
    square still comes back whole."""
    data = square(
        0.45, 0.05, size=800, rows=(200, 360), cols=(200, 360), dtype="float32"
    )
    raster_import(
        user=lurah,
        kelurahan=kelurahan,
        kind="ndvi",
        file=write_raster(tmp_path / "halus.tif", data, pixel=0.25, top=200),
        name="halus.tif",
    )
    result = candidate_search(user=lurah, kelurahan=kelurahan)
    [candidate] = result.candidates
    assert result.cells_read == 200 * 200
    assert candidate.area_m2 == pytest.approx(40 * 40, abs=4 * 1.0)
