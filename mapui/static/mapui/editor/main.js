// The kelurahan map: boundaries to snap to, the feature layers this user may
// see, and the editor for those they may change.
import { fetchJSON } from "../shared/api.js";
import { basemaps } from "../shared/basemaps.js";
import { boundaryLayer, featureLayer, labelWith, labelsFromZoom } from "../shared/layers.js";
import { addLegend } from "../shared/legend.js";
import { addPanes } from "../shared/panes.js";
import { Editor } from "./editing.js";
import { attachSearch } from "./search.js";
import { attachToggle } from "./sheet.js";
import { keepViewInUrl, restoreView } from "./view.js";
import { attachRasters } from "../../rasters/js/editor.js";

const started = performance.now();
const config = JSON.parse(document.getElementById("editor-config").textContent);
const text = config.text;
const map = L.map("map", { zoomControl: true });
addPanes(map);
const bases = basemaps(map, config.basemaps, text);

const [w, s, e, n] = config.kelurahan.bbox;
if (!restoreView(map)) map.fitBounds([[s, w], [n, e]], { animate: false });
keepViewInUrl(map);
L.control.scale({ imperial: false }).addTo(map);
addLegend(map, config.features, text);
attachToggle(map);

async function load() {
  const renderer = L.canvas({ pane: "households" });
  const boundaries = {};
  const features = {};
  const loads = [
    ...Object.entries(config.boundaries).map(async ([name, spec]) => {
      const data = await fetchJSON(spec.url);
      boundaries[name] = boundaryLayer(name, data, {
        snap: true,
        onEachFeature: (feature, layer) => {
          if (name === "rt") {
            labelWith(layer, feature.properties.label, { permanent: true, direction: "center", className: "rt-label" });
          }
        },
      });
    }),
    ...config.features.map(async (description) => {
      features[description.name] = featureLayer(description, await fetchJSON(description.url), {
        editable: description.canAdd,
        renderer,
      });
    }),
  ];
  await Promise.all(loads);
  const overlays = {};
  for (const name of Object.keys(config.boundaries)) {
    boundaries[name].addTo(map);
    overlays[config.boundaries[name].label] = boundaries[name];
  }
  for (const description of config.features) {
    features[description.name].addTo(map);
    overlays[description.label] = features[description.name];
  }
  if (boundaries.rt) labelsFromZoom(map, boundaries.rt);
  const control = L.control.layers(bases, overlays, { collapsed: true }).addTo(map);
  return { boundaries, features, renderer, control };
}

try {
  const built = await load();
  const editor = new Editor(map, config, built);
  editor.enableDrawing();
  attachRasters(map, config.rasters, { control: built.control });
  attachSearch({
    form: document.getElementById("search"),
    list: document.getElementById("search-results"),
    url: `${config.searchUrl}?kelurahan=${encodeURIComponent(config.kelurahan.slug)}`,
    map,
    editor,
    boundaries: built.boundaries,
    text,
  });
  window.wakuncarEditor = editor; // for the browser tests and the benchmark
} catch (error) {
  console.error(error);
  document.body.dataset.layerError = String(error);
}

document.getElementById("kelurahan-switch")?.addEventListener("change", (event) => {
  window.location.search = `?kelurahan=${encodeURIComponent(event.target.value)}`;
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
