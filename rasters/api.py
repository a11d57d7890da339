"""JSON endpoints and tiles of the rasters page and the map editor. Each parses
its input, calls one service and answers; errors from spatial.errors become
HTTP statuses in spatial.api.errors."""

import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from spatial import permissions
from spatial.errors import InvalidInput, NotPermitted
from spatial.models import Kelurahan

from .io.facts import KINDS
from .models import Candidate
from .presenting import upload_item
from .services.candidates import candidate_accept, candidate_dismiss, candidate_search
from .services.imports import max_raster_bytes
from .services.removal import raster_remove
from .services.statistics import plot_statistics
from .services.tiles import raster_tile
from .services.uploads import upload_queue, upload_status

TILE_CACHE_SECONDS = 24 * 3600


class TileView(APIView):
    def get(self, request, pk, z, x, y):
        png = raster_tile(user=request.user, pk=pk, z=z, x=x, y=y)
        if png is None:
            return HttpResponse(status=204)
        response = HttpResponse(png, content_type="image/png")
        # Private: a tile is as personal as the raster's permission says.
        response["Cache-Control"] = f"private, max-age={TILE_CACHE_SECONDS}"
        return response


class UploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=KINDS)
    file = serializers.FileField()
    classes = serializers.FileField(required=False)


class UploadView(APIView):
    parser_classes = [MultiPartParser]

    def post(self, request, slug):
        kelurahan = get_object_or_404(Kelurahan, slug=slug)
        if not permissions.may_upload_raster(request.user, kelurahan):
            raise NotPermitted(_("You may not add rasters to this kelurahan."))
        _check_length(request)
        form = UploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        classes = data.get("classes")
        upload = upload_queue(
            user=request.user,
            kelurahan=kelurahan,
            kind=data["kind"],
            file=data["file"],
            name=data["file"].name,
            classes=classes.read() if classes else None,
            classes_name=classes.name if classes else "",
        )
        # Accepted, not kept: the check runs in the background (rasters.tasks).
        return Response(upload_item(upload), status=202)


class UploadStatusView(APIView):
    def get(self, request, pk):
        return Response(upload_item(upload_status(user=request.user, pk=pk)))


def _check_length(request):
    # Django reads no more of the body than Content-Length says, so refusing
    # on the header refuses before a byte of an oversized file is stored.
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > max_raster_bytes() + 1024 * 1024:
        raise InvalidInput(
            _("The upload is %(mb).0f MB; the most accepted is %(max).0f MB.")
            % {"mb": length / 1048576, "max": max_raster_bytes() / 1048576}
        )


class RemoveView(APIView):
    def post(self, request, pk):
        removal = raster_remove(user=request.user, pk=pk)
        return Response(
            {
                "raster": removal.raster_id,
                "title": removal.title,
                "candidates_removed": removal.candidates_removed,
                "statistics_removed": removal.statistics_removed,
                "decisions_kept": removal.decisions_kept,
            }
        )


class CandidatesView(APIView):
    def get(self, request, slug):
        kelurahan = get_object_or_404(Kelurahan, slug=slug)
        if not permissions.may_see_rasters(request.user, kelurahan):
            raise NotPermitted(_("You may not see this kelurahan's rasters."))
        candidates = permissions.visible(
            request.user, Candidate.objects.proposed().filter(kelurahan=kelurahan)
        ).select_related("raster")
        return Response(_collection(candidates))


class SearchSerializer(serializers.Serializer):
    raster = serializers.IntegerField(required=False, allow_null=True)


class SearchView(APIView):
    def post(self, request, slug):
        kelurahan = get_object_or_404(Kelurahan, slug=slug)
        # candidate_search asks too, but only after the body is parsed: those
        # who may not search are refused before a byte of it is read.
        if not permissions.may_review_candidates(request.user, kelurahan):
            raise NotPermitted(
                _("You may not search Kelurahan %(name)s for idle land.")
                % {"name": kelurahan.name}
            )
        form = SearchSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        result = candidate_search(
            user=request.user,
            kelurahan=kelurahan,
            raster_id=form.validated_data.get("raster"),
        )
        body = _collection(result.candidates)
        body["search"] = {
            "raster": result.raster.pk,
            "rule": result.rule,
            "new": result.new,
            "seen_before": result.seen_before,
        }
        return Response(body)


class AcceptView(APIView):
    def post(self, request, pk):
        plot = candidate_accept(user=request.user, pk=pk)
        return Response({"candidate": pk, "plot": plot.pk, "status": plot.status})


class DismissView(APIView):
    def post(self, request, pk):
        candidate = candidate_dismiss(user=request.user, pk=pk)
        return Response({"candidate": candidate.pk, "state": candidate.state})


class PlotStatisticsView(APIView):
    def get(self, request, pk):
        return Response(plot_statistics(user=request.user, pk=pk))


def _collection(candidates):
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": c.pk,
                "geometry": json.loads(c.geom.geojson),
                "properties": {
                    "area_m2": round(c.area_m2, 1),
                    "rule": c.rule,
                    "raster": c.raster_id,
                    "found_at": c.found_at.isoformat(),
                },
            }
            for c in candidates
        ],
    }
