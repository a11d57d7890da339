from rest_framework.filters import BaseFilterBackend


class KelurahanFilter(BaseFilterBackend):
    """``?kelurahan=rejomulyo`` narrows a layer to one kelurahan."""

    def filter_queryset(self, request, queryset, view):
        slug = request.query_params.get("kelurahan")
        if not slug:
            return queryset
        return queryset.filter(**{view.kelurahan_lookup: slug})
