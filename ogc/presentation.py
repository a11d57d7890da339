"""Features as the HTML pages show them: the fields' labels and the choices'
labels from the REST API's description of the layer (spatial.api.metadata),
never field names or codes."""

from django.utils.translation import gettext as _

from spatial.api.metadata import describe


def labelled(collection, user, features):
    """(headers, rows): a header per property, and per feature its id and the
    shown values, in the properties' order."""
    fields = {
        f["name"]: f for f in describe(collection.viewset.serializer_class, user=user)
    }
    names = list(features[0]["properties"]) if features else []
    headers = [fields.get(name, {}).get("label", name) for name in names]
    rows = [
        (
            f["id"],
            [shown(fields.get(name), f["properties"].get(name)) for name in names],
        )
        for f in features
    ]
    return headers, rows


def shown(field, value):
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    choices = dict((field or {}).get("choices", []))
    if value in choices:
        return choices[value]
    if isinstance(value, float):
        return round(value, 2)  # the template writes it in the page's locale
    return value
