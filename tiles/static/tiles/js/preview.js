// The tile preview page: one tile layer on a plain map, for checking a layer
// (and for the browser tests) apart from the home map and the editor.
import { popupFor } from "../../mapui/map/popup.js";
import { addTileLayer } from "./tile_layer.js";

const config = JSON.parse(document.getElementById("tile-config").textContent);
const map = L.map("map").setView(config.center, config.zoom);
await addTileLayer(map, config.tilejson, {
  popupFor,
  detailUrl: (id) => `${config.detail}${id}/`,
  labels: config.labels,
});
document.body.dataset.mapReady = "true";
