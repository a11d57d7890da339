import json

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from spatial import permissions
from spatial.errors import InvalidInput, NotPermitted, PreconditionRequired
from spatial.models import RT, RW, Kecamatan, Kelurahan
from spatial.services import editing

from . import geojson, pagination, serializers
from .filters import layer_filterset
from .properties import BOUNDARY_PROPERTIES, RT_PROPERTIES, log_personal_read
from .serializers import RevisionSerializer

PROPERTIES_PARAMETER = OpenApiParameter(
    "properties",
    OpenApiTypes.STR,
    description="Comma-separated properties each feature carries; empty for "
    "only its place and id.",
)


class ScopedLayerViewSet(viewsets.ReadOnlyModelViewSet):
    """A map layer: what spatial.permissions lets the user see, filtered by
    ``?kelurahan=slug``, ``?in_bbox=w,s,e,n`` and the filterset's attributes,
    in keyset pages (spatial.api.pagination)."""

    base_queryset = None
    filterset_class = None

    list_properties = {}

    def wanted_properties(self, request):
        """``?properties=a,b`` narrows what each feature carries (empty: only
        its place and id, as the map loads thousands of households)."""
        if "properties" not in request.query_params:
            return self.list_properties
        wanted = set(filter(None, request.query_params["properties"].split(",")))
        return {k: v for k, v in self.list_properties.items() if k in wanted}

    def get_queryset(self):
        return permissions.visible(self.request.user, self.base_queryset.all())

    @extend_schema(parameters=[*pagination.PARAMETERS, PROPERTIES_PARAMETER])
    def list(self, request, *args, **kwargs):
        page_request = pagination.page_request(request.query_params)
        queryset = self.filter_queryset(self.get_queryset())
        model = queryset.model
        properties = permissions.shown_properties(
            request.user, model, self.wanted_properties(request)
        )
        page = geojson.feature_page(
            queryset, properties, limit=page_request.limit, after=page_request.after
        )
        log_personal_read(
            request,
            model,
            properties,
            lambda: permissions.rows_with_personal_data(
                request.user, queryset, page.count, ids=page.ids
            ),
            channel="api",
            ids=page.ids,
        )
        following = pagination.next_url(request, page)
        members = {"next": json.dumps(following)} if following else {}
        response = HttpResponse(
            page.collection(**members), content_type="application/json"
        )
        if following:
            response["Link"] = f'<{following}>; rel="next"'
        return response

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        _log_detail(request, instance, response.data)
        return response


class KecamatanViewSet(ScopedLayerViewSet):
    base_queryset = Kecamatan.objects.all()
    serializer_class = serializers.KecamatanSerializer
    list_properties = BOUNDARY_PROPERTIES
    filterset_class = layer_filterset(Kecamatan, fields=["code", "slug"])


class KelurahanViewSet(ScopedLayerViewSet):
    base_queryset = Kelurahan.objects.select_related("kecamatan")
    serializer_class = serializers.KelurahanSerializer
    list_properties = {**BOUNDARY_PROPERTIES, "kecamatan": "kecamatan__name"}
    filterset_class = layer_filterset(
        Kelurahan, kelurahan_lookup="slug", fields=["code"]
    )


class RWViewSet(ScopedLayerViewSet):
    base_queryset = RW.objects.select_related("kelurahan")
    serializer_class = serializers.RWSerializer
    list_properties = {
        **BOUNDARY_PROPERTIES,
        "number": "number",
        "kelurahan": "kelurahan__slug",
    }
    filterset_class = layer_filterset(RW, fields=["code", "number"])


class RTViewSet(ScopedLayerViewSet):
    base_queryset = RT.objects.select_related("rw__kelurahan")
    serializer_class = serializers.RTSerializer
    list_properties = RT_PROPERTIES
    filterset_class = layer_filterset(
        RT, kelurahan_lookup="rw__kelurahan__slug", fields=["code", "number"]
    )


