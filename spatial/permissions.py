"""Who may see or change what, and which fields. Pages, the API, tiles and exports
all ask here; nothing else decides.

role        sees                          personal data        changes
city admin  everything                    yes                  everything
lurah       own kelurahan                 own kelurahan        plots, waste, households
surveyor    own kelurahan                 no (least privilege) adds households, waste
planner     every kelurahan               only when granted    nothing
public      boundaries, verified plots,   no                   nothing
            waste facilities

Boundaries are public to all; only the city admin changes them.
"""

from dataclasses import dataclass

from . import layers
from .models import RT, RW, Kecamatan, Kelurahan, Role

BOUNDARY_MODELS = (Kecamatan, Kelurahan, RW, RT)
PUBLIC = None


@dataclass(frozen=True)
class Access:
    role: str | None
    kelurahan_id: int | None = None
    personal_granted: bool = False

    @property
    def is_admin(self):
        return self.role == Role.CITY_ADMIN

    @property
    def sees_every_kelurahan(self):
        return self.role in (Role.CITY_ADMIN, Role.PLANNER)


def access_for(user):
    if user is None or not user.is_authenticated or not user.is_active:
        return Access(PUBLIC)
    if user.is_superuser:
        return Access(Role.CITY_ADMIN)
    profile = getattr(user, "profile", None)
    if profile is None:
        return Access(PUBLIC)
    return Access(profile.role, profile.kelurahan_id, profile.personal_data_granted)


def role_of(user):
    return access_for(user).role


def _kelurahan_id_of(obj):
    if isinstance(obj, Kelurahan):
        return obj.pk
    return getattr(obj, "kelurahan_id", None)


def visible(user, queryset):
    """The part of ``queryset`` the user may see: a lurah or surveyor sees their
    own kelurahan and, like everybody, what is public elsewhere (a logged-in
    user never sees less than the public). Which of its fields they see is
    ``shown_properties``'s and ``hidden_fields``' to decide."""
    access = access_for(user)
    model = queryset.model
    if model in BOUNDARY_MODELS or access.sees_every_kelurahan:
        return queryset
    public = queryset.public()
    if access.role in (Role.LURAH, Role.SURVEYOR):
        own = queryset.filter(kelurahan_id=access.kelurahan_id)
        return own | public
    return public


def in_scope(user, queryset):
    """The part of ``queryset`` the user works on: a lurah's or surveyor's own
    kelurahan; everything they may see for the other roles. Exports, summaries
    and searches cover this, so a lurah's file holds their kelurahan only."""
    access = access_for(user)
    if access.role in (Role.LURAH, Role.SURVEYOR) and (
        queryset.model not in BOUNDARY_MODELS
    ):
        return queryset.filter(kelurahan_id=access.kelurahan_id)
    return visible(user, queryset)


def may_change(user, obj):
    """Edit, move or delete an existing record: the city admin anything but
    nothing else changes boundaries; the lurah what lies in their kelurahan; a
    surveyor what they added to a layer surveyors add to, until the lurah has
    verified it."""
    access = access_for(user)
    if access.is_admin:
        return True
    if isinstance(obj, BOUNDARY_MODELS):
        return False
    in_own = access.kelurahan_id is not None and (
        _kelurahan_id_of(obj) == access.kelurahan_id
    )
    if access.role == Role.LURAH:
        return in_own
    if access.role == Role.SURVEYOR:
        layer = layers.for_model(type(obj))
        return (
            bool(layer and layer.surveyor_adds)
            and in_own
            and _added_by(obj, user)
            and not getattr(obj, "is_verified", False)
        )
    return False


def _added_by(obj, user):
    """A record the user created (on the map) or surveyed (uploaded)."""
    return user.pk is not None and user.pk in {
        getattr(obj, "created_by_id", None),
        getattr(obj, "surveyor_id", None),
    }


def may_verify(user, obj):
    """Mark a record a surveyor added as checked, once: whoever may change it
    but the surveyor (the lurah of its kelurahan and the city admin)."""
    access = access_for(user)
    if not hasattr(obj, "verified_at") or access.role == Role.SURVEYOR:
        return False
    return not obj.is_verified and may_change(user, obj)


