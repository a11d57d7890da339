"""Exporting a layer, or every layer, to the files planners open in QGIS, ArcGIS,
Google Earth and spreadsheets. The export page and ``manage.py export_layer``
both call ``layer_export``.

PostGIS selects, reprojects and encodes the rows; they stream from a server-side
cursor to GDAL in batches, so memory stays flat however large the layer. What a
user gets, personal fields included, is decided by spatial.permissions. Every
export is logged, and so is each read of personal data (UU 27/2022)."""

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.gis.db.models.functions import AsWKB, Transform
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    F,
    Func,
    IntegerField,
    Max,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from exports.models import ExportLog
from spatial import layers, permissions
from spatial.errors import InvalidInput, NotFound, NotPermitted
from spatial.io.writers import FORMATS, Column, Layer, write_layers
from spatial.layers.export import POINT_POSITION, Attribute, ExportLayer
from spatial.measure import UTM_48S, WGS84
from spatial.models import RT, Kelurahan, PersonalDataAccess

ALL_LAYERS = "all"
SRIDS = (WGS84, UTM_48S)
# Rows per FETCH from the server-side cursor and per batch handed to GDAL;
# larger batches were no faster (bench/bench_export.py).
BATCH_ROWS = 5_000


@dataclass
class Export:
    path: Path
    filename: str
    content_type: str
    features: dict[str, int]
    personal_data: bool
    temporary: bool = False

    def open_for_download(self):
        """The file, open for reading. A temporary one loses its name at once,
        so its space returns as soon as the response closes it."""
        handle = open(self.path, "rb")  # noqa: SIM115 - the response closes it
        if self.temporary:
            shutil.rmtree(self.path.parent)
        return handle


@dataclass(frozen=True)
class Filters:
    kelurahan: Kelurahan | None = None
    rt: RT | None = None
    status: str | None = None
    srid: int = WGS84

    @property
    def kelurahan_id(self):
        if self.kelurahan:
            return self.kelurahan.pk
        return self.rt.rw.kelurahan_id if self.rt else None

    def as_log(self):
        given = {
            "kelurahan": self.kelurahan.slug if self.kelurahan else None,
            "rt": self.rt.code if self.rt else None,
            "status": self.status,
        }
        return {**{k: v for k, v in given.items() if v}, "srid": self.srid}


@dataclass(frozen=True)
class _Plan:
    """One layer of an export: the rows the user may see, and their columns."""

    spec: ExportLayer
    queryset: QuerySet
    attributes: list[Attribute]
    personal: bool


def layer_export(
    *,
    user,
    layer: str,
    format: str,
    out: Path | str | None = None,
    kelurahan: str | None = None,
    rt: str | None = None,
    status: str | None = None,
    srid: int = WGS84,
) -> Export:
    """Write ``layer`` (or ``"all"`` layers, into one GeoPackage) as ``user``
    may see it, narrowed to a kelurahan (slug), an RT (code) or a status, in
    EPSG:4326 or 32748, to ``out`` or to a temporary file. Everything is
    checked before a byte is written; all rows come from one snapshot."""
    fmt = _format(format, srid)
    specs = _layers(user, layer, fmt)
    filters = _filters(specs, kelurahan=kelurahan, rt=rt, status=status, srid=srid)
    plans = [_plan(user, spec, filters, fmt) for spec in specs]
    _check_size(plans, fmt)
    filename = _filename(layer, filters, fmt, user)
    path = output_path(out, filename)
    try:
        with transaction.atomic():
            _without_jit()
            counts = write_layers(
                path,
                [_writer_layer(plan, filters, fmt) for plan in plans],
                format=fmt.name,
                about=_about(user, filters),
            )
            _log(user, plans, counts, fmt, filters)
    except BaseException:
        discard(path, temporary=out is None)
        raise
    return Export(
        path=path,
        filename=filename,
        content_type=fmt.content_type,
        features=counts,
        personal_data=any(plan.personal for plan in plans),
        temporary=out is None,
    )


def output_path(out, filename):
    """Where an export goes: ``out`` (replaced if it exists), or ``filename``
    in a new private temporary folder."""
    if out:
        path = Path(out)
        path.unlink(missing_ok=True)
        return path
    return Path(tempfile.mkdtemp(prefix="wakuncar-export-")) / filename