class EditableLayerViewSet(ScopedLayerViewSet, viewsets.ModelViewSet):
    """A layer the lurah edits on the map. Every write goes through
    spatial.services.editing; the version travels as an ETag and must come back
    in If-Match."""

    via = "map"

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        _log_detail(request, instance, response.data)
        response["ETag"] = etag(instance.version)
        return response

    def created_attrs(self, request):
        """Values a new feature takes from how and by whom it was made."""
        return {}

    def create(self, request, *args, **kwargs):
        attrs, geom = self._parsed(request)
        attrs = {**self.created_attrs(request), **attrs}
        instance = editing.feature_create(
            user=request.user, model=self.model, geom=geom, attrs=attrs, via=self.via
        )
        return self._feature(instance, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        # Permission before validation: someone who may not change the feature
        # hears that (404 unseen, 403 seen), not what is wrong with the body.
        instance = self.get_object()
        if not permissions.may_change(request.user, instance):
            raise NotPermitted(_("You may not change %(obj)s.") % {"obj": instance})
        attrs, geom = self._parsed(request, partial=kwargs.get("partial", False))
        instance = editing.feature_update(
            user=request.user,
            model=self.model,
            pk=self.kwargs["pk"],
            expected_version=expected_version(request),
            attrs=attrs,
            geom=geom,
            via=self.via,
        )
        return self._feature(instance, status.HTTP_200_OK)

    def destroy(self, request, *args, **kwargs):
        editing.feature_delete(
            user=request.user,
            model=self.model,
            pk=self.kwargs["pk"],
            expected_version=expected_version(request),
            via=self.via,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["get"])
    def history(self, request, pk=None, **kwargs):
        revisions = editing.feature_history(user=request.user, model=self.model, pk=pk)
        serializer = RevisionSerializer(
            revisions, many=True, context={"user": request.user, "model": self.model}
        )
        data = serializer.data
        # Snapshots hold every field: a history that showed any personal one
        # is a read of this record's personal data.
        shown = set().union(
            *(
                set(state["properties"])
                for revision in data
                for state in (revision["before"], revision["after"])
                if state
            )
        )
        log_personal_read(request, self.model, shown, 1, channel="api", ids=[int(pk)])
        return Response(data)

    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None, **kwargs):
        instance = editing.feature_verify(
            user=request.user,
            model=self.model,
            pk=pk,
            expected_version=expected_version(request),
        )
        return self._feature(instance, status.HTTP_200_OK)

    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None, **kwargs):
        revision = str(request.data.get("revision", ""))
        if not revision.isdigit():
            raise InvalidInput("Name the revision to restore by its id.")
        instance = editing.feature_restore(
            user=request.user,
            model=self.model,
            pk=pk,
            revision_id=int(revision),
            expected_version=optional_version(request),
        )
        return self._feature(instance, status.HTTP_200_OK)

    @property
    def model(self):
        return self.base_queryset.model

    def _parsed(self, request, partial=False):
        serializer = self.get_serializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        attrs = dict(serializer.validated_data)
        return attrs, attrs.pop("geom", None)

    def _feature(self, instance, code):
        data = self.get_serializer(self.base_queryset.get(pk=instance.pk)).data
        return Response(data, status=code, headers={"ETag": etag(instance.version)})


def _log_detail(request, instance, data):
    properties = data.get("properties", data)
    log_personal_read(
        request, type(instance), properties, 1, channel="api", ids=[instance.pk]
    )


def etag(version):
    return f'"{version}"'


def optional_version(request):
    """The If-Match version when one was sent (restoring a deleted feature has
    none to send)."""
    has_version = request.headers.get("If-Match") or request.data.get("version")
    return expected_version(request) if has_version else None


def expected_version(request):
    """The version the client edited: If-Match (an ETag), or ``version`` in the
    body for clients that cannot set headers."""
    raw = request.headers.get("If-Match") or str(request.data.get("version", ""))
    digits = raw.removeprefix("W/").strip('"')
    if not digits.isdigit():
        raise PreconditionRequired(
            "Send the version you edited in If-Match (from the ETag)."
        )
    return int(digits)