def reviewer_values(user, model):
    """{field: values} this user may not give a record of ``model``: the
    values models list in ``REVIEWED_VALUES`` (a reported spot verified or
    cleared) are the lurah's and the city admin's call, not a surveyor's."""
    if access_for(user).role != Role.SURVEYOR:
        return {}
    return dict(getattr(model, "REVIEWED_VALUES", {}))


def reserved_change(user, obj, before=None):
    """(field, value) when saving ``obj`` would give or take away a value
    reserved for a reviewer (``reviewer_values``): a surveyor may not mark a
    spot verified, nor undo the lurah's verified. ``before``: the stored
    values by field name, None for a record not stored yet. None when the
    change touches no reserved value."""
    for name, values in reviewer_values(user, type(obj)).items():
        new = getattr(obj, name)
        old = None if before is None else before.get(name)
        if new != old and (new in values or old in values):
            return name, new if new in values else old
    return None


def holds_reserved(user, obj):
    """(field, value) when ``obj`` holds a value the user may not give, so is
    not theirs to delete either; else None."""
    for name, values in reviewer_values(user, type(obj)).items():
        if getattr(obj, name) in values:
            return name, getattr(obj, name)
    return None


def may_add(user, model, kelurahan):
    """Add a record of ``model`` in ``kelurahan`` (drawn, typed or uploaded);
    ``kelurahan`` is None when the place lies outside every kelurahan."""
    access = access_for(user)
    if access.is_admin:
        return True
    if model in BOUNDARY_MODELS or kelurahan is None:
        return False
    if access.role == Role.LURAH:
        return kelurahan.pk == access.kelurahan_id
    if access.role == Role.SURVEYOR:
        layer = layers.for_model(model)
        return bool(layer and layer.surveyor_adds) and (
            kelurahan.pk == access.kelurahan_id
        )
    return False


def may_see_personal(user, kelurahan_id=None):
    """Personal data (UU 27/2022) of records in ``kelurahan_id``; with None, of
    records in every kelurahan."""
    access = access_for(user)
    if access.is_admin:
        return True
    if access.role == Role.PLANNER:
        return access.personal_granted
    if access.role == Role.LURAH:
        return kelurahan_id is not None and kelurahan_id == access.kelurahan_id
    return False


def personal_fields(model):
    return tuple(getattr(model, "PERSONAL_FIELDS", ()))


def hidden_fields(user, model, kelurahan_id=None):
    """The fields of ``model`` to leave out for this user."""
    if may_see_personal(user, kelurahan_id):
        return frozenset()
    return frozenset(personal_fields(model))


def personal_scope(user):
    """Whose personal data the user may see: ALL of it, NONE, or that of one
    kelurahan (its id)."""
    access = access_for(user)
    if may_see_personal(user, None):
        return ALL
    if access.role == Role.LURAH and access.kelurahan_id is not None:
        return access.kelurahan_id
    return NONE


ALL, NONE = "all", "none"


def rows_with_personal_data(user, queryset, count, *, ids=None):
    """Of ``count`` rows of ``queryset`` read (those with ``ids``, when given),
    how many showed personal fields: all of them, or for a lurah reading
    beyond their kelurahan, their own. The ids narrow the queryset only when
    it is counted: building ``pk__in`` over a page of 1,000 ids costs 1.5 ms."""
    scope = personal_scope(user)
    if scope == NONE:
        return 0
    if scope == ALL:
        return count
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    return queryset.filter(kelurahan_id=scope).count()


def shown_properties(user, model, properties):
    """``properties`` (output name → field path or expression) for a list the
    user reads, row by row: personal fields dropped for a user who may see none,
    kept for one who may see all, and for a lurah reading beyond their
    kelurahan (public records elsewhere) emptied on the rows of other
    kelurahan, in the same SQL."""
    from django.db.models import Case, F, Value, When

    personal = set(personal_fields(model))
    scope = personal_scope(user)
    if scope == ALL or not personal & set(properties):
        return dict(properties)
    if scope == NONE:
        return {k: v for k, v in properties.items() if k not in personal}
    shown = {}
    for name, path in properties.items():
        if name in personal:
            value = F(path) if isinstance(path, str) else path
            path = Case(When(kelurahan_id=scope, then=value), default=Value(None))
        shown[name] = path
    return shown


