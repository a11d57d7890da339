"""Exported KML carries what users typed as text: Google Earth renders a
placemark's <description> as HTML, so no markup of ours or theirs may arrive
there as markup."""

import pytest
from defusedxml import ElementTree

from exports.services import layer_export
from tests.factories import HouseholdFactory, IdlePlotFactory, WastePointFactory

pytestmark = pytest.mark.django_db

PAYLOAD = "<img src=x onerror=alert(1)><script>alert(2)</script>"
KML = "{http://www.opengis.net/kml/2.2}"


@pytest.mark.parametrize("layer", ["households", "idle_plots", "waste_points"])
def test_typed_markup_is_escaped_text_in_kml(layer, users, rt, tmp_path):
    kelurahan = rt.rw.kelurahan
    HouseholdFactory(rt=rt, head_name=PAYLOAD, address=PAYLOAD, dasawisma=PAYLOAD)
    IdlePlotFactory(kelurahan=kelurahan, owner_name=PAYLOAD, notes=PAYLOAD)
    WastePointFactory(
        kelurahan=kelurahan, name=PAYLOAD, operator=PAYLOAD, notes=PAYLOAD
    )
    out = tmp_path / f"{layer}.kml"

    layer_export(user=users["admin"], layer=layer, format="kml", out=out)

    raw = out.read_text(encoding="utf-8")
    tree = ElementTree.fromstring(raw.encode())
    tags = {element.tag.removeprefix(KML) for element in tree.iter()}
    assert not tags & {"img", "script"}
    assert "<img" not in raw and "<script" not in raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in raw
    descriptions = [e.text or "" for e in tree.iter(f"{KML}description")]
    assert not any("<" in text for text in descriptions)
