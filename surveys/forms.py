"""The upload page's forms: the file and where it goes, then the choices made
on the preview (column mapping, CRS, layer, swapped coordinates)."""

import codecs

from django import forms
from django.utils.translation import gettext_lazy as _

from spatial.io.errors import FileError, FillError
from spatial.models import Kelurahan
from spatial.permissions import may_add
from surveys.coordinates import (
    CAPTURE_FIELDS,
    GEOMETRY_FIELD,
    GEOPOINT,
    KEY_FIELD,
    LATITUDE,
    LONGITUDE,
)
from surveys.mapping import IGNORE, fill_value
from surveys.options import SurveyOptions
from surveys.storage import (
    check_upload,
    max_upload_bytes,
    survey_layer,
    survey_layers,
)

LAYER_CHOICES = [("households", _("Households")), ("waste_points", _("Waste points"))]
FIELD_LABELS = {
    LATITUDE: _("Latitude"),
    LONGITUDE: _("Longitude"),
    GEOPOINT: _("Geopoint (latitude longitude altitude accuracy)"),
    GEOMETRY_FIELD: _("Geometry (WKT, GeoJSON or the feature's own)"),
    KEY_FIELD: _("Record id (KoboToolbox _uuid, ODK instanceID)"),
}


def upload_kelurahan(user):
    """The kelurahan the user may upload survey points into, by the one rule
    in spatial.permissions."""
    models = [survey_layer(name).model for name in survey_layers()]
    return [
        k
        for k in Kelurahan.objects.order_by("name")
        if any(may_add(user, model, k) for model in models)
    ]


class UploadForm(forms.Form):
    # The file comes last: the size limit stops reading the request at the
    # file, and what the browser sent before it (in form order) is kept.
    layer = forms.ChoiceField(label=_("The points are"), choices=LAYER_CHOICES)
    kelurahan = forms.ModelChoiceField(
        label=_("Kelurahan"), queryset=Kelurahan.objects.none(), empty_label=None
    )
    srid = forms.IntegerField(
        label=_("EPSG code"),
        required=False,
        min_value=2000,
        max_value=999_999,
        help_text=_(
            "Only for a shapefile without .prj, or a table in projected "
            "coordinates: 32748 is UTM 48S."
        ),
    )
    layer_name = forms.CharField(
        label=_("Layer or sheet"),
        required=False,
        max_length=100,
        help_text=_("A GeoPackage layer, an XLSX sheet, or track_points of a GPX."),
    )
    progress_token = forms.CharField(required=False, widget=forms.HiddenInput)
    # An empty file is refused by check_upload, in the words the command uses.
    file = forms.FileField(label=_("Survey file"), allow_empty_file=True)

    def __init__(self, *args, user, too_large=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.too_large = too_large
        allowed = upload_kelurahan(user)
        self.fields["kelurahan"].queryset = Kelurahan.objects.filter(
            pk__in=[k.pk for k in allowed]
        ).order_by("name")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload.name, upload.size)
        except FileError as exc:
            raise forms.ValidationError(exc.message) from None
        return upload

    def clean(self):
        if self.too_large:
            limit = max_upload_bytes() / 1048576
            self.add_error(
                "file",
                _("%(file)s is larger than the limit of %(limit).0f MB.")
                % {"file": self.too_large, "limit": limit},
            )
        cleaned = super().clean()
        layer, kelurahan = cleaned.get("layer"), cleaned.get("kelurahan")
        if (
            layer
            and kelurahan
            and not may_add(self.user, survey_layer(layer).model, kelurahan)
        ):
            self.add_error(
                "layer",
                _("You may not upload these points into Kelurahan %(name)s.")
                % {"name": kelurahan.name},
            )
        return cleaned

    def options(self):
        return SurveyOptions(
            srid=self.cleaned_data["srid"],
            layer_name=self.cleaned_data["layer_name"] or None,
        )


