"""What each layer list carries, as field paths for spatial.api.geojson, and the
log of personal data read through a list."""

from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat, LPad

from spatial import permissions
from spatial.measure import M2_PER_HA
from spatial.models import PersonalDataAccess


def padded(path):
    return LPad(Cast(path, CharField()), 3, Value("0"))


def rt_label(prefix=""):
    """'RT 003/RW 002', as RT.__str__ writes it."""
    return Concat(
        Value("RT "),
        padded(f"{prefix}number"),
        Value("/RW "),
        padded(f"{prefix}rw__number"),
    )


def layer_properties(serializer_class, **computed):
    """The serializer's fields, each read from the model field of that name,
    except those ``computed`` here (labels and joins)."""
    plain = [f for f in serializer_class.Meta.fields if f != "id" and f not in computed]
    return {**{name: name for name in plain}, **computed}


BOUNDARY_PROPERTIES = {
    "name": "name",
    "code": "code",
    "slug": "slug",
    "area_ha": F("area_m2") / M2_PER_HA,
}
RT_PROPERTIES = {
    **BOUNDARY_PROPERTIES,
    "number": "number",
    "label": rt_label(),
    "kelurahan": "rw__kelurahan__slug",
}


def log_personal_read(request, model, properties, records, *, channel, ids=()):
    """UU 27/2022 asks who read personal data: one row per read that carried
    any, naming the records (``ids``) read. ``records`` is how many records'
    personal data were shown, or a function giving it (it may cost a query),
    called only when the read did carry personal fields."""
    personal = set(permissions.personal_fields(model)) & set(properties)
    if not personal or not request.user.is_authenticated:
        return
    records = records() if callable(records) else records
    if not records:
        return
    PersonalDataAccess.objects.record(
        user=request.user,
        model=model._meta.label,
        kelurahan_id=permissions.scope_kelurahan(request.user),
        channel=channel,
        records=records,
        object_ids=ids,
        detail=request.get_full_path()[:255],
    )
