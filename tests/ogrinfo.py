"""Reading exported files back with the system's ogrinfo (GDAL 3.6), the reader
QGIS uses, rather than with the GDAL that wrote them."""

import re
import subprocess
from dataclasses import dataclass

OGRINFO = "/usr/bin/ogrinfo"
# "name: Type (width.precision)"; a spreadsheet's header may hold spaces.
FIELD = re.compile(r"^([^:\n]+?): ([\w()]+) \((\d+)\.(\d+)\)$")
# The CRS's own ID closes its WKT; the IDs before it belong to its parts.
EPSG = re.compile(r'ID\["EPSG",(\d+)\]\]\s*\Z')


@dataclass
class LayerInfo:
    name: str
    features: int
    epsg: int | None
    fields: dict
    widths: dict


def ogrinfo(path, *options):
    """ogrinfo's full listing of every layer: fields, values and geometries."""
    return subprocess.run(
        [OGRINFO, "-ro", "-al", *options, str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def layers(path, *options):
    """Each layer's name, feature count, EPSG code, field types and widths."""
    listing = ogrinfo(path, "-so", *options)
    return {
        info.name: info
        for info in map(_layer_info, listing.split("\nLayer name: ")[1:])
    }


def _layer_info(block):
    name, _, rest = block.partition("\n")
    srs = rest.partition("Layer SRS WKT:\n")[2].partition("Data axis")[0]
    epsg = EPSG.search(srs.strip())
    fields, widths = {}, {}
    for line in rest.splitlines():
        if match := FIELD.match(line):
            fields[match[1]] = match[2]
            widths[match[1]] = int(match[3])
    return LayerInfo(
        name=name.strip(),
        features=int(re.search(r"Feature Count: (\d+)", rest)[1]),
        epsg=int(epsg[1]) if epsg else None,
        fields=fields,
        widths=widths,
    )
