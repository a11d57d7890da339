"""Editing features on the map (idle plots, waste points, households) and in the
admin: permission, optimistic locking, validation and a revision, in one
transaction. Whoever saves over a changed feature gets a Conflict, never a
silent overwrite. Permission is asked again of the feature as validated: a
household takes its kelurahan from the RT its point falls in, so moving it
elsewhere must still be the user's to do."""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from spatial import permissions
from spatial.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    NotPermitted,
    PreconditionRequired,
    field_invalid,
)
from spatial.models import Kelurahan, Revision
from spatial.selectors import kelurahan_covering

# First key of the advisory locks that serialise shape edits per kelurahan
# (spatial.services.surveys holds 41_872 and 41_873).
EDIT_LOCK_NAMESPACE = 41_874

# Kept by the system, not part of a feature's state to restore.
BOOKKEEPING = {
    "id",
    "version",
    "created_at",
    "updated_at",
    "created_by",
    "updated_by",
    "area_m2",
    "rt",
    "survey_import",
    "verified_at",
    "verified_by",
}


def snapshot(instance):
    """The feature as GeoJSON: geometry and every attribute a user can set,
    and apart from them (restoring a deleted feature brings it back) whether
    the lurah had verified it."""
    props = {
        field.attname: getattr(instance, field.attname)
        for field in type(instance)._meta.concrete_fields
        if field.name not in BOOKKEEPING and field.name != "geom"
    }
    state = {
        "geometry": json.loads(instance.geom.geojson),
        "properties": json.loads(json.dumps(props, cls=DjangoJSONEncoder)),
        "version": instance.version,
    }
    if hasattr(instance, "verified_at"):
        state["verified"] = json.loads(
            json.dumps(
                {"at": instance.verified_at, "by": instance.verified_by_id},
                cls=DjangoJSONEncoder,
            )
        )
    return state


def record_revision(*, instance, action, user, before, after, via):
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        action=action,
        version=instance.version,
        user=user if user and user.is_authenticated else None,
        before=before,
        after=after,
        via=via,
    )


def feature_create(*, user, model, geom, attrs, via="map"):
    instance = model(geom=geom, **attrs)
    if not instance.kelurahan_id:
        # An invalid shape has no reliable point on its surface; full_clean
        # explains the shape, so only a valid one is placed here.
        found = kelurahan_covering(geom.point_on_surface) if geom.valid else None
        instance.kelurahan_id = permissions.scope_kelurahan(user) or getattr(
            found, "pk", None
        )
    kelurahan = instance.kelurahan if instance.kelurahan_id else None
    if not permissions.may_add(user, model, kelurahan):
        raise NotPermitted(
            _("You may not add %(what)s here.") % {"what": model._meta.verbose_name}
        )
    with transaction.atomic():
        lock_kelurahan_edits(geom=geom, kelurahan_ids=[instance.kelurahan_id])
        instance.created_by = user
        _save_recorded(
            instance, user=user, action=Revision.Action.CREATE, before=None, via=via
        )
    return instance


def feature_update(*, user, model, pk, expected_version, attrs, geom=None, via="map"):
    with transaction.atomic():
        instance = _locked(user, model, pk)
        _check_version(user, instance, expected_version)
        before = snapshot(instance)
        old_kelurahan_id = instance.kelurahan_id
        for name, value in attrs.items():
            setattr(instance, name, value)
        if geom is not None:
            instance.geom = geom
        lock_kelurahan_edits(
            geom=instance.geom,
            kelurahan_ids=[old_kelurahan_id, instance.kelurahan_id],
        )
        instance.version += 1
        _save_recorded(
            instance, user=user, action=Revision.Action.UPDATE, before=before, via=via
        )
    return instance


def feature_delete(*, user, model, pk, expected_version, via="map"):
    with transaction.atomic():
        instance = _locked(user, model, pk)
        _check_version(user, instance, expected_version)
        reserved = permissions.holds_reserved(user, instance)
        if reserved:
            raise _reserved(model, *reserved)
        before = snapshot(instance)
        record_revision(
            instance=instance,
            action=Revision.Action.DELETE,
            user=user,
            before=before,
            after=None,
            via=via,
        )
        instance.delete()
        forget_personal_history(model=model, pk=pk)


def forget_personal_history(*, model, pk):
    """Once a record with personal fields (UU 27/2022) is deleted, its history
    keeps no trace of them: the values of ``model.PERSONAL_FIELDS`` leave the
    before and after states of all its revisions, the delete's own included.
    Shapes and other attributes stay, so the history still reads; a restore
    brings the record back without them. Returns the revisions changed."""
    fields = list(permissions.personal_fields(model))
    if not fields:
        return 0
    strip = (
        "CASE WHEN {col} ? 'properties' THEN jsonb_set({col}, '{{properties}}', "
        "({col} -> 'properties') - %s::text[]) ELSE {col} END"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Revision._meta.db_table} SET "  # noqa: S608 - our own names
            f"before = {strip.format(col='before')}, "
            f"after = {strip.format(col='after')} "
            "WHERE content_type_id = %s AND object_id = %s",
            [fields, fields, ContentType.objects.get_for_model(model).pk, pk],
        )
        return cursor.rowcount


