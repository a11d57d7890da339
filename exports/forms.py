"""The choices on the export page; exports.services checks the rest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from landuse.models import PlotStatus
from spatial import permissions
from spatial.measure import UTM_48S, WGS84
from spatial.models import Kelurahan
from waste.models import Status as WasteStatus

from .services import ALL_LAYERS, exportable_layers
from .summaries import PER, SUMMARY_FORMATS

LAYER_LABELS = {
    "kecamatan": _("Kecamatan"),
    "kelurahan": _("Kelurahan"),
    "rw": _("RW"),
    "rt": _("RT"),
    "households": _("Households"),
    "idle_plots": _("Idle land"),
    "waste_points": _("Waste points"),
    ALL_LAYERS: _("All layers (GeoPackage only)"),
}
FORMAT_LABELS = {
    "shp": _("Shapefile (zipped)"),
    "gpkg": _("GeoPackage"),
    "geojson": _("GeoJSON"),
    "csv": _("CSV"),
    "kml": _("KML (Google Earth)"),
    "xlsx": _("Excel workbook (XLSX)"),
}
SRID_CHOICES = [
    (WGS84, _("WGS 84 (EPSG:4326), longitude and latitude")),
    (UTM_48S, _("UTM zone 48S (EPSG:32748), metres")),
]


def _kelurahan_choices(user=None):
    """Every kelurahan; for a lurah or surveyor their own first, the others
    set apart as the boundaries they may still export."""
    everyone = [(k.slug, k.name) for k in Kelurahan.objects.order_by("name")]
    own = permissions.scope_kelurahan(user) if user is not None else None
    if own is None:
        return [("", _("Every kelurahan")), *everyone]
    mine = Kelurahan.objects.get(pk=own)
    others = [(slug, name) for slug, name in everyone if slug != mine.slug]
    return [
        ("", _("My kelurahan (boundaries: every kelurahan)")),
        (mine.slug, mine.name),
        (_("Other kelurahan (boundaries only)"), others),
    ]


def _status_choices():
    statuses = dict(PlotStatus.choices) | dict(WasteStatus.choices)
    return [("", _("Any status")), *statuses.items()]


class LayerExportForm(forms.Form):
    layer = forms.ChoiceField(label=_("Layer"))
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_LABELS.items())
    kelurahan = forms.ChoiceField(label=_("Kelurahan"), required=False)
    rt = forms.CharField(
        label=_("RT code"),
        required=False,
        max_length=40,
        help_text=_("An RT's official code, e.g. 18.72.05.1001.001.001."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        help_text=_("Idle land and waste points only."),
    )
    srid = forms.TypedChoiceField(
        label=_("Coordinate system"), choices=SRID_CHOICES, coerce=int
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        names = exportable_layers(user)
        if len(names) > 1:
            names.append(ALL_LAYERS)
        self.fields["layer"].choices = [(n, LAYER_LABELS[n]) for n in names]
        self.fields["kelurahan"].choices = _kelurahan_choices(user)
        self.fields["status"].choices = _status_choices()


class SummaryExportForm(forms.Form):
    per = forms.ChoiceField(
        label=_("One row per"),
        choices=[(p, LAYER_LABELS[p]) for p in PER],
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=[(f, FORMAT_LABELS[f]) for f in SUMMARY_FORMATS]
    )
    kelurahan = forms.ChoiceField(label=_("Kelurahan"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kelurahan"].choices = _kelurahan_choices()
