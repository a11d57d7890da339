import { popupFor } from "./popup.js";

export const PLOT_COLOURS = {
  reported: "#e9c46a",
  verified: "#f4a261",
  planned: "#2a9d8f",
  in_use: "#2b9348",
  rejected: "#9e9e9e",
};

export const WASTE_COLOURS = {
  tps: "#1d3557",
  tps3r: "#457b9d",
  tpst: "#264653",
  bank_sampah: "#2a9d8f",
  composting: "#6a994e",
  illegal_dumping: "#d62828",
  open_burning: "#f77f00",
  other: "#6c757d",
};

async function fetchGeoJSON(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

const builders = {
  kelurahan: (data) =>
    L.geoJSON(data, {
      pane: "boundaries",
      style: { color: "#1f5f3f", weight: 2, fillOpacity: 0.05 },
      onEachFeature: (f, layer) => {
        layer.bindTooltip(f.properties.name, { sticky: true });
        layer.bindPopup(popupFor(f.properties, `Kelurahan ${f.properties.name}`));
      },
    }),
  rt: (data) =>
    L.geoJSON(data, {
      pane: "boundaries",
      style: { color: "#7b4fa0", weight: 1, dashArray: "3", fillOpacity: 0 },
      onEachFeature: (f, layer) => layer.bindPopup(popupFor(f.properties, f.properties.label)),
    }),
  households: (data) =>
    L.geoJSON(data, {
      pointToLayer: (f, latlng) =>
        L.circleMarker(latlng, {
          pane: "points",
          radius: 3,
          color: "#3d405b",
          weight: 1,
          fillOpacity: 0.8,
        }),
      onEachFeature: (f, layer) => layer.bindPopup(popupFor(f.properties, `#${f.id}`)),
    }),
  idle_plots: (data) =>
    L.geoJSON(data, {
      pane: "plots",
      style: (f) => ({
        color: PLOT_COLOURS[f.properties.status] || "#555",
        weight: 2,
        fillOpacity: 0.45,
      }),
      onEachFeature: (f, layer) => layer.bindPopup(popupFor(f.properties, `#${f.id}`)),
    }),
  waste_points: (data) =>
    L.geoJSON(data, {
      pointToLayer: (f, latlng) =>
        L.circleMarker(latlng, {
          pane: "points",
          radius: 6,
          color: "#fff",
          weight: 1.5,
          fillColor: WASTE_COLOURS[f.properties.kind] || "#555",
          fillOpacity: 1,
        }),
      onEachFeature: (f, layer) =>
        layer.bindPopup(popupFor(f.properties, f.properties.name || f.properties.kind)),
    }),
};

// Layers arrive in any order; panes keep boundaries under plots under points,
// so a kelurahan fill never swallows the clicks meant for what lies on it.
export function addPanes(map) {
  const zIndex = { boundaries: 350, plots: 420, points: 450 };
  for (const [name, z] of Object.entries(zIndex)) {
    map.createPane(name).style.zIndex = String(z);
  }
}

// Loads every layer the server lists for this user; a layer that fails to load
// is reported and the others still draw.
export async function loadLayers(map, urls, labels, onError) {
  const overlays = {};
  const order = ["kelurahan", "rt", "idle_plots", "waste_points", "households"];
  const results = await Promise.allSettled(
    order.filter((name) => urls[name]).map(async (name) => {
      const layer = builders[name](await fetchGeoJSON(urls[name]));
      layer.addTo(map);
      overlays[labels[name]] = layer;
      return [name, layer];
    }),
  );
  results.filter((r) => r.status === "rejected").forEach((r) => onError(r.reason));
  // The switcher lists layers in one order, however the requests finished.
  const ordered = {};
  for (const name of order) if (overlays[labels[name]]) ordered[labels[name]] = overlays[labels[name]];
  return ordered;
}
