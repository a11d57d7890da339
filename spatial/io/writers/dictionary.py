"""The field dictionary that goes with an export (a shapefile's
``<layer>_fields.csv``, a spreadsheet's README sheet): each field's short and
full name, its label in Indonesian and English, its type, and the codes it
holds with their labels in both languages."""

from django.utils.translation import gettext_lazy

TYPE_NAMES = {
    "int": gettext_lazy("integer"),
    "int64": gettext_lazy("integer"),
    "float": gettext_lazy("decimal number"),
    "str": gettext_lazy("text"),
    "bool": gettext_lazy("yes/no (T, F; ? when unknown)"),
    "date": gettext_lazy("date"),
    "datetime": gettext_lazy("date and time in WIB, as ISO 8601 text"),
}
DICTIONARY_HEADER = (
    "short_name",
    "name",
    "label_id",
    "label_en",
    "type",
    "codes_id",
    "codes_en",
)


def dictionary_row(column):
    labels = dict(column.labels) or {"id": column.label, "en": column.label}
    return [
        column.shapefile_name,
        column.name,
        str(labels.get("id", column.label)),
        str(labels.get("en", column.label)),
        str(TYPE_NAMES[column.type]),
        _codes(column, "id"),
        _codes(column, "en"),
    ]


def _codes(column, language):
    return "; ".join(
        f"{code} = {dict(labels).get(language, code)}" for code, labels in column.codes
    )
