"""What the REST API says about a layer's fields, for OPTIONS and for the map
pages, which embed it: each field's label (from the model's verbose name),
type, choices with their labels, default for a new feature, whether it is
personal and whether this user sees it. Forms and popups are built from this,
never from lists of their own."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from rest_framework.metadata import SimpleMetadata

from spatial import permissions

# Kept out of forms and popups: the place, the bookkeeping and what the
# feature's own panel shows otherwise (its title, the "can" flags).
NOT_SHOWN = frozenset({"id", "kelurahan", "can"})


class LayerMetadata(SimpleMetadata):
    """OPTIONS on a layer adds ``fields``: the description ``describe`` gives."""

    def determine_metadata(self, request, view):
        data = super().determine_metadata(request, view)
        serializer_class = getattr(view, "serializer_class", None)
        if serializer_class is not None:
            data["fields"] = describe(serializer_class, user=request.user)
        return data


def describe(serializer_class, *, user, kelurahan_id=None):
    """The fields of ``serializer_class`` in its order, as dicts: ``name``,
    ``label``, ``type``, ``required``, ``read_only``, ``choices`` ([value,
    label]), ``default``, ``personal``, ``visible`` (False for a personal field
    the user may not read, though they may still type it for a new record) and
    ``display`` (how to show it: "area", "hidden" …, from the serializer's
    Meta.display)."""
    serializer = serializer_class()
    model = serializer.Meta.model
    geo_field = getattr(serializer.Meta, "geo_field", None)
    personal = set(permissions.personal_fields(model))
    hidden = permissions.hidden_fields(user, model, kelurahan_id)
    display = getattr(serializer.Meta, "display", {})
    dependent = getattr(serializer.Meta, "dependent_choices", {})
    reserved = permissions.reviewer_values(user, model)
    info_of = SimpleMetadata().get_field_info
    fields = []
    for name, field in serializer.fields.items():
        if name == geo_field or name in NOT_SHOWN:
            continue
        info = info_of(field)
        entry = {
            "name": name,
            "label": capfirst(str(info["label"])),
            "type": info["type"],
            "required": info["required"],
            "read_only": info["read_only"],
            "personal": name in personal,
            "visible": name not in hidden,
            "display": display.get(name, ""),
        }
        if "choices" in info:
            entry["choices"] = [
                [c["value"], str(c["display_name"])] for c in info["choices"]
            ]
        elif getattr(field, "choices", None) and not hasattr(field, "queryset"):
            # DRF lists no choices for a read-only field; popups still show
            # its label, not its code (a household's "Sumber lokasi").
            entry["choices"] = [[v, str(label)] for v, label in field.choices.items()]
        if "max_length" in info:
            entry["max_length"] = info["max_length"]
        if name in dependent:
            on, allowed = dependent[name]
            # Offered only what this user may save (a surveyor reports a spot;
            # the lurah marks it verified or cleared).
            kept = reserved.get(name, ())
            entry["depends"] = {
                "on": on,
                "allowed": {
                    key: [value for value in values if value not in kept]
                    for key, values in allowed.items()
                },
            }
        entry["default"] = _default(model, field, entry)
        fields.append(entry)
    return fields


def _default(model, field, entry):
    """What a new feature starts with: the model's default, else for a
    required choice its first choice."""
    try:
        model_field = model._meta.get_field(field.source)
    except (FieldDoesNotExist, AttributeError, TypeError):
        return None
    if model_field.has_default() and not callable(model_field.default):
        return model_field.default
    if entry["type"] == "choice" and not model_field.blank and entry.get("choices"):
        return entry["choices"][0][0]
    return None
