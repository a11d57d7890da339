// The tile preview page: one tile layer on a plain map, for checking a layer
// (and for the browser tests) apart from the home map and the editor.
import { popupContent } from "../../mapui/shared/present.js";
import { addTileLayer } from "./tile_layer.js";

const config = JSON.parse(document.getElementById("tile-config").textContent);
const map = L.map("map").setView(config.center, config.zoom);
const asRows = (properties) =>
  Object.entries(properties)
    .filter(([, value]) => value !== null && value !== "")
    .map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : String(value)]);
await addTileLayer(map, config.tilejson, {
  popupFor: (properties, title) => popupContent(title, asRows(properties)),
  detailUrl: (id) => `${config.detail}${id}/`,
  labels: config.labels,
});
document.body.dataset.mapReady = "true";
