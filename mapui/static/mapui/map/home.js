import { addPanes, loadLayers } from "./layers.js";
import { addLegend } from "./legend.js";
import { popupFor } from "./popup.js";
import { addTileLayer } from "../../tiles/js/tile_layer.js";

const config = JSON.parse(document.getElementById("map-config").textContent);
const map = L.map("map", { zoomControl: true }).setView(config.center, config.zoom);
addPanes(map);

// The plain background needs no network, so the map works offline; OSM tiles
// are one click away in the layer switcher.
const plain = L.layerGroup().addTo(map);
const osm = L.tileLayer(config.osmTiles, {
  maxZoom: 19,
  attribution: "&copy; OpenStreetMap contributors",
});
const basemaps = { [config.labels.plain]: plain, [config.labels.osm]: osm };

L.control.scale({ imperial: false }).addTo(map);
addLegend(map, config.labels);

const overlays = await loadLayers(map, config.layers, config.labels, (error) => {
  console.error(error);
  document.body.dataset.layerError = String(error);
});
if (config.tiles) {
  try {
    overlays[config.labels.households] = await addTileLayer(map, config.tiles.households, {
      popupFor,
      detailUrl: (id) => `${config.tiles.detail}${id}/`,
      labels: config.labels.totals,
      pane: "points",
    });
  } catch (error) {
    console.error(error);
    document.body.dataset.layerError = String(error);
  }
}
L.control.layers(basemaps, overlays, { collapsed: window.innerWidth < 600 }).addTo(map);

const kelurahan = overlays[config.labels.kelurahan];
if (kelurahan && kelurahan.getLayers().length) {
  map.fitBounds(kelurahan.getBounds(), { animate: false });
}
document.body.dataset.mapReady = "true";
