"""Importing administrative boundaries from any OGR format in any CRS."""

import re
from dataclasses import dataclass, field

import shapely
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from shapely.geometry import shape

from spatial.io.columns import find_column
from spatial.io.errors import FeatureErrors, FileError
from spatial.io.readers import read_vector
from spatial.measure import WGS84
from spatial.models import RT, RW, Kecamatan, Kelurahan
from spatial.topology import overlap_m2


@dataclass(frozen=True)
class Level:
    model: type
    parent: type | None
    name_columns: tuple
    code_columns: tuple
    numbered: bool = False


NAME_COLUMNS = ("name", "nama", "namobj")
CODE_COLUMNS = ("code", "kode", "kd", "id_kode")
LEVELS = {
    "kecamatan": Level(
        Kecamatan,
        None,
        (*NAME_COLUMNS, "wadmkc", "kecamatan"),
        (*CODE_COLUMNS, "kdcpum"),
    ),
    "kelurahan": Level(
        Kelurahan,
        Kecamatan,
        (*NAME_COLUMNS, "wadmkd", "desa", "kelurahan"),
        (*CODE_COLUMNS, "kdepum", "kode_kel", "kd_kel"),
    ),
    "rw": Level(RW, Kelurahan, (*NAME_COLUMNS, "rw"), CODE_COLUMNS, numbered=True),
    "rt": Level(RT, RW, (*NAME_COLUMNS, "rt"), CODE_COLUMNS, numbered=True),
}
NUMBER_COLUMNS = {
    "rw": ("number", "nomor", "no_rw", "rw"),
    "rt": ("number", "nomor", "no_rt", "rt"),
}


@dataclass
class BoundaryImport:
    level: str
    filename: str
    srid: int
    created: int = 0
    updated: int = 0
    notes: list = field(default_factory=list)
    dry_run: bool = False


@dataclass
class _Row:
    row: int
    unit: object
    label: str


def boundary_import(
    *,
    path,
    level,
    srid=None,
    layer=None,
    encoding=None,
    name_field=None,
    code_field=None,
    parent_field=None,
    dry_run=False,
):
    """Read every feature, check each one and the set together, then write all in
    one transaction, or nothing. Units are matched to existing ones by code."""
    spec = LEVELS[level]
    data = read_vector(path, layer=layer, srid=srid, encoding=encoding)
    report = BoundaryImport(level, data.filename, data.srid, dry_run=dry_run)
    columns = _columns(data, spec, level, name_field, code_field, parent_field)
    parents = _ParentIndex(spec.parent) if spec.parent else None
    errors, rows = [], []
    for feature in data.features:
        try:
            rows.append(
                _unit_from(feature, spec, level, columns, data.srid, report, parents)
            )
        except ValidationError as exc:
            errors.append({"row": feature.row, "reason": " ".join(exc.messages)})
    errors += _check_together(rows)
    if errors:
        raise FeatureErrors(
            data.filename,
            _("%(n)d of %(total)d features are wrong; nothing was imported")
            % {"n": len(errors), "total": len(data.features)},
            details=errors,
        )
    report.created = sum(1 for r in rows if r.unit.pk is None)
    report.updated = len(rows) - report.created
    if not dry_run:
        with transaction.atomic():
            for r in rows:
                r.unit.save()
    return report


def _columns(data, spec, level, name_field, code_field, parent_field):
    fields = list(data.fields)
    for given in (name_field, code_field, parent_field):
        if given and given not in fields:
            raise FileError(
                data.filename,
                _("has no column %(column)s; it has %(columns)s")
                % {"column": repr(given), "columns": ", ".join(fields)},
            )
    columns = {
        "name": name_field or find_column(fields, spec.name_columns),
        "code": code_field or find_column(fields, spec.code_columns),
        "parent": parent_field,
        "number": find_column(fields, NUMBER_COLUMNS.get(level, ())),
    }
    if not columns["name"] and not spec.numbered:
        raise FileError(
            data.filename,
            _("no name column found among %(columns)s; name it with --name-field")
            % {"columns": ", ".join(fields)},
        )
    return columns


def _unit_from(feature, spec, level, columns, srid, report, parents):
    props = feature.properties
    name = _text(props, columns["name"])
    label = name or _("feature %(row)d") % {"row": feature.row}
    geom = _multipolygon(feature, srid, label, report)
    parent = _parent(spec, props, columns, geom, label, parents)
    number = _number(props, columns, name) if spec.numbered else None
    code = _text(props, columns["code"])
    if not code:
        if not spec.numbered or parent is None:
            raise ValidationError(
                _("%(label)s: no official code; name the code column")
                % {"label": label}
            )
        code = f"{parent.code}.{number:03d}"
    unit = spec.model.objects.filter(code=code).first() or spec.model(code=code)
    unit.geom = geom
    if spec.numbered:
        unit.number = number
        unit.name = name or f"{level.upper()} {number:03d}"
        unit.slug = f"{level}-{number:03d}"
    else:
        unit.name = name
        unit.slug = slugify(name)
    if spec.parent:
        setattr(unit, unit.parent_field, parent)
    unit.clean_fields(exclude=["area_m2"])
    unit.validate_unique()
    return _Row(feature.row, unit, label)