def discard(path, *, temporary):
    """Remove what a failed export left behind."""
    if temporary:
        shutil.rmtree(path.parent, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def exportable_layers(user):
    """The names of the layers ``user`` may export, in catalogue order."""
    return [
        name
        for name, spec in layers.exported().items()
        if permissions.may_export(user, spec.model)
    ]


def exports_boundaries_only(user):
    """Whether a logged-in user's role exports the boundaries alone (a
    surveyor): the page says so rather than leave them guessing."""
    return user.is_authenticated and all(
        permissions.is_boundary(spec.model)
        for name, spec in layers.exported().items()
        if name in exportable_layers(user)
    )


def _format(name, srid):
    if name not in FORMATS:
        raise InvalidInput(
            _("Unknown format %(name)s; choose one of %(formats)s.")
            % {"name": name, "formats": ", ".join(FORMATS)}
        )
    fmt = FORMATS[name]
    if srid not in SRIDS:
        raise InvalidInput(
            _("Export in EPSG:4326 (WGS 84) or EPSG:32748 (UTM 48S), not %(srid)s.")
            % {"srid": srid}
        )
    if fmt.wgs84_only and srid != WGS84:
        raise InvalidInput(_("KML is always in WGS 84 (EPSG:4326)."))
    return fmt


def _layers(user, name, fmt):
    known = layers.exported()
    if name == ALL_LAYERS:
        if not fmt.several_layers:
            raise InvalidInput(_("Only a GeoPackage holds every layer in one file."))
        return [known[n] for n in exportable_layers(user)]
    if name not in known:
        raise InvalidInput(
            _("Unknown layer %(name)s; choose one of %(layers)s.")
            % {"name": name, "layers": ", ".join(known)}
        )
    spec = known[name]
    if not permissions.may_export(user, spec.model):
        raise NotPermitted(
            _("You may not export %(layer)s.")
            % {"layer": spec.model._meta.verbose_name_plural}
        )
    return [spec]


def _filters(specs, *, kelurahan, rt, status, srid):
    if len(specs) > 1 and (rt or status):
        raise InvalidInput(_("Narrow to an RT or a status one layer at a time."))
    for spec in specs:
        if rt and not spec.rt_lookup:
            raise InvalidInput(
                _("The %(layer)s layer cannot be narrowed to an RT.")
                % {"layer": spec.name}
            )
        if status and status not in spec.statuses:
            raise InvalidInput(
                _("%(layer)s has no status %(status)s.")
                % {"layer": spec.name, "status": status}
            )
    return Filters(
        kelurahan=_kelurahan(kelurahan) if kelurahan else None,
        rt=_rt(rt) if rt else None,
        status=status or None,
        srid=srid,
    )


def _kelurahan(slug):
    found = Kelurahan.objects.filter(slug=slug).first()
    if found is None:
        raise NotFound(_("There is no kelurahan %(slug)s.") % {"slug": slug})
    return found


def _rt(code):
    found = RT.objects.select_related("rw").filter(code=code).first()
    if found is None:
        raise NotFound(_("There is no RT with code %(code)s.") % {"code": code})
    return found


def _plan(user, spec, filters, fmt):
    if not permissions.may_export_in(user, spec.model, filters.kelurahan_id):
        raise NotPermitted(
            _("You may not export %(layer)s of Kelurahan %(kelurahan)s.")
            % {
                "layer": spec.model._meta.verbose_name_plural,
                "kelurahan": (filters.kelurahan or filters.rt.rw.kelurahan).name,
            }
        )
    queryset = permissions.in_scope(user, spec.model.objects.all())
    if filters.kelurahan:
        queryset = queryset.filter(**{spec.kelurahan_lookup: filters.kelurahan.slug})
    if filters.rt:
        queryset = queryset.filter(**{spec.rt_lookup: filters.rt.code})
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    for prepare in spec.prepare:
        prepare(queryset)
    hidden = permissions.hidden_in_export(user, spec.model, filters.kelurahan_id)
    attributes = with_choice_labels(
        spec, [a for a in spec.attributes if a.name not in hidden]
    )
    if fmt.tabular and spec.geometry_type == "Point":
        attributes += POINT_POSITION
    personal = set(permissions.personal_fields(spec.model))
    return _Plan(
        spec,
        queryset,
        attributes,
        personal=any(a.name in personal for a in attributes),
    )


def _choices(spec, attribute):
    """The model field's choices when the attribute holds that field's code."""
    if attribute.source is not None and attribute.source != attribute.name:
        return ()
    try:
        field = spec.model._meta.get_field(attribute.name)
    except FieldDoesNotExist:
        return ()
    return tuple(field.choices or ())


def with_choice_labels(spec, attributes):
    """Beside each column holding a code (status, kind, …) a column with its
    label in the export's language, so QGIS and a spreadsheet read
    "Terverifikasi" where the code says "verified"."""
    labelled = []
    for attribute in attributes:
        labelled.append(attribute)
        choices = _choices(spec, attribute)
        if not choices:
            continue
        whens = [
            When(Q(**{attribute.name: code}), then=Value(str(label)))
            for code, label in choices
        ]
        base = (attribute.short or attribute.name)[:6].rstrip("_")
        labelled.append(
            Attribute(
                f"{attribute.name}_label",
                "str",
                Case(*whens, default=Value(None), output_field=CharField()),
                short=f"{base}_lbl",
                label=_label_of(spec.label(attribute)),
            )
        )
    return labelled


def in_languages(text):
    """``text`` (a lazy translation) in each language of the site, for the
    field dictionary."""
    labels = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            labels.append((language, str(text)))
    return tuple(labels)


def _label_of(field_label):
    return lazy(lambda: _("%(field)s (label)") % {"field": field_label}, str)()


def _check_size(plans, fmt):
    for plan in plans:
        if fmt.max_rows and plan.queryset.count() > fmt.max_rows:
            raise InvalidInput(
                _(
                    "%(layer)s has more rows than a spreadsheet holds (%(max)s); "
                    "export it as CSV or GeoPackage."
                )
                % {"layer": plan.spec.name, "max": fmt.max_rows}
            )


def _writer_layer(plan, filters, fmt):
    widths = _text_widths(plan) if fmt.fixed_width else {}
    columns = tuple(
        Column(
            a.name,
            a.type,
            label=plan.spec.label(a),
            short=a.short,
            width=widths.get(a.name, 0),
            labels=in_languages(plan.spec.label(a)),
            codes=tuple(
                (code, in_languages(label)) for code, label in _choices(plan.spec, a)
            ),
        )
        for a in plan.attributes
    )
    rows = plan.queryset.values_list(
        AsWKB(_geometry(plan.spec.model, filters.srid)),
        *(a.expression for a in plan.attributes),
    )
    return Layer(
        plan.spec.name,
        columns,
        _batches(rows),
        geometry_type=plan.spec.geometry_type,
        srid=filters.srid,
    )


def _geometry(model, srid):
    if model._meta.get_field("geom").srid == srid:
        return F("geom")
    return Transform("geom", srid)


def _without_jit():
    # PostGIS declares ST_Transform costly, which lifts the plan's estimate past
    # jit_above_cost: PostgreSQL then spent 1.2 s compiling a query that runs
    # in 0.3 s (100,000 households). For this transaction only.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")


def _text_widths(plan):
    """The longest value of each text column in bytes: a dBASE field has a
    fixed width, and this one measuring query is cheaper than padding every
    field or letting GDAL widen a field by rewriting the whole file."""
    texts = [a for a in plan.attributes if a.type == "str"]
    measured = plan.queryset.aggregate(
        **{
            f"w{i}": Max(
                Func(a.expression, function="octet_length", output_field=IntegerField())
            )
            for i, a in enumerate(texts)
        }
    )
    return {a.name: measured[f"w{i}"] or 0 for i, a in enumerate(texts)}


def _batches(rows):
    # Django's .iterator() would hand rows over one by one; GDAL takes batches.
    # Inside the export's transaction the cursor is not WITH HOLD, so the
    # server streams it rather than materialising the whole result first.
    sql, params = rows.query.sql_with_params()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(BATCH_ROWS):
            yield batch


def _about(user, filters):
    who = user.get_username() or _("the public")
    narrowed = ", ".join(f"{k}={v}" for k, v in filters.as_log().items())
    return [
        _("Exported from Wakuncar GIS by %(who)s at %(at)s WIB.")
        % {"who": who, "at": timezone.localtime().strftime("%Y-%m-%d %H:%M")},
        _("Filters: %(filters)s.") % {"filters": narrowed},
    ]


def _log(user, plans, counts, fmt, filters):
    # The anonymous public and the command line's stand-in have no user row.
    who = user if user.pk else None
    for plan in plans:
        features = counts[plan.spec.name]
        fields = [a.name for a in plan.attributes]
        ExportLog.objects.create(
            user=who,
            layer=plan.spec.name,
            format=fmt.name,
            filters=filters.as_log(),
            fields=fields,
            personal_data=plan.personal,
            features=features,
        )
        if plan.personal:
            personal = permissions.personal_fields(plan.spec.model)
            PersonalDataAccess.objects.create(
                user=who,
                model=plan.spec.model._meta.label,
                kelurahan_id=filters.kelurahan_id or permissions.scope_kelurahan(user),
                channel="export",
                records=features,
                detail=f"{plan.spec.name}.{fmt.name}: "
                + ", ".join(f for f in fields if f in personal),
            )


def _filename(layer, filters, fmt, user):
    # A lurah's file holds their kelurahan (permissions.in_scope) even unasked.
    own = Kelurahan.objects.filter(pk=permissions.scope_kelurahan(user)).first()
    scope = own.slug if own else "kota-metro"
    if filters.kelurahan:
        scope = filters.kelurahan.slug
    if filters.rt:
        scope = "rt-" + filters.rt.code.replace(".", "-")
    name = "wakuncar" if layer == ALL_LAYERS else layer
    # The day in Kota Metro (WIB), not in UTC: past 17:00 UTC it is tomorrow.
    return f"{name}-{scope}-{timezone.localdate():%Y%m%d}{fmt.suffix}"