EXPORTING_ROLES = frozenset({Role.CITY_ADMIN, Role.PLANNER, Role.LURAH})


def may_export(user, model):
    if model in BOUNDARY_MODELS:
        return True
    return access_for(user).role in EXPORTING_ROLES


def scope_kelurahan(user):
    """The kelurahan the user works in, or None for every kelurahan or none."""
    return access_for(user).kelurahan_id


def may_view_import(user, survey_import):
    """A survey upload (its preview, report and rejected rows): the uploader,
    the city admin and the lurah of its kelurahan."""
    access = access_for(user)
    if access.is_admin:
        return True
    if access.role is not PUBLIC and survey_import.user_id == user.pk:
        return True
    return access.role == Role.LURAH and (
        survey_import.kelurahan_id == access.kelurahan_id
    )


def viewable_imports(user, queryset):
    """The part of a SurveyImport ``queryset`` that may_view_import allows:
    the list of uploads to review or come back to."""
    from django.db.models import Q

    access = access_for(user)
    if access.is_admin:
        return queryset
    if access.role is PUBLIC:
        return queryset.none()
    allowed = Q(user_id=user.pk)
    if access.role == Role.LURAH:
        allowed |= Q(kelurahan_id=access.kelurahan_id)
    return queryset.filter(allowed)


def hidden_in_export(user, model, kelurahan_id=None):
    """The fields of ``model`` to leave out of an export of what the user sees
    in ``kelurahan_id``, or with None, of everything they see: a lurah sees only
    their own kelurahan, so all of their export is of it."""
    if kelurahan_id is None:
        kelurahan_id = scope_kelurahan(user)
    return hidden_fields(user, model, kelurahan_id)


def stand_in(role):
    """An unsaved user holding ``role`` with no grant: whom a command run on
    nobody's behalf acts as (``export_layer`` without ``--user`` exports what a
    planner sees)."""
    from django.contrib.auth import get_user_model

    from .models import Profile

    user = get_user_model()(username=f"({role})")
    user.profile = Profile(role=role)
    return user


def may_open_kelurahan_map(user, kelurahan):
    """The working map of a kelurahan (/peta/): its own lurah and surveyors,
    and the roles that see every kelurahan."""
    access = access_for(user)
    if access.sees_every_kelurahan:
        return True
    return access.role in (Role.LURAH, Role.SURVEYOR) and (
        kelurahan.pk == access.kelurahan_id
    )


def may_upload(user):
    """Whether the upload page is for this user at all (which kelurahan and
    layers follow from may_add)."""
    return access_for(user).role in (Role.CITY_ADMIN, Role.LURAH, Role.SURVEYOR)


def may_see_import_rows(user, survey_import):
    """The cells of an upload's rows (column samples, the rejected-rows CSV):
    the uploader and the city admin. A file may hold people of other kelurahan,
    so the lurah of the upload's kelurahan sees counts and reasons only."""
    access = access_for(user)
    return access.is_admin or (
        access.role is not PUBLIC and survey_import.user_id == user.pk
    )


def is_boundary(model):
    return model in BOUNDARY_MODELS


def may_export_in(user, model, kelurahan_id):
    """Exporting ``model`` narrowed to ``kelurahan_id``: a lurah only their own
    (another's would come out empty, which reads like an answer)."""
    if model in BOUNDARY_MODELS or kelurahan_id is None:
        return may_export(user, model)
    access = access_for(user)
    if access.sees_every_kelurahan:
        return may_export(user, model)
    return may_export(user, model) and access.kelurahan_id == kelurahan_id


def may_summarise(user):
    """Totals per RT come from single homes, so they go to those who may export
    them: the roles that export any layer but the boundaries."""
    return access_for(user).role in EXPORTING_ROLES


def may_read_history(user, model, state, current=None):
    """The revisions of a feature, whose snapshots hold every field: for those
    who may change it as it is now (``current``), or, once deleted, as its last
    snapshot ``state`` left it."""
    if current is None:
        props = state["properties"]
        current = model(kelurahan_id=props.get("kelurahan_id"))
    return may_change(user, current)


