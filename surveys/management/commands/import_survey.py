import json

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from spatial.errors import WakuncarError
from spatial.io.points import check_survey_file
from spatial.io.table import row_noun
from spatial.management.users import acting_user
from spatial.models import Kelurahan
from surveys.mapping import all_fields, fill_values
from surveys.models import SurveyImport
from surveys.services import (
    SurveyOptions,
    survey_import,
    survey_layer,
    survey_layers,
    survey_upload,
)

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Import surveyed GPS points (CSV, XLSX, GPX, KML/KMZ, GeoJSON, GeoPackage, "
        "zipped shapefile) as households or waste points of one kelurahan. Every "
        "row is checked first; the accepted rows are written in one transaction "
        "and the rejected ones reported."
    )

    def add_arguments(self, parser):
        layers = {name: survey_layer(name) for name in sorted(survey_layers())}
        parser.epilog = (
            "Fields for --map: "
            + "; ".join(f"{n}: {', '.join(all_fields(s))}" for n, s in layers.items())
            + ". Fields for --fill: "
            + "; ".join(
                f"{n}: {', '.join(f.name for f in s.fillable)}"
                for n, s in layers.items()
            )
            + "."
        )
        parser.add_argument(
            "file", help="the survey file; a shapefile goes zipped with its parts"
        )
        parser.add_argument("--layer", required=True, choices=sorted(survey_layers()))
        parser.add_argument("--kelurahan", required=True, help="the kelurahan slug")
        parser.add_argument("--user", help="upload as this user (checks their rights)")
        parser.add_argument("--srid", type=int, help="EPSG code when the file has none")
        parser.add_argument(
            "--layer-name",
            help="GeoPackage layer, XLSX sheet or GPX layer (track_points)",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=FIELD",
            help="map a column to a field (repeatable); COLUMN= leaves it unused",
        )
        parser.add_argument(
            "--fill",
            action="append",
            default=[],
            metavar="FIELD=VALUE",
            help="a value for every row that has none, e.g. kind='sampah liar' "
            "(repeatable)",
        )
        parser.add_argument("--encoding", help="CSV or DBF text encoding, e.g. cp1252")
        parser.add_argument(
            "--fix-swapped",
            action="store_true",
            help="swap latitude and longitude back where they look swapped",
        )
        parser.add_argument(
            "--keep-near-duplicates",
            action="store_true",
            help="import households near one with the same head of household",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check, write nothing"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--progress", action="store_true", help="draw a progress bar on stderr"
        )

    def handle(self, *args, **opts):
        kelurahan = Kelurahan.objects.filter(slug=opts["kelurahan"]).first()
        if kelurahan is None:
            raise CommandError(
                _("no kelurahan with the slug %(slug)r") % {"slug": opts["kelurahan"]}
            )
        user = acting_user(opts["user"])
        fill = self._pairs("--fill", opts["fill"], "FIELD=VALUE")
        try:
            fill_values(survey_layer(opts["layer"]), fill)
        except WakuncarError as exc:
            raise CommandError(exc.message) from exc
        options = SurveyOptions(
            mapping=self._pairs("--map", opts["map"], "COLUMN=FIELD"),
            fill=fill,
            srid=opts["srid"],
            layer_name=opts["layer_name"],
            encoding=opts["encoding"],
            fix_swapped=opts["fix_swapped"],
            keep_near_duplicates=opts["keep_near_duplicates"],
        )
        record = self._upload(opts, kelurahan, user)
        show_bar = opts["progress"] or self.stderr.isatty()
        bar = ProgressBar(self.stderr) if show_bar and not opts["json"] else None
        try:
            record = survey_import(
                survey_import=record,
                user=user,
                options=options,
                dry_run=opts["dry_run"],
                progress=bar,
            )
        except WakuncarError as exc:
            raise CommandError(exc.message) from exc
        except DatabaseError as exc:
            record.refresh_from_db()
            raise CommandError(f"{record.filename}: {record.report['error']}") from exc
        finally:
            if bar:
                bar.close()
        report = record.report
        if opts["json"]:
            self.stdout.write(json.dumps(summary(record, opts["dry_run"])))
        else:
            self._describe(record, opts["dry_run"])
        if record.status == SurveyImport.Status.FAILED:
            raise CommandError(f"{record.filename}: {report['error']}{_hint(report)}")

    def _upload(self, opts, kelurahan, user):
        try:
            path = check_survey_file(opts["file"])
            with open(path, "rb") as f:
                return survey_upload(
                    file=File(f, name=path.name),
                    filename=path.name,
                    layer=opts["layer"],
                    kelurahan=kelurahan,
                    user=user,
                    via=SurveyImport.Via.COMMAND,
                )
        except WakuncarError as exc:
            raise CommandError(exc.message) from exc

    def _pairs(self, option, pairs, form):
        found = {}
        for pair in pairs:
            name, sep, value = pair.partition("=")
            if not sep or not name:
                raise CommandError(
                    _("%(option)s takes %(form)s, not %(pair)r")
                    % {"option": option, "form": form, "pair": pair}
                )
            found[name] = value.strip()
        return found

    def _describe(self, record, dry_run):
        report = record.report
        label = row_noun(report.get("row_label", "row"))
        for error in report.get("errors", []):
            self.stderr.write(
                _("  %(label)s %(row)s: %(reason)s") % {"label": label, **error}
            )
        for duplicate in report.get("duplicate_rows", []):
            self.stdout.write(
                _("  duplicate %(label)s %(row)s: %(reason)s")
                % {"label": label, **duplicate}
            )
        for warning in report.get("warnings", []):
            self.stdout.write(
                _("  warning %(label)s %(row)s: %(reason)s")
                % {"label": label, **warning}
            )
        for note in report.get("notes", []):
            self.stdout.write(_("note: %(note)s") % {"note": note})
        swapped = report.get("swapped", 0)
        if swapped and not report.get("options", {}).get("fix_swapped"):
            self.stdout.write(
                _("note: rows that look swapped: %(n)d; --fix-swapped swaps them back")
                % {"n": swapped}
            )
        earlier = report.get("already_imported")
        if earlier:
            self.stdout.write(
                _("%(file)s was already imported on %(at)s by %(by)s.")
                % {
                    "file": record.filename,
                    "at": earlier["at"][:10],
                    "by": earlier["by"],
                }
            )
        if record.status == SurveyImport.Status.FAILED:
            return
        mapping = ", ".join(f"{c} → {f}" for c, f in report.get("mapping", {}).items())
        self.stdout.write(_("columns: %(mapping)s") % {"mapping": mapping})
        counts = {
            "file": record.filename,
            "srid": report.get("srid"),
            "duplicates": record.duplicates,
            "rejected": record.rejected,
            "layer": survey_layer(record.layer).label,
            "kelurahan": record.kelurahan.name,
        }
        if dry_run:
            line = _(
                "%(file)s (EPSG:%(srid)s): would create %(n)d, duplicates "
                "%(duplicates)d, rejected %(rejected)d %(layer)s in Kelurahan "
                "%(kelurahan)s."
            ) % {"n": report.get("new", 0), **counts}
        else:
            line = _(
                "%(file)s (EPSG:%(srid)s): created %(n)d, duplicates "
                "%(duplicates)d, rejected %(rejected)d %(layer)s in Kelurahan "
                "%(kelurahan)s."
            ) % {"n": record.created, **counts}
        self.stdout.write(self.style.SUCCESS(line))


