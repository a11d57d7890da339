"""Finding the column that holds a value, by the names people actually use."""


def normalise(name):
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def find_column(columns, candidates):
    """The first column whose normalised name is one of ``candidates``."""
    by_name = {normalise(c): c for c in columns}
    for candidate in candidates:
        if candidate in by_name:
            return by_name[candidate]
    return None
