"""Candidate idle land: land a raster suggests may lie idle, for the lurah to
review. Found from the classes marked idle (land cover), an NDVI range, or the
bare-soil index of an orthophoto; vectorised, cut to the kelurahan, cleared
of land already drawn as plots and of land a person already dismissed,
cleaned of slivers, simplified to the grid's cell size, and kept when at
least WAKUNCAR_CANDIDATE_MIN_M2. Accepting one makes a reported plot through
the editing service (every plot rule applies); nothing is ever verified
without a person."""

from dataclasses import dataclass

import numpy as np
import shapely
from django.conf import settings
from django.contrib.gis.db.models.functions import AsWKB, Transform
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from landuse.models import IdlePlot, PlotStatus
from spatial import permissions
from spatial.errors import InvalidInput, NotFound, NotPermitted
from spatial.measure import UTM_48S, WGS84, to_shapely_metres
from spatial.services.editing import feature_create

from ..io.facts import LANDCOVER, NDVI, ORTHOPHOTO
from ..io.vectorise import matching_polygons
from ..io.zonal import bare_soil_index
from ..models import Candidate, CandidateState, Kind, Raster
from ..thresholds import candidate_bare_index, candidate_ndvi, value_range
from .removal import file_of, still_there

# A new shape that shares this much of its area with a dismissed (or already
# proposed) candidate is the same land seen again.
SAME_LAND = 0.5
SEARCH_ORDER = (LANDCOVER, NDVI, ORTHOPHOTO)
VIA = "raster candidate"


@dataclass(frozen=True)
class Rule:
    test: object
    indexes: tuple
    describe: object  # () -> str

    @property
    def text(self):
        """Kept with each candidate as its provenance: in the site's language,
        whichever the searcher reads."""
        with translation.override(settings.LANGUAGE_CODE):
            return self.describe()


@dataclass
class SearchResult:
    raster: Raster
    rule: str
    candidates: list
    new: int
    seen_before: int
    cells_read: int


def candidate_search(
    *,
    user,
    kelurahan,
    raster_id: int | None = None,
    ndvi: str | tuple | None = None,
    bare_index: str | tuple | None = None,
    min_area_m2: float | None = None,
) -> SearchResult:
    """Search a raster of ``kelurahan`` (``raster_id``, or the newest land
    cover, else NDVI, else orthophoto) and store what it suggests. Candidates
    still awaiting review keep their ids when found again."""
    if not permissions.may_review_candidates(user, kelurahan):
        raise NotPermitted(
            _("You may not search Kelurahan %(name)s for idle land.")
            % {"name": kelurahan.name}
        )
    raster = _raster(kelurahan, raster_id)
    rule = _rule(raster, ndvi=ndvi, bare_index=bare_index)
    rule_text = rule.text
    minimum = settings.WAKUNCAR_CANDIDATE_MIN_M2 if min_area_m2 is None else min_area_m2
    cell_m = max(raster.resolution_m, settings.WAKUNCAR_CANDIDATE_RESOLUTION_M)
    with file_of(raster) as path:
        found = matching_polygons(
            path,
            test=rule.test,
            indexes=rule.indexes,
            within=_geojson(kelurahan.geom),
            cell_m=cell_m,
            native_m=raster.resolution_m,
            min_area_m2=minimum,
            target_crs=f"EPSG:{UTM_48S}",
        )
    shapes = _cleaned(found.polygons, kelurahan, found.cell_m, minimum)
    with transaction.atomic():
        still_there(raster)
        fresh, seen = _not_seen_before(shapes, kelurahan, raster)
        _retire_gone(raster, seen)
        kept = Candidate.objects.bulk_create(
            Candidate(
                kelurahan=kelurahan,
                raster=raster,
                geom=_stored(shape),
                rule=rule_text[:200],
            )
            for shape in fresh
        )
    proposed = list(
        Candidate.objects.proposed().filter(raster=raster).order_by("-area_m2", "id")
    )
    return SearchResult(
        raster=raster,
        rule=rule_text,
        candidates=proposed,
        new=len(kept),
        seen_before=len(shapes) - len(kept),
        cells_read=found.cells_read,
    )


