import json

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _
from tqdm import tqdm

from spatial.errors import EX_DATAERR, WakuncarError, command_error
from spatial.io.points import check_survey_file
from spatial.io.table import row_noun
from spatial.management.users import acting_user
from spatial.models import Kelurahan
from surveys.mapping import all_fields
from surveys.models import SurveyImport
from surveys.options import SurveyOptions
from surveys.services import survey_import
from surveys.storage import survey_layer, survey_layers, survey_upload


class Command(BaseCommand):
    help = (
        "Import surveyed GPS points (CSV, XLSX, GPX, KML/KMZ, GeoJSON, GeoPackage, "
        "zipped shapefile) as households or waste points of one kelurahan. Every "
        "row is checked first; the accepted rows are written in one transaction "
        "and the rejected ones reported."
    )
    # Django's system checks validate the project's configuration, which
    # `make test` and `manage.py check` cover; run before every import they
    # load every URLconf and its views' raster and PDF libraries (0.7 s of a
    # 7 s import of 100,000 rows, measured with cProfile).
    requires_system_checks = []

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
        options = SurveyOptions(
            mapping=self._pairs("--map", opts["map"], "COLUMN=FIELD"),
            fill=self._pairs("--fill", opts["fill"], "FIELD=VALUE"),
            srid=opts["srid"],
            layer_name=opts["layer_name"],
            encoding=opts["encoding"],
            fix_swapped=opts["fix_swapped"],
            keep_near_duplicates=opts["keep_near_duplicates"],
        )
        show_bar = opts["progress"] or self.stderr.isatty()
        bar = (
            ProgressBar(getattr(self.stderr, "_out", self.stderr))
            if show_bar and not opts["json"]
            else None
        )
        try:
            # A value --fill gives that its field does not take is refused
            # before anything is uploaded; the import reuses what this read.
            options.filled(survey_layer(opts["layer"]))
            record = self._upload(opts, kelurahan, user)
            record = survey_import(
                survey_import=record,
                user=user,
                options=options,
                dry_run=opts["dry_run"],
                progress=bar,
            )
        except (WakuncarError, DatabaseError) as exc:
            raise command_error(exc) from exc
        finally:
            if bar:
                bar.close()
        report = record.report
        if opts["json"]:
            self.stdout.write(json.dumps(summary(record, opts["dry_run"])))
        else:
            self._describe(record, opts["dry_run"])
        if record.status == SurveyImport.Status.FAILED:
            reason = report.error_internal or report.error
            raise CommandError(
                f"{record.filename}: {reason}{_hint(report)}", returncode=EX_DATAERR
            )

    def _upload(self, opts, kelurahan, user):
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
        label = row_noun(report.row_label)
        for error in report.errors:
            self.stderr.write(
                _("  %(label)s %(row)s: %(reason)s")
                % {"label": label, "row": error.row, "reason": error.reason}
            )
        for duplicate in report.duplicate_rows:
            self.stdout.write(
                _("  duplicate %(label)s %(row)s: %(reason)s")
                % {"label": label, "row": duplicate.row, "reason": duplicate.reason}
            )
        for warning in report.warnings:
            self.stdout.write(
                _("  warning %(label)s %(row)s: %(reason)s")
                % {"label": label, "row": warning.row, "reason": warning.reason}
            )
        for note in report.notes:
            self.stdout.write(_("note: %(note)s") % {"note": note})
        swapped = report.swapped
        if swapped and not report.options.fix_swapped:
            self.stdout.write(
                _("note: rows that look swapped: %(n)d; --fix-swapped swaps them back")
                % {"n": swapped}
            )
        earlier = report.already_imported
        if earlier:
            self.stdout.write(
                _("%(file)s was already imported on %(at)s by %(by)s.")
                % {
                    "file": record.filename,
                    "at": earlier.at[:10],
                    "by": earlier.by,
                }
            )
        if record.status == SurveyImport.Status.FAILED:
            return
        mapping = ", ".join(f"{c} → {f}" for c, f in report.mapping.items())
        self.stdout.write(_("columns: %(mapping)s") % {"mapping": mapping})
        counts = {
            "file": record.filename,
            "srid": report.srid or "?",
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
            ) % {"n": report.new, **counts}
        else:
            line = _(
                "%(file)s (EPSG:%(srid)s): created %(n)d, duplicates "
                "%(duplicates)d, rejected %(rejected)d %(layer)s in Kelurahan "
                "%(kelurahan)s."
            ) % {"n": record.created, **counts}
        self.stdout.write(self.style.SUCCESS(line))


def _hint(report):
    """How to answer a file's question on the command line; the page asks the
    same in its own words and never shows these."""
    missing = report.missing
    code = report.error_code
    if missing and report.missing_fillable:
        return _(" (--map COLUMN=%(field)s or --fill %(field)s=VALUE)") % {
            "field": missing[0]
        }
    if missing:
        return _(" (--map COLUMN=%(field)s)") % {"field": missing[0]}
    return {
        "no_coordinates": _(" (--map COLUMN=latitude --map COLUMN=longitude)"),
        "unknown_crs": _(" (--srid EPSG_CODE)"),
        "choose_layer": _(" (--layer-name LAYER)"),
        "bad_encoding": _(" (--encoding ENCODING, e.g. cp1252, cp850, latin-1)"),
        "connection_lost": _(" (run the command again)"),
    }.get(code, "")


def summary(record, dry_run):
    """The one JSON object --json prints."""
    report = record.report.as_json()
    return {
        "file": record.filename,
        "survey_import": record.pk,
        "status": record.status,
        "dry_run": dry_run,
        "created": record.created,
        "duplicates": record.duplicates,
        "rejected": record.rejected,
        "errors": [{"row": e["row"], "reason": e["reason"]} for e in report["errors"]],
        "rows": report["rows"] or 0,
        **{k: report[k] for k in ("new", "outside", "invalid", "swapped")},
        **{
            k: report[k]
            for k in (
                "duplicate_rows",
                "warnings",
                "notes",
                "mapping",
                "already_imported",
                "error",
            )
        },
    }


class ProgressBar:
    """Reading, checking and writing, each a tqdm bar on stderr."""

    def __init__(self, stream):
        self.stream = stream
        self.bar = None
        self.stage = None

    def __call__(self, stage, done, total):
        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = tqdm(
                total=total or None,
                desc=f"{stage:<9}",
                file=self.stream,
                ascii=" #",
                ncols=80,
                leave=True,
                bar_format="{desc} [{bar:30}] {percentage:3.0f}% {n_fmt}/{total_fmt}",
            )
        if total and self.bar.total != total:
            self.bar.total = total
        self.bar.n = done
        self.bar.refresh()

    def close(self):
        if self.bar is not None:
            self.bar.close()
            self.bar = None