def _hint(report):
    """How to answer a file's question on the command line."""
    missing = report.get("missing")
    if missing and report.get("missing_fillable"):
        return _(" (--map COLUMN=%(field)s or --fill %(field)s=VALUE)") % {
            "field": missing[0]
        }
    if missing:
        return _(" (--map COLUMN=%(field)s)") % {"field": missing[0]}
    return ""


def summary(record, dry_run):
    """The one JSON object --json prints."""
    report = record.report
    return {
        "file": record.filename,
        "survey_import": record.pk,
        "status": record.status,
        "dry_run": dry_run,
        "created": record.created,
        "duplicates": record.duplicates,
        "rejected": record.rejected,
        "errors": [
            {"row": e["row"], "reason": e["reason"]} for e in report.get("errors", [])
        ],
        "rows": report.get("rows", 0),
        "new": report.get("new", 0),
        "outside": report.get("outside", 0),
        "invalid": report.get("invalid", 0),
        "swapped": report.get("swapped", 0),
        "duplicate_rows": report.get("duplicate_rows", []),
        "warnings": report.get("warnings", []),
        "notes": report.get("notes", []),
        "mapping": report.get("mapping", {}),
        "already_imported": report.get("already_imported"),
        "error": report.get("error"),
    }


class ProgressBar:
    """Reading, checking and writing, drawn in place on one line."""

    def __init__(self, stream):
        self.stream = stream
        self.drawn = False

    def __call__(self, stage, done, total):
        fraction = min(done / total, 1) if total else 0
        filled = int(BAR_WIDTH * fraction)
        counts = f"{done:,}/{total:,}" if total else f"{done:,}"
        self.stream.write(
            f"\r{stage:<9} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] "
            f"{fraction:4.0%} {counts}   ",
            ending="",
        )
        self.stream.flush()
        self.drawn = True

    def close(self):
        if self.drawn:
            self.stream.write("")