def feature_verify(*, user, model, pk, expected_version, via="map"):
    """The lurah has checked a record a surveyor added: from now on the
    surveyor may no longer change it."""
    with transaction.atomic():
        instance = _locked(user, model, pk)
        if not permissions.may_verify(user, instance):
            raise NotPermitted(_("You may not verify %(obj)s.") % {"obj": instance})
        _check_version(user, instance, expected_version)
        before = snapshot(instance)
        instance.verified_at = timezone.now()
        instance.verified_by = user
        instance.version += 1
        _save_recorded(
            instance, user=user, action=Revision.Action.UPDATE, before=before, via=via
        )
    return instance


def feature_history(*, user, model, pk):
    """The revisions of a feature, newest first; none yet for one imported or
    loaded and never edited since."""
    revisions = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=pk
    ).select_related("user")
    latest = revisions.first()
    current = model.objects.filter(pk=pk).first()
    if latest is None and current is None:
        raise NotFound(_("No history for this feature."))
    state = (latest.after or latest.before) if latest else None
    if not permissions.may_read_history(user, model, state, current):
        raise NotFound(_("No history for this feature."))
    return revisions


def feature_restore(*, user, model, pk, revision_id, expected_version=None, via="map"):
    """Bring back the state a feature had right after ``revision_id``: as a new
    version when it exists (which needs the version being replaced, as any
    edit does), re-created under its old id when it was deleted."""
    history = feature_history(user=user, model=model, pk=pk)
    revision = history.filter(pk=revision_id).first()
    if revision is None:
        raise NotFound(_("No such revision of this feature."))
    state = revision.after or revision.before
    with transaction.atomic():
        if model.objects.filter(pk=pk).exists():
            instance = _locked(user, model, pk)
            if expected_version is None:
                raise PreconditionRequired(
                    _("Send the version you are replacing in If-Match.")
                )
            _check_version(user, instance, expected_version)
            before = snapshot(instance)
        else:
            _check_restorable(model, pk, state)
            latest = history.first()
            instance = model(pk=pk, version=latest.version, created_by=user)
            # Deleted as verified, it comes back verified: the chosen state
            # says what it held, not whether the lurah had checked it.
            _reverify(instance, (latest.before or latest.after).get("verified"))
            before = None
        for name, value in state["properties"].items():
            setattr(instance, name, value)
        instance.geom = _geometry(state["geometry"])
        if not permissions.may_change(user, instance):
            raise NotPermitted(_("You may not restore this feature."))
        lock_kelurahan_edits(geom=instance.geom, kelurahan_ids=[instance.kelurahan_id])
        instance.version += 1
        _save_recorded(
            instance,
            user=user,
            action=Revision.Action.RESTORE,
            before=before,
            via=via,
            validate_unique=False,
        )
    return instance


def _reverify(instance, verified):
    if verified and verified.get("at"):
        instance.verified_at = parse_datetime(verified["at"])
        instance.verified_by_id = verified.get("by")


def _check_restorable(model, pk, state):
    """A deleted record lost its personal fields (forget_personal_history);
    one that cannot exist without them is not brought back half-empty."""
    erased = [
        model._meta.get_field(name)
        for name in permissions.personal_fields(model)
        if name not in state["properties"]
    ]
    needed = [field for field in erased if not field.blank]
    if needed:
        raise InvalidInput(
            _(
                "%(what)s #%(id)s was deleted and its personal data (%(fields)s) "
                "erased with it, as UU 27/2022 asks; add it again instead."
            )
            % {
                "what": model._meta.verbose_name.capitalize(),
                "id": pk,
                "fields": ", ".join(str(f.verbose_name) for f in needed),
            }
        )


def lock_kelurahan_edits(*, geom, kelurahan_ids=()):
    """Hold, until the transaction ends, the edit lock of ``kelurahan_ids`` and
    of every kelurahan whose bounding box meets ``geom``'s. Rules across
    features (no two active plots overlap) are checked by reading what is
    stored; at READ COMMITTED two concurrent saves would each miss the other.
    Under this lock the second save's check sees the first save's row.

    Every write of a feature's shape or kelurahan takes it: this service (the
    map and API), the Django admin's forms, and imports. Must run inside
    ``transaction.atomic()``; keys are taken in ascending order, so two
    savers never wait for each other in a circle."""
    if not connection.in_atomic_block:
        raise RuntimeError("lock_kelurahan_edits() needs transaction.atomic()")
    ids = {pk for pk in kelurahan_ids if pk}
    if geom is not None:
        # The bounding-box operator (&&) also works on an invalid shape, which
        # full_clean goes on to explain.
        ids.update(
            Kelurahan.objects.filter(geom__bboverlaps=geom).values_list("pk", flat=True)
        )
    with connection.cursor() as cursor:
        for pk in sorted(ids):
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                [EDIT_LOCK_NAMESPACE, pk & 0x7FFFFFFF],
            )