def _text(props, column):
    value = props.get(column) if column else None
    return str(value).strip() if value not in (None, "") else ""


def _number(props, columns, name):
    raw = _text(props, columns["number"]) or name
    digits = re.findall(r"\d+", raw)
    if not digits:
        raise ValidationError(
            _("%(label)s: no RW/RT number found") % {"label": name or _("feature")}
        )
    return int(digits[-1])


def _multipolygon(feature, srid, label, report):
    if feature.geometry is None:
        raise ValidationError(_("%(label)s: has no geometry") % {"label": label})
    shp = shapely.force_2d(shape(feature.geometry))
    if shp.geom_type not in ("Polygon", "MultiPolygon"):
        raise ValidationError(
            _("%(label)s: is a %(type)s, not a polygon")
            % {"label": label, "type": shp.geom_type}
        )
    if not shp.is_valid:
        reason = shapely.is_valid_reason(shp)
        shp = _polygonal(shapely.make_valid(shp))
        if shp.is_empty:
            raise ValidationError(
                _("%(label)s: invalid polygon (%(reason)s) cannot be repaired")
                % {"label": label, "reason": reason}
            )
        report.notes.append(
            _("%(label)s: invalid polygon (%(reason)s) was repaired")
            % {"label": label, "reason": reason}
        )
    geom = GEOSGeometry(memoryview(shp.wkb), srid=srid)
    if srid != WGS84:
        geom.transform(WGS84)
    return geom if isinstance(geom, MultiPolygon) else MultiPolygon(geom, srid=WGS84)


def _polygonal(geom):
    parts = shapely.get_parts(geom)
    polygons = [p for p in parts if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polygons) if polygons else shapely.Polygon()


class _ParentIndex:
    """Every unit of the parent level, read once per import: matching by code,
    slug or name is then a dict lookup, not a query per feature."""

    def __init__(self, model):
        self.model = model
        units = list(model.objects.all())
        self.by_code = {u.code: u for u in units}
        self.by_slug = {u.slug: u for u in units}
        self.by_name = {u.name.lower(): u for u in units}

    def by_key(self, key):
        return (
            self.by_code.get(key)
            or self.by_slug.get(slugify(key))
            or self.by_name.get(key.lower())
        )

    def by_code_prefix(self, code):
        """The parent whose code the child's code extends: 18.72.05 for
        18.72.05.1001 (the longest such code wins)."""
        parts = code.split(".")
        for end in range(len(parts) - 1, 0, -1):
            found = self.by_code.get(".".join(parts[:end]))
            if found:
                return found
        return None

    def covering(self, point):
        return self.model.objects.covering(point).order_by("code").first()


def _parent(spec, props, columns, geom, label, parents):
    if spec.parent is None:
        return None
    key = _text(props, columns["parent"])
    code = _text(props, columns["code"])
    if key:
        found = parents.by_key(key)
    elif code:
        found = parents.by_code_prefix(code)
    else:
        found = None
    found = found or parents.covering(geom.point_on_surface)
    if found is None:
        raise ValidationError(
            _("%(label)s: no %(parent)s found by code or location")
            % {"label": label, "parent": spec.parent._meta.verbose_name}
        )
    return found


def _check_together(rows):
    """Topology against the database, where siblings being replaced by this file
    are left out, and between the file's own siblings."""
    errors = []
    codes = [r.unit.code for r in rows]
    first_row = {}
    for r in rows:
        if r.unit.code in first_row:
            errors.append(
                {
                    "row": r.row,
                    "reason": _("%(label)s: code %(code)s repeats row %(row)d.")
                    % {
                        "label": r.label,
                        "code": r.unit.code,
                        "row": first_row[r.unit.code],
                    },
                }
            )
        first_row.setdefault(r.unit.code, r.row)
    for r in rows:
        kept = r.unit.siblings().exclude(code__in=codes)
        try:
            r.unit.validate_topology(siblings=kept)
        except ValidationError as exc:
            errors.append({"row": r.row, "reason": " ".join(exc.messages)})
    tree = shapely.STRtree([shapely.from_wkb(bytes(r.unit.geom.wkb)) for r in rows])
    for i, j in zip(*tree.query(tree.geometries, predicate="intersects"), strict=True):
        a, b = rows[i], rows[j]
        if i < j and a.unit.parent == b.unit.parent:
            shared = overlap_m2(a.unit.geom, b.unit.geom)
            if shared:
                errors.append(
                    {
                        "row": b.row,
                        "reason": _(
                            "%(label)s overlaps %(other)s (row %(row)d) by %(m).0f m²."
                        )
                        % {
                            "label": b.label,
                            "other": a.label,
                            "row": a.row,
                            "m": shared,
                        },
                    }
                )
    return errors
