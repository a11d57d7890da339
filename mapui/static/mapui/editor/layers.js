// The editor's layers: boundaries to snap to, households, and the idle plots
// and waste points a lurah edits. Each feature layer is found by its id.
import { PLOT_COLOURS, WASTE_COLOURS } from "../map/layers.js";
import { popupFor } from "../map/popup.js";

const WASTE_BADGES = {
  tps: "TPS",
  tps3r: "3R",
  tpst: "ST",
  bank_sampah: "BS",
  composting: "K",
  illegal_dumping: "!",
  open_burning: "B",
  other: "?",
};

export function plotStyle(feature) {
  return {
    pane: "plots",
    color: PLOT_COLOURS[feature.properties.status] || "#555",
    weight: 2,
    fillOpacity: 0.45,
  };
}

export function wasteIcon(kind) {
  return L.divIcon({
    className: `waste-icon waste-${kind}`,
    html: `<span style="background:${WASTE_COLOURS[kind] || "#555"}">${WASTE_BADGES[kind] || "?"}</span>`,
    iconSize: [22, 22],
    iconAnchor: [11, 11],
  });
}

export function addPanes(map) {
  const zIndex = { boundaries: 350, households: 380, plots: 420, points: 450, warnings: 640 };
  for (const [name, z] of Object.entries(zIndex)) map.createPane(name).style.zIndex = String(z);
}

async function fetchGeoJSON(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

function boundaryLayer(data, style, label) {
  // Snapped to while drawing (snapIgnore: false) but never edited (pmIgnore).
  return L.geoJSON(data, {
    pane: "boundaries",
    pmIgnore: true,
    snapIgnore: false,
    style,
    onEachFeature: (f, layer) => {
      layer.options.pmIgnore = true;
      layer.options.snapIgnore = false;
      if (label) label(f, layer);
    },
  });
}

function rtLabels(map, layer) {
  const toggle = () => {
    const show = map.getZoom() >= 16;
    layer.eachLayer((l) => (show ? l.openTooltip() : l.closeTooltip()));
  };
  map.on("zoomend", toggle);
  toggle();
}

export function buildLayers(map, data, onSelect) {
  const byId = { plot: new Map(), point: new Map() };
  const layers = {};
  if (data.kelurahan) {
    layers.kelurahan = boundaryLayer(data.kelurahan, { color: "#1f5f3f", weight: 3, fillOpacity: 0 });
  }
  if (data.rw) {
    layers.rw = boundaryLayer(data.rw, { color: "#3a5a40", weight: 2, dashArray: "6 4", fill: false });
  }
  if (data.rt) {
    layers.rt = boundaryLayer(data.rt, { color: "#7b4fa0", weight: 1, dashArray: "3", fill: false }, (f, l) =>
      l.bindTooltip(f.properties.label, { permanent: true, direction: "center", className: "rt-label" }),
    );
  }
  if (data.households) {
    const renderer = L.canvas({ pane: "households" });
    layers.households = L.geoJSON(data.households, {
      pmIgnore: true,
      snapIgnore: true,
      pointToLayer: (f, latlng) =>
        L.circleMarker(latlng, {
          renderer, radius: 3, color: "#3d405b", weight: 1, fillOpacity: 0.8,
          pmIgnore: true, snapIgnore: true,
        }),
      onEachFeature: (f, layer) => layer.bindPopup(() => popupFor(f.properties, `#${f.id}`)),
    });
  }
  layers.idle_plots = L.geoJSON(data.idle_plots, {
    style: plotStyle,
    snapIgnore: false,
    onEachFeature: (f, layer) => {
      byId.plot.set(f.id, layer);
      layer.on("click", () => onSelect("plot", layer));
    },
  });
  layers.waste_points = L.geoJSON(data.waste_points, {
    pointToLayer: (f, latlng) =>
      L.marker(latlng, { pane: "points", icon: wasteIcon(f.properties.kind), snapIgnore: true }),
    onEachFeature: (f, layer) => {
      byId.point.set(f.id, layer);
      layer.on("click", () => onSelect("point", layer));
    },
  });
  for (const layer of Object.values(layers)) layer.addTo(map);
  if (layers.rt) rtLabels(map, layers.rt);
  return { layers, byId };
}

export async function loadData(urls) {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, url]) => [name, await fetchGeoJSON(url)]),
  );
  return Object.fromEntries(entries);
}
