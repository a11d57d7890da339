// The city map: kelurahan and RT boundaries, and the feature layers this user
// may see, each feature's details in a popup (households read on opening).
import { detailUrl, fetchJSON } from "../shared/api.js";
import { basemaps } from "../shared/basemaps.js";
import { boundaryLayer, featureLayer, labelWith } from "../shared/layers.js";
import { addLegend } from "../shared/legend.js";
import { addPanes } from "../shared/panes.js";
import { describe, fill, formatArea, popupContent } from "../shared/present.js";
import { addTileLayer } from "../../tiles/js/tile_layer.js";

const config = JSON.parse(document.getElementById("map-config").textContent);
const text = config.text;
const map = L.map("map", { zoomControl: true }).setView(config.center, config.zoom);
addPanes(map);
const bases = basemaps(map, config.basemaps, text);
L.control.scale({ imperial: false }).addTo(map);
addLegend(map, config.features, text);

function kelurahanPopup(feature) {
  const p = feature.properties;
  const content = popupContent(`Kelurahan ${p.name}`, [
    [text.kecamatan, p.kecamatan],
    [text.area, formatArea(p.area_ha * 10000)],
  ]);
  if (config.openable === "all" || config.openable.includes(p.slug)) {
    const link = document.createElement("a");
    link.href = `${config.editorUrl}?kelurahan=${encodeURIComponent(p.slug)}`;
    link.textContent = fill(text.open_kelurahan, { name: p.name });
    content.appendChild(link);
  }
  return content;
}

function featurePopup(description, feature, layer) {
  const title = `${description.title} #${feature.id}`;
  if (!description.compact) {
    return popupContent(title, describe(feature.properties, description.fields, text));
  }
  // Only the place came with the list: the rest is read when opened.
  layer.on("popupopen", async () => {
    try {
      const full = await fetchJSON(detailUrl(description.endpoint, feature.id));
      layer.setPopupContent(popupContent(title, describe(full.properties, description.fields, text)));
    } catch {
      layer.setPopupContent(popupContent(title, [], text.not_loaded));
    }
  });
  return popupContent(title, [], text.loading);
}

async function load() {
  const overlays = {};
  const boundaries = Object.entries(config.boundaries).map(async ([name, spec]) => {
    const layer = boundaryLayer(name, await fetchJSON(spec.url), {
      onEachFeature: (feature, l) => {
        if (name === "kelurahan") {
          labelWith(l, feature.properties.name, { sticky: true });
          l.bindPopup(() => kelurahanPopup(feature));
        } else {
          l.bindPopup(() => popupContent(feature.properties.label, []));
        }
      },
    });
    return [spec.label, layer];
  });
  const renderer = L.canvas({ pane: "households" });
  const tiled = config.features.filter((d) => d.tiles).map(async (description) => {
    const layer = await addTileLayer(map, description.tiles, {
      popupFor: (properties, title) =>
        popupContent(`${description.title} ${title}`, describe(properties, description.fields, text)),
      detailUrl: (id) => detailUrl(description.endpoint, id),
      labels: {
        totals: text.households_here,
        households: text.households_unit,
        members: text.people,
        loading: text.loading,
        notLoaded: text.not_loaded,
      },
      pane: "households",
    });
    return [description.label, layer];
  });
  const features = config.features.filter((d) => !d.tiles).map(async (description) => {
    const layer = featureLayer(description, await fetchJSON(description.url), {
      renderer,
      onEachFeature: (feature, l) => l.bindPopup(() => featurePopup(description, feature, l)),
    });
    return [description.label, layer];
  });
  const results = await Promise.allSettled([...boundaries, ...features, ...tiled]);
  for (const result of results) {
    if (result.status === "rejected") {
      console.error(result.reason);
      document.body.dataset.layerError = String(result.reason);
      continue;
    }
    const [label, layer] = result.value;
    layer.addTo(map);
    overlays[label] = layer;
  }
  L.control.layers(bases, overlays, { collapsed: true }).addTo(map);
  const kelurahan = overlays[config.boundaries.kelurahan?.label];
  if (kelurahan && kelurahan.getLayers().length) {
    map.fitBounds(kelurahan.getBounds(), { animate: false });
  }
}

await load();
window.wakuncarMap = map; // for the browser tests
document.body.dataset.mapReady = "true";
