from django import forms
from django.utils.translation import gettext_lazy as _

from . import rules

# The thresholds page, one fieldset per rule (and one for the general ones).
GROUPS = (
    (
        "general",
        _("Judging an RT"),
        ("no_data.min_households", "survey.coverage_months"),
    ),
    *(
        (
            rule.code,
            rule.title,
            tuple(p.key for p in rules.PARAMETERS if p.key.startswith(rule.code + ".")),
        )
        for rule in rules.RULES
    ),
    ("desludging", _("Arseti desludging"), ("desludging.interval_years",)),
)


class ThresholdForm(forms.Form):
    """Every threshold as typed (a decimal comma is fine); whether a value
    makes sense is the service's to say, so the page and any other caller get
    the same messages."""

    def __init__(self, *args, initial=None, **kwargs):
        super().__init__(*args, initial=initial, **kwargs)
        for parameter in rules.PARAMETERS:
            value = (initial or {}).get(parameter.key, parameter.default)
            self.fields[parameter.key] = forms.CharField(
                label=parameter.label,
                initial=rules._num(value),
                help_text=f"{parameter.unit} · "
                + str(_("default %(v)s")) % {"v": rules.said(parameter.default)},
                max_length=20,
            )

    def grouped(self):
        return [
            {"code": code, "title": title, "fields": [self[key] for key in keys]}
            for code, title, keys in GROUPS
        ]

    def add_service_errors(self, exc):
        for detail in exc.details:
            field = detail.get("field")
            self.add_error(field if field in self.fields else None, detail["message"])
