from rest_framework import viewsets
from rest_framework_gis.filters import InBBoxFilter

from spatial import permissions
from spatial.models import RT, RW, Kecamatan, Kelurahan

from . import serializers
from .filters import KelurahanFilter


class ScopedLayerViewSet(viewsets.ReadOnlyModelViewSet):
    """A map layer: what spatial.permissions lets the user see, filtered by
    ``?kelurahan=slug`` and ``?in_bbox=w,s,e,n``."""

    bbox_filter_field = "geom"
    filter_backends = [InBBoxFilter, KelurahanFilter]
    kelurahan_lookup = "kelurahan__slug"
    base_queryset = None

    def get_queryset(self):
        return permissions.visible(self.request.user, self.base_queryset.all())


class KecamatanViewSet(ScopedLayerViewSet):
    base_queryset = Kecamatan.objects.all()
    serializer_class = serializers.KecamatanSerializer
    kelurahan_lookup = "kelurahan__slug"


class KelurahanViewSet(ScopedLayerViewSet):
    base_queryset = Kelurahan.objects.select_related("kecamatan")
    serializer_class = serializers.KelurahanSerializer
    kelurahan_lookup = "slug"


class RWViewSet(ScopedLayerViewSet):
    base_queryset = RW.objects.select_related("kelurahan")
    serializer_class = serializers.RWSerializer


class RTViewSet(ScopedLayerViewSet):
    base_queryset = RT.objects.select_related("rw__kelurahan")
    serializer_class = serializers.RTSerializer
    kelurahan_lookup = "rw__kelurahan__slug"
