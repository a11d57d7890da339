"""Finding the column that holds a value, by the names people actually use."""

import re

# A column of a form group: KoboToolbox "group_rumah/nama_kk", ODK
# "location.latitude", Kobo's geopoint parts "group/gps/_latitude".
GROUPED = re.compile(r"^[A-Za-z_][\w-]*(?:[./][A-Za-z_][\w-]*)+$")


def normalise(name):
    """A name to compare: lower case, underscores for spaces and hyphens, and
    a grouped column by its own name (its question's, for a geopoint part
    such as ``group/gps/_latitude``: ``_gps_latitude``)."""
    name = name.strip()
    if GROUPED.match(name):
        *groups, leaf = re.split(r"[./]", name)
        name = f"_{groups[-1]}{leaf}" if leaf.startswith("_") else leaf
    return name.lower().replace(" ", "_").replace("-", "_")


def find_column(columns, candidates):
    """The first column whose normalised name is one of ``candidates``."""
    by_name = {normalise(c): c for c in columns}
    for candidate in candidates:
        if candidate in by_name:
            return by_name[candidate]
    return None
