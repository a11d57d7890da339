"""What a writer is handed: the columns of a layer and its rows in batches, as a
database cursor returns them. Nothing here knows the models. Times are written
in the site's zone (WIB for Kota Metro), with their offset where the format
keeps one."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

TYPES = ("int", "int64", "float", "str", "bool", "date", "datetime")
# dBASE field names hold at most 10 characters.
SHAPEFILE_NAME_MAX = 10


@dataclass(frozen=True)
class Column:
    """``labels`` gives the label in each language ((language, text), …) for
    the field dictionary; ``codes`` the codes a column holds and their labels
    ((code, ((language, text), …)), …)."""

    name: str
    type: str
    label: str = ""
    short: str = ""
    width: int = 0
    labels: tuple = ()
    codes: tuple = ()

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"column {self.name}: unknown type {self.type!r}")

    @property
    def shapefile_name(self):
        return self.short or self.name


@dataclass
class Layer:
    """``batches`` yields lists of rows; a row is the geometry as WKB (or None
    for a table) followed by one value per column. ``written`` counts the rows
    as a writer consumes them."""

    name: str
    columns: tuple[Column, ...]
    batches: Iterable[list[tuple]]
    geometry_type: str | None = None
    srid: int | None = None
    written: int = 0

    def rows_in_batches(self) -> Iterator[list[tuple]]:
        for rows in self.batches:
            if rows:
                self.written += len(rows)
                yield rows


def check_shapefile_names(columns):
    """Short names must fit dBASE and differ from each other, or GDAL would
    rename them silently and the field dictionary would lie."""
    seen = {}
    for column in columns:
        short = column.shapefile_name
        if len(short) > SHAPEFILE_NAME_MAX:
            raise ValueError(f"{column.name}: shapefile name {short!r} is too long")
        if short.lower() in seen:
            raise ValueError(
                f"{column.name} and {seen[short.lower()]} share shapefile name {short}"
            )
        seen[short.lower()] = column.name


def local_time(value):
    """An aware datetime in the site's zone (settings.TIME_ZONE)."""
    from django.utils import timezone

    return timezone.localtime(value)


def site_zone_offset():
    """The site's zone as a fixed offset ("+07:00"): GDAL's Arrow writer takes
    an offset, not a zone name (with "Asia/Jakarta" it wrote UTC clock time
    with no zone). WIB keeps one offset all year."""
    from django.utils import timezone

    offset = timezone.localtime().strftime("%z")
    return f"{offset[:3]}:{offset[3:]}"
