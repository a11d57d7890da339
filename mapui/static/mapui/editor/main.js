import { Editor } from "./editing.js";
import { addPanes, buildLayers, loadData } from "./layers.js";
import { addLegend } from "../map/legend.js";
import { attachSearch } from "./search.js";
import { keepViewInUrl, restoreView } from "./view.js";

const started = performance.now();
const config = JSON.parse(document.getElementById("editor-config").textContent);
const text = config.text;
const map = L.map("map", { zoomControl: true, tap: true });
addPanes(map);

const plain = L.layerGroup().addTo(map);
const basemaps = { [text.plain]: plain };
basemaps[text.osm] = L.tileLayer(config.basemaps.osm, {
  maxZoom: 19,
  attribution: "&copy; OpenStreetMap contributors",
});
if (config.basemaps.imagery) {
  basemaps[text.imagery] = L.tileLayer(config.basemaps.imagery, { maxZoom: 20 });
}

const [w, s, e, n] = config.kelurahan.bbox;
if (!restoreView(map)) map.fitBounds([[s, w], [n, e]], { animate: false });
keepViewInUrl(map);
L.control.scale({ imperial: false }).addTo(map);
addLegend(map, { ...text, status: Object.fromEntries(config.choices.status), kind: Object.fromEntries(config.choices.kind) });

let editor;
try {
  const data = await loadData(config.layers);
  const built = buildLayers(map, data, (kind, layer) => editor.select(kind, layer));
  editor = new Editor(map, config, built);
  editor.enableDrawing();
  const overlays = Object.fromEntries(Object.entries(built.layers).map(([name, layer]) => [text[name], layer]));
  L.control.layers(basemaps, overlays, { collapsed: window.innerWidth < 700 }).addTo(map);
  attachSearch(
    document.getElementById("search"),
    document.getElementById("search-results"),
    map,
    built.layers,
    editor,
    text.no_results,
  );
  window.wakuncarEditor = editor; // for the browser tests and the benchmark
} catch (error) {
  console.error(error);
  document.body.dataset.layerError = String(error);
}

document.getElementById("kelurahan-switch")?.addEventListener("change", (event) => {
  window.location.search = `?kelurahan=${encodeURIComponent(event.target.value)}`;
});
document.getElementById("panel-toggle").addEventListener("click", (event) => {
  const panel = document.getElementById("side-panel");
  panel.classList.toggle("collapsed");
  event.target.setAttribute("aria-expanded", String(!panel.classList.contains("collapsed")));
});

// Layers are drawn once the browser has painted the frame after adding them.
requestAnimationFrame(() =>
  requestAnimationFrame(() => {
    document.body.dataset.layersMs = String(Math.round(performance.now() - started));
    // performance.now() counts from the start of navigation.
    document.body.dataset.readyMs = String(Math.round(performance.now()));
    document.body.dataset.mapReady = "true";
  }),
);