def candidate_accept(*, user, pk, attrs=None) -> IdlePlot:
    """The candidate as a reported idle plot (never verified here), with where
    it came from in its notes and the candidate pointing at it."""
    with transaction.atomic():
        candidate = _reviewable(user, pk)
        plot = feature_create(
            user=user,
            model=IdlePlot,
            geom=candidate.geom,
            attrs=_plot_attrs(candidate, user, attrs),
            via=VIA,
        )
        candidate.state = CandidateState.ACCEPTED
        candidate.plot = plot
        _reviewed(candidate, user)
    return plot


def _plot_attrs(candidate, user, attrs):
    raster = candidate.raster
    provenance = _(
        "Proposed by candidate #%(id)s from %(raster)s (%(rule)s), found "
        "%(found)s; accepted by %(user)s."
    ) % {
        "id": candidate.pk,
        "raster": raster or _("a deleted raster"),
        "rule": candidate.rule,
        "found": timezone.localtime(candidate.found_at).strftime("%Y-%m-%d"),
        "user": user.get_username(),
    }
    given = dict(attrs or {})
    given.pop("status", None)
    notes = given.pop("notes", "")
    return {
        **given,
        "kelurahan": candidate.kelurahan,
        "status": PlotStatus.REPORTED,
        "notes": f"{notes}\n\n{provenance}".strip(),
    }


def candidate_dismiss(*, user, pk) -> Candidate:
    """Not idle land, says a person: remembered, and the same land is not
    proposed again by a later search."""
    with transaction.atomic():
        candidate = _reviewable(user, pk)
        candidate.state = CandidateState.DISMISSED
        _reviewed(candidate, user)
    return candidate


def _reviewed(candidate, user):
    candidate.reviewed_by = user
    candidate.reviewed_at = timezone.now()
    candidate.save(update_fields=["state", "plot", "reviewed_by", "reviewed_at"])


def _reviewable(user, pk):
    candidate = (
        permissions.visible(user, Candidate.objects.select_related("kelurahan"))
        .select_for_update(of=("self",))
        .filter(pk=pk)
        .first()
    )
    if candidate is None:
        raise NotFound(_("Candidate #%(id)s not found.") % {"id": pk})
    if not permissions.may_review_candidates(user, candidate.kelurahan):
        raise NotPermitted(_("You may not review %(obj)s.") % {"obj": candidate})
    if candidate.state != CandidateState.PROPOSED:
        raise InvalidInput(
            _("%(obj)s was already %(state)s by %(user)s.")
            % {
                "obj": candidate,
                "state": candidate.get_state_display().lower(),
                "user": candidate.reviewed_by or _("someone"),
            }
        )
    return candidate


def _raster(kelurahan, raster_id):
    rasters = Raster.objects.filter(kelurahan=kelurahan)
    if raster_id is not None:
        raster = rasters.filter(pk=raster_id).first()
        if raster is None:
            raise NotFound(
                _("Kelurahan %(kel)s has no raster #%(id)s.")
                % {"kel": kelurahan.name, "id": raster_id}
            )
        return raster
    for kind in SEARCH_ORDER:
        raster = rasters.filter(kind=kind).order_by("-uploaded_at", "-id").first()
        if raster:
            return raster
    raise NotFound(
        _("Kelurahan %(kel)s has no raster to search yet.") % {"kel": kelurahan.name}
    )