def _save_recorded(instance, *, user, action, before, via, validate_unique=True):
    instance.updated_by = user
    try:
        instance.full_clean(validate_unique=validate_unique)
    except ValidationError as exc:
        raise _as_seen_by(user, type(instance), exc) from None
    _check_still_permitted(
        user, instance, created=action == Revision.Action.CREATE, before=before
    )
    instance.save()
    _refresh_generated(instance)
    record_revision(
        instance=instance,
        action=action,
        user=user,
        before=before,
        after=snapshot(instance),
        via=via,
    )


def _check_still_permitted(user, instance, *, created, before=None):
    """Validation may place a feature anew (a household's kelurahan follows
    its RT): the user must be allowed to have it where it now is."""
    model = type(instance)
    own = permissions.scope_kelurahan(user)
    if own is not None and instance.kelurahan_id != own:
        raise field_invalid(
            "geom",
            _("%(obj)s lies in Kelurahan %(found)s, outside yours."),
            code="outside_kelurahan",
            obj=instance,
            found=instance.kelurahan.name,
        )
    if created:
        allowed = permissions.may_add(user, model, instance.kelurahan)
    else:
        allowed = permissions.may_change(user, instance)
    if not allowed:
        raise NotPermitted(
            _("You may not put %(what)s in Kelurahan %(kelurahan)s.")
            % {"what": model._meta.verbose_name, "kelurahan": instance.kelurahan.name}
        )
    before_values = None if before is None else before["properties"]
    reserved = permissions.reserved_change(user, instance, before_values)
    if reserved:
        raise _reserved(model, *reserved)


def _reserved(model, field_name, value):
    field = model._meta.get_field(field_name)
    return NotPermitted(
        _(
            "Only the lurah or the city admin gives a %(what)s the %(field)s "
            "“%(value)s” or takes it away: that is theirs to check."
        )
        % {
            "what": model._meta.verbose_name,
            "field": field.verbose_name,
            "value": dict(field.choices or ()).get(value, value),
        }
    )


def _as_seen_by(user, model, exc):
    """An error may point at another feature (the plot a new one overlaps,
    within the boundary tolerance of a neighbouring kelurahan): its id and
    outline go only to a user who may see it."""
    for errors in getattr(exc, "error_dict", {}).values():
        for error in errors:
            params = error.params or {}
            other = params.get("overlaps")
            if other is None:
                continue
            seen = permissions.visible(user, model.objects.filter(pk=other))
            if not seen.exists():
                del params["overlaps"]
                params.pop("other_geometry", None)
                params["other"] = _("a plot of another kelurahan")
    return exc


def _geometry(geojson):
    from django.contrib.gis.geos import GEOSGeometry

    geom = GEOSGeometry(json.dumps(geojson))
    geom.srid = 4326
    return geom


def _locked(user, model, pk):
    # Lock the row so two saves of one version cannot both pass the check.
    visible = permissions.visible(user, model.objects.all())
    instance = visible.select_for_update(of=("self",)).filter(pk=pk).first()
    if instance is None:
        raise NotFound(
            _("%(what)s #%(id)s not found.")
            % {"what": model._meta.verbose_name.capitalize(), "id": pk}
        )
    if not permissions.may_change(user, instance):
        raise NotPermitted(_("You may not change %(obj)s.") % {"obj": instance})
    return instance


def _check_version(user, instance, expected_version):
    if instance.version != expected_version:
        raise Conflict(
            _(
                "%(obj)s was changed by %(user)s at %(at)s (version %(theirs)s; you "
                "edited version %(yours)s). Reload it or save yours over it."
            )
            % {
                "obj": instance,
                "user": instance.updated_by or _("someone else"),
                "at": timezone.localtime(instance.updated_at).strftime(
                    "%Y-%m-%d %H:%M"
                ),
                "theirs": instance.version,
                "yours": expected_version,
            },
            details=[{"current": _as_seen(user, instance), "id": instance.pk}],
        )


def _as_seen(user, instance):
    """The other version as ``user`` may read it: without the personal fields
    they may not see (a surveyor's conflict over a household the lurah has
    since completed)."""
    state = snapshot(instance)
    hidden = permissions.hidden_fields(user, type(instance), instance.kelurahan_id)
    props = state["properties"]
    state["properties"] = {k: v for k, v in props.items() if k not in hidden}
    return state


def _refresh_generated(instance):
    generated = [
        f.attname
        for f in type(instance)._meta.concrete_fields
        if getattr(f, "generated", False)
    ]
    if generated:
        instance.refresh_from_db(fields=generated)
