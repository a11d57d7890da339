"""A zipped shapefile that opens cleanly in QGIS and ArcGIS: .shp .shx .dbf .prj,
a .cpg that says UTF-8, and a field dictionary, because dBASE cuts field names
to ten characters."""

import csv
import tempfile
import zipfile
from pathlib import Path

from django.utils.translation import gettext as _

from .dictionary import DICTIONARY_HEADER, dictionary_row
from .ogr import DBF_TEXT_MAX, cut_text_columns, write_shapefile
from .schema import check_shapefile_names


def write_zipped_shapefile(path, layers, *, about=()):
    (layer,) = layers
    check_shapefile_names(layer.columns)
    with tempfile.TemporaryDirectory(prefix="wakuncar-shp-") as tmp:
        folder = Path(tmp)
        write_shapefile(folder / f"{layer.name}.shp", layer)
        _write_dictionary(folder / f"{layer.name}_fields.csv", layer.columns)
        (folder / "README.txt").write_text(_readme(layer, about), encoding="utf-8")
        # Level 1: a dBASE file is mostly padding, which compresses well even
        # so, and the zip is written in half the time of the default level 6.
        with zipfile.ZipFile(
            path, "w", zipfile.ZIP_DEFLATED, compresslevel=1
        ) as archive:
            for member in sorted(folder.iterdir()):
                archive.write(member, member.name)


def _write_dictionary(path, columns):
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(DICTIONARY_HEADER)
        for c in columns:
            writer.writerow(dictionary_row(c))


def _readme(layer, about):
    names = {"layer": layer.name, "features": layer.written, "srid": layer.srid}
    lines = [
        _("%(layer)s: %(features)s features, EPSG:%(srid)s") % names,
        *about,
        "",
        _(
            "Shapefile field names hold at most 10 characters. "
            "%(layer)s_fields.csv gives each field's full name (as in the "
            "GeoPackage, GeoJSON and CSV exports), its meaning and its type."
        )
        % names,
        _("Text is UTF-8, as %(layer)s.cpg declares.") % names,
        _("Yes/no fields hold T or F, or ? when unknown."),
        _(
            "A shapefile has no time type: times are ISO 8601 text in WIB "
            "(UTC+7), with their offset."
        ),
        _(
            "A field holding a code has a label field beside it (…_lbl); "
            "%(layer)s_fields.csv lists every code with its label in Indonesian "
            "and English."
        )
        % names,
    ]
    cut = cut_text_columns(layer.columns)
    if cut:
        lines.append(
            _(
                "Text longer than %(max)s bytes, the most a dBASE field holds, "
                "was cut in: %(columns)s. The GeoPackage export keeps it whole."
            )
            % {"max": DBF_TEXT_MAX, "columns": ", ".join(c.name for c in cut)}
        )
    return "\n".join(lines) + "\n"