def _rule(raster, *, ndvi, bare_index):
    if raster.kind == Kind.LANDCOVER:
        idle = list(raster.classes.filter(idle=True).values_list("value", "label"))
        if not idle:
            raise InvalidInput(
                _(
                    "%(raster)s has no class marked idle; import it with a "
                    "classes file whose idle column says yes for them."
                )
                % {"raster": raster}
            )
        values = np.array([v for v, _label in idle])
        return Rule(
            test=lambda data: np.isin(data[0].data, values),
            indexes=(1,),
            describe=lambda: (
                _("land cover: %(labels)s")
                % {"labels": ", ".join(label for _v, label in idle)}
            ),
        )
    if raster.kind == Kind.NDVI:
        low, high = (
            value_range(ndvi, what=_("NDVI range")) if ndvi else candidate_ndvi()
        )
        return Rule(
            test=lambda data: (data[0].data >= low) & (data[0].data <= high),
            indexes=(1,),
            describe=lambda: (
                _("NDVI %(low).2f to %(high).2f") % {"low": low, "high": high}
            ),
        )
    low, high = (
        value_range(bare_index, what=_("bare-soil index range"))
        if bare_index
        else candidate_bare_index()
    )

    def bare(data):
        index = bare_soil_index(data[0].data, data[1].data)
        return (index >= low) & (index <= high)

    return Rule(
        test=bare,
        indexes=(1, 2, 3),
        describe=lambda: (
            _("bare-soil index (R-G)/(R+G) %(low).2f to %(high).2f")
            % {"low": low, "high": high}
        ),
    )


def _cleaned(polygons, kelurahan, cell_m, minimum):
    """Polygons (UTM 48S) cut to the kelurahan, less the active plots, opened
    by one cell (slivers left between a drawn plot and the patch go), with
    pixel stairs simplified away at one cell's tolerance."""
    if not polygons:
        return []
    boundary = to_shapely_metres(kelurahan.geom)
    plots = _in_metres(
        IdlePlot.objects.active().filter(geom__intersects=kelurahan.geom.envelope)
    )
    covered = shapely.unary_union(plots) if plots else None
    shapes = []
    for polygon in polygons:
        shape = shapely.make_valid(polygon).intersection(boundary)
        if covered is not None:
            shape = shape.difference(covered)
        shape = shape.buffer(-cell_m, join_style="mitre").buffer(
            cell_m, join_style="mitre"
        )
        shape = shapely.make_valid(
            shape.simplify(cell_m, preserve_topology=True)
        ).intersection(boundary)
        for part in getattr(shape, "geoms", [shape]):
            if isinstance(part, shapely.Polygon) and part.area >= minimum:
                shapes.append(part)
    return shapes


def _not_seen_before(shapes, kelurahan, raster):
    """The shapes no person dismissed and no candidate already proposes, and
    the ids of this raster's proposed candidates found again."""
    candidates = Candidate.objects.filter(kelurahan=kelurahan).exclude(
        state=CandidateState.ACCEPTED
    )
    known = list(
        zip(
            candidates.order_by("pk").values_list("pk", "state", "raster_id"),
            _in_metres(candidates),
            strict=True,
        )
    )
    if not known:
        return shapes, set()
    known = [(*row, geom) for row, geom in known]
    tree = shapely.STRtree([geom for *_rest, geom in known])
    fresh, seen = [], set()
    for shape in shapes:
        match = None
        for index in tree.query(shape):
            pk, state, raster_id, geom = known[index]
            if shape.intersection(geom).area >= SAME_LAND * shape.area:
                match = (pk, state, raster_id)
                break
        if match is None:
            fresh.append(shape)
        elif match[1] == CandidateState.PROPOSED and match[2] == raster.pk:
            seen.add(match[0])
    return fresh, seen


def _retire_gone(raster, seen):
    """This raster's proposals that the new search no longer finds (drawn as
    plots since, or a threshold changed) are withdrawn."""
    Candidate.objects.proposed().filter(raster=raster).exclude(pk__in=seen).delete()


def _in_metres(queryset):
    """The shapes of ``queryset`` in UTM 48S, reprojected by PostGIS in one
    query (as every area here is measured), in the queryset's order."""
    rows = queryset.order_by("pk").values_list(AsWKB(Transform("geom", UTM_48S)))
    return list(shapely.from_wkb([bytes(wkb) for (wkb,) in rows]))


def _stored(shape):
    geom = GEOSGeometry(memoryview(shape.wkb), srid=UTM_48S)
    geom.transform(WGS84)
    return MultiPolygon(geom, srid=WGS84) if geom.geom_type == "Polygon" else geom


def _geojson(geom):
    import json

    return json.loads(geom.geojson)