def visibility_scope(user):
    """A key naming what ``visible`` (and ``may_see_rt_totals``) gives this
    user: users with the same key see the same features of every layer, so the
    tile cache and the compiled tile statements are shared under it. A rule
    that reads anything else of the user must be named here too
    (tests/access/test_scopes.py)."""
    access = access_for(user)
    if access.sees_every_kelurahan:
        return "all"
    if access.role in (Role.LURAH, Role.SURVEYOR):
        return f"kelurahan-{access.kelurahan_id}"
    return "public"


def read_scope(user):
    """A key naming what a list read returns for this user: which features
    (``visibility_scope``) and whose personal fields (``personal_scope``).
    Users with the same key read the same rows and fields, so a statement
    compiled for one of them (ogc.features) may serve the others
    (tests/access/test_scopes.py)."""
    return f"{visibility_scope(user)}:{personal_scope(user)}"


def may_see_rt_totals(user):
    """Households counted per RT are aggregates, public like the other
    statistics: the public map shows them where it may not show homes, each
    count under PUBLIC_MIN_COUNT withheld."""
    return True


# Counts of fewer households than this are withheld from the public ("<5"), as
# the Perda dashboard withholds them (perda/disclosure.py): "2 households" in
# an RT points at neighbours.
PUBLIC_MIN_COUNT = 5


# The Perda dashboard (perda/). Its figures are totals, but totals of few
# households point at single homes, so the full dashboard follows who may see
# a kelurahan's households; everyone else gets the public version, with small
# counts suppressed and no single record.
def may_see_dashboard(user, kelurahan):
    """The full dashboard of ``kelurahan``: the city admin and planners for
    every kelurahan, a lurah or surveyor for their own."""
    access = access_for(user)
    if access.sees_every_kelurahan:
        return True
    return access.role in (Role.LURAH, Role.SURVEYOR) and (
        kelurahan.pk == access.kelurahan_id
    )


def may_see_city_dashboard(user):
    """Every kelurahan's RTs side by side, unsuppressed: city admin, planner."""
    return access_for(user).sees_every_kelurahan


def may_see_rt_records(user, kelurahan):
    """The records behind an RT's warning (households too far from a facility,
    open dumps, unverified plots) on the dashboard map."""
    return may_see_dashboard(user, kelurahan)


def may_see_report_personal(user, kelurahan):
    """The monthly report with names, addresses and plot owners: whoever may
    see the kelurahan's personal data (lurah of it, city admin, granted
    planner). Everyone else gets a report without them."""
    return may_see_dashboard(user, kelurahan) and may_see_personal(user, kelurahan.pk)


def may_change_thresholds(user):
    """The early-warning thresholds hold for the whole city: the city admin's."""
    return access_for(user).is_admin


def may_upload_raster(user, kelurahan):
    """An orthophoto, land-cover or NDVI raster of ``kelurahan``: the city
    admin and that kelurahan's lurah."""
    access = access_for(user)
    if access.is_admin:
        return True
    return (
        access.role == Role.LURAH
        and kelurahan is not None
        and kelurahan.pk == access.kelurahan_id
    )


def may_remove_raster(user, raster):
    """Removing a raster (a wrong or superseded upload) with the statistics
    and the candidates awaiting review drawn from it: whoever may add rasters
    to its kelurahan."""
    return may_upload_raster(user, raster.kelurahan)


def may_follow_raster_upload(user, upload):
    """How a raster sent through the page is getting on (waiting, being
    checked, kept, or the reason it was refused): whoever may add rasters to
    its kelurahan, so its sender while they still may."""
    return may_upload_raster(user, upload.kelurahan)


def may_see_rasters(user, kelurahan):
    """The rasters of ``kelurahan`` (tiles, legend, the statistics drawn from
    them, candidate idle land): as its other non-public layers, so everyone
    who sees its households' layer, and the public nothing (an orthophoto
    shows every yard). ``visible`` on a raster queryset answers the same."""
    access = access_for(user)
    if access.sees_every_kelurahan:
        return True
    if access.role in (Role.LURAH, Role.SURVEYOR):
        return kelurahan is not None and kelurahan.pk == access.kelurahan_id
    return False


def may_review_candidates(user, kelurahan):
    """Searching a kelurahan's rasters for idle land and accepting or
    dismissing what they suggest: its lurah and the city admin, who answer
    for its idle plots (Perda 1/2018)."""
    return may_upload_raster(user, kelurahan)
