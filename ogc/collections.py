"""The collections OGC API – Features serves: each is a REST API layer, read
through the same queryset, properties and filterset as ``/api/``, and through
spatial.permissions for who sees which features and fields."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from spatial import permissions


@dataclass(frozen=True)
class Collection:
    id: str
    title: str
    description: str
    viewset: type  # the /api/ viewset whose queryset, properties and filters it reads
    temporal: str | None = None  # the field ``datetime`` filters on

    @property
    def model(self):
        return self.viewset.base_queryset.model

    def queryset(self, user):
        """The features the user may see; a ``.none()`` queryset when none."""
        return permissions.visible(user, self.viewset.base_queryset.all())

    def open_to(self, user):
        """Whether the collection is listed for the user at all: households
        are not, for the public (single homes are never public)."""
        return not self.queryset(user).query.is_empty()

    def properties(self, user):
        """Output name → field path or expression, as the REST API lists them
        for this user (personal fields dropped, or emptied row by row)."""
        return permissions.shown_properties(
            user, self.model, self.viewset.list_properties
        )

    @property
    def queryables(self):
        """The ``?name=value`` filters: the REST API filterset's, never on a
        personal field (see spatial.api.filters)."""
        fields = self.viewset.filterset_class.base_filters
        return tuple(name for name in fields if name != "in_bbox")


DESCRIPTIONS = {
    "kecamatan": _("Districts of Kota Metro."),
    "kelurahan": _("Urban villages of Kota Metro."),
    "rw": _("Rukun warga boundaries."),
    "rt": _("Rukun tetangga boundaries, the smallest unit."),
    "households": _(
        "Surveyed households; names, No. KK and addresses only for roles allowed "
        "to see them."
    ),
    "idle_plots": _("Idle land (lahan tidur) under Perda Kota Metro 1/2018."),
    "waste_points": _(
        "Waste facilities, and reported illegal dumping or burning spots."
    ),
}


def _temporal(model):
    """The field ``datetime`` filters on: when surveyed, else when changed."""
    names = {f.name for f in model._meta.get_fields()}
    return next((n for n in ("survey_date", "updated_at") if n in names), None)


def all_collections():
    """One collection per layer in spatial.layers, named as in /api/."""
    from spatial import layers

    return [
        Collection(
            id=layer.api_prefix,
            title=layer.label,
            description=DESCRIPTIONS.get(layer.name, layer.label),
            viewset=layer.viewset,
            temporal=_temporal(layer.model),
        )
        for layer in layers.registered()
    ]


def open_collections(user):
    return [c for c in all_collections() if c.open_to(user)]


def collection_for(user, collection_id):
    """The collection, or None when unknown or closed to the user (both read
    as 404: a closed collection does not tell it exists)."""
    for collection in all_collections():
        if collection.id == collection_id and collection.open_to(user):
            return collection
    return None
