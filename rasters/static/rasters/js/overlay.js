// A raster drawn over the map from its tiles (rendered on demand by the
// server from the COG), one at a time, with an opacity and a legend.
import { legendNode } from "./legend.js";

export function ensurePane(map) {
  if (!map.getPane("rasters")) map.createPane("rasters").style.zIndex = "300";
}

export function rasterLayer(raster, opacity) {
  return L.tileLayer(raster.tiles, {
    pane: "rasters",
    bounds: L.latLngBounds(raster.bounds),
    opacity,
    maxZoom: 22,
    minZoom: 10,
    // A tile outside the raster answers 204: an empty image, not an error.
    errorTileUrl: "",
  });
}

export class RasterOverlay {
  constructor(map, rasters, { legend, text }) {
    ensurePane(map);
    this.map = map;
    this.rasters = new Map(rasters.map((r) => [String(r.id), r]));
    this.legend = legend;
    this.text = text;
    this.opacity = 0.8;
    this.layer = null;
    this.current = null;
  }

  show(id) {
    if (this.layer) this.map.removeLayer(this.layer);
    this.layer = null;
    this.current = this.rasters.get(String(id)) || null;
    if (this.current) {
      this.layer = rasterLayer(this.current, this.opacity).addTo(this.map);
    }
    if (this.legend) this.legend.replaceChildren(legendNode(this.current, this.text));
    return this.layer;
  }

  setOpacity(value) {
    this.opacity = value;
    if (this.layer) this.layer.setOpacity(value);
  }
}

// Binds a <select> of rasters and an opacity slider (0-100) to an overlay.
export function bindControls(overlay, select, slider) {
  select.addEventListener("change", () => overlay.show(select.value));
  slider.addEventListener("input", () => overlay.setOpacity(Number(slider.value) / 100));
  overlay.setOpacity(Number(slider.value) / 100);
}