class CheckForm(forms.Form):
    """The preview's choices. Each column of the file gets a select of the
    fields it may fill; the chosen mapping replaces the automatic one."""

    srid = UploadForm.base_fields["srid"]
    layer_name = forms.CharField(label=_("Layer or sheet"), required=False)
    encoding = forms.CharField(
        label=_("Text encoding"),
        required=False,
        max_length=40,
        help_text=_(
            "Only for a CSV or shapefile whose letters come out wrong: e.g. cp1252, "
            "cp850 or latin-1."
        ),
    )
    fix_swapped = forms.BooleanField(
        label=_("Fix swapped coordinates (swap latitude and longitude back)"),
        required=False,
    )
    keep_near_duplicates = forms.BooleanField(
        label=_("Import near-duplicates too"), required=False
    )
    progress_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, survey_import, **kwargs):
        report = survey_import.report
        options = report.options
        kwargs.setdefault("initial", options.as_dict())
        super().__init__(*args, **kwargs)
        self.layer = survey_layer(survey_import.layer)
        self.columns = report.columns
        self.samples = report.samples
        layers = report.layers
        if len(layers) > 1:
            self.fields["layer_name"] = forms.ChoiceField(
                label=_("Layer or sheet"),
                choices=[(name, name) for name in layers],
                initial=report.layer_name or options.layer_name,
                required=False,
            )
        mapping = report.mapping
        choices = [(IGNORE, _("(not used)")), *self.field_choices()]
        for i, column in enumerate(self.columns):
            self.fields[f"map_{i}"] = forms.ChoiceField(
                label=column,
                choices=choices,
                initial=mapping.get(column, IGNORE),
                required=False,
            )
        # Required fields one value could give, and no column does.
        self.unmapped_required = [
            f.name
            for f in self.layer.fillable
            if f.required and f.name not in mapping.values()
        ]
        for survey_field in self.layer.fillable:
            model_field = self.layer.model._meta.get_field(survey_field.name)
            self.fields[f"fill_{survey_field.name}"] = fill_form_field(
                model_field, initial=options.fill.get(survey_field.name, "")
            )

    def field_choices(self):
        model = self.layer.model
        names = [
            LATITUDE,
            LONGITUDE,
            GEOPOINT,
            GEOMETRY_FIELD,
            *CAPTURE_FIELDS,
            KEY_FIELD,
            *self.layer.field_names(),
        ]
        return [
            (n, FIELD_LABELS.get(n) or model._meta.get_field(n).verbose_name)
            for n in names
        ]

    def fill_fields(self):
        """One value for every row that has none, field by field."""
        return [self[f"fill_{f.name}"] for f in self.layer.fillable]

    def fill_open(self):
        """Show the values for every row when one is given, or a required
        field has no column."""
        return bool(self.unmapped_required) or any(
            field.value() for field in self.fill_fields()
        )

    def option_fields(self):
        """The choices below the column table."""
        names = (
            "srid",
            "layer_name",
            "encoding",
            "fix_swapped",
            "keep_near_duplicates",
        )
        return [self[name] for name in names]

    def mapping_fields(self):
        """(column, its select, a few of its values) for the mapping table."""
        return [
            (column, self[f"map_{i}"], self.samples.get(column, []))
            for i, column in enumerate(self.columns)
        ]

    def clean_encoding(self):
        encoding = self.cleaned_data["encoding"].strip()
        if encoding:
            try:
                codecs.lookup(encoding)
            except LookupError:
                raise forms.ValidationError(
                    _("%(encoding)s is not a text encoding; give one such as cp1252")
                    % {"encoding": repr(encoding)}
                ) from None
        return encoding

    def clean(self):
        cleaned = super().clean()
        labels = dict(self.field_choices())
        chosen = {}
        for i, column in enumerate(self.columns):
            target = cleaned.get(f"map_{i}")
            if not target:
                continue
            if target in chosen:
                self.add_error(
                    f"map_{i}",
                    _("%(field)s is already filled from %(column)s.")
                    % {"field": labels.get(target, target), "column": chosen[target]},
                )
            chosen.setdefault(target, column)
        for survey_field in self.layer.fillable:
            name = f"fill_{survey_field.name}"
            if cleaned.get(name):
                try:
                    fill_value(self.layer, survey_field.name, cleaned[name])
                except FillError as exc:
                    self.add_error(name, exc.reason)
        return cleaned

    def options(self):
        data = self.cleaned_data
        return SurveyOptions(
            mapping={
                column: data.get(f"map_{i}") or IGNORE
                for i, column in enumerate(self.columns)
            },
            srid=data["srid"],
            layer_name=data["layer_name"] or None,
            encoding=data["encoding"] or None,
            fix_swapped=data["fix_swapped"],
            keep_near_duplicates=data["keep_near_duplicates"],
            fill={
                f.name: data[f"fill_{f.name}"]
                for f in self.layer.fillable
                if data.get(f"fill_{f.name}")
            },
        )


def fill_form_field(model_field, *, initial):
    """A select for a field with choices or a yes/no, a date picker for a
    date, else a text box; the survey field's parser reads what is chosen."""
    label = model_field.verbose_name
    kind = model_field.get_internal_type()
    if model_field.choices:
        choices = [("", "—"), *model_field.choices]
    elif kind == "BooleanField":
        choices = [("", "—"), ("ya", _("Yes")), ("tidak", _("No"))]
    else:
        widget = (
            forms.DateInput(attrs={"type": "date"}) if kind == "DateField" else None
        )
        return forms.CharField(
            label=label, required=False, initial=initial, max_length=200, widget=widget
        )
    return forms.ChoiceField(
        label=label, choices=choices, required=False, initial=initial
    )
