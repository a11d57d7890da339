// The rasters page of a kelurahan: map with the kelurahan outline, a raster
// overlay with opacity and legend, the upload form and candidate review.
import { CandidateReview } from "./candidates.js";
import { RasterOverlay, bindControls } from "./overlay.js";
import { attachRemoval } from "./remove.js";
import { attachUpload, follow } from "./upload.js";

const config = JSON.parse(document.getElementById("raster-config").textContent);
const text = config.text;
const map = L.map("raster-map", { zoomControl: true });
const plain = L.layerGroup().addTo(map);
L.control
  .layers({ [text.plain]: plain, [text.osm]: L.tileLayer(config.osmTiles, { maxZoom: 19 }) }, {}, { collapsed: true })
  .addTo(map);
L.control.scale({ imperial: false }).addTo(map);
L.geoJSON(JSON.parse(config.kelurahan.geojson), {
  style: { color: "#1f5f3f", weight: 3, fillOpacity: 0 },
  interactive: false,
}).addTo(map);
const [w, s, e, n] = config.kelurahan.bbox;
map.fitBounds([[s, w], [n, e]], { animate: false });

const overlay = new RasterOverlay(map, config.rasters, { legend: document.getElementById("raster-legend"), text });
const choice = document.getElementById("raster-choice");
bindControls(overlay, choice, document.getElementById("raster-opacity"));
if (config.rasters.length) {
  choice.value = String(config.rasters[0].id);
  overlay.show(choice.value);
}

const review = new CandidateReview(map, config, {
  list: document.getElementById("candidate-list"),
  messages: document.getElementById("candidate-messages"),
});
review.load();
document.getElementById("candidate-search")?.addEventListener("submit", (event) => {
  event.preventDefault();
  review.search(event.target.elements.raster.value);
});

attachRemoval(document.querySelectorAll("button[data-remove]"), {
  endpoint: config.endpoints.remove,
  messages: document.getElementById("raster-messages"),
  text,
  overlay,
  review,
});

const upload = document.getElementById("raster-upload");
if (upload) {
  const messages = document.getElementById("upload-messages");
  attachUpload(upload, messages, text);
  for (const pending of config.uploads) follow(pending, messages, text);
}

document.getElementById("kelurahan-switch")?.addEventListener("change", (event) => {
  window.location.pathname = window.location.pathname.replace(
    /\/k\/[^/]+\//,
    `/k/${encodeURIComponent(event.target.value)}/`,
  );
});
window.wakuncarRasters = { map, overlay, review }; // for the browser tests
document.body.dataset.rasterPageReady = "true";
