// Drawing the layers both map pages show: boundaries with their names as
// text, and the feature layers (idle plots, waste points, households) styled
// by layer. The only place that knows how each layer looks.
import { asText } from "./present.js";
import { householdMarker, plotStyle, wasteIcon } from "./styles.js";

const BOUNDARY_STYLES = {
  kelurahan: { color: "#1f5f3f", weight: 3, fillOpacity: 0.04 },
  rw: { color: "#3a5a40", weight: 2, dashArray: "6 4", fill: false },
  rt: { color: "#7b4fa0", weight: 1, dashArray: "3", fill: false },
};

// Boundaries are snapped to while drawing (when ``snap``) but never edited.
export function boundaryLayer(name, data, { snap = false, onEachFeature } = {}) {
  return L.geoJSON(data, {
    pane: "boundaries",
    style: BOUNDARY_STYLES[name],
    pmIgnore: true,
    snapIgnore: !snap,
    onEachFeature: (feature, layer) => {
      layer.options.pmIgnore = true;
      layer.options.snapIgnore = !snap;
      onEachFeature?.(feature, layer);
    },
  });
}

// A name shown on the map: Leaflet treats a string as HTML, so it goes in as
// a text node.
export function labelWith(layer, text, options = {}) {
  layer.bindTooltip(asText(text), options);
}

// RT labels show from zoom 16, where they fit.
export function labelsFromZoom(map, layer, zoom = 16) {
  const toggle = () => {
    const show = map.getZoom() >= zoom;
    layer.eachLayer((l) => (show ? l.openTooltip() : l.closeTooltip()));
  };
  map.on("zoomend", toggle);
  toggle();
}

const DRAWN = {
  idle_plots: (data, options) =>
    L.geoJSON(data, { style: plotStyle, snapIgnore: false, pmIgnore: !options.editable, ...options.events }),
  waste_points: (data, options) =>
    L.geoJSON(data, {
      pointToLayer: (f, latlng) =>
        L.marker(latlng, {
          pane: "points",
          icon: wasteIcon(f.properties.kind),
          snapIgnore: true,
          pmIgnore: true,
          title: f.properties.name || "",
        }),
      ...options.events,
    }),
  households: (data, options) =>
    L.geoJSON(data, {
      pointToLayer: (f, latlng) => householdMarker(latlng, options.renderer),
      pmIgnore: true,
      snapIgnore: true,
      ...options.events,
    }),
};

export function featureLayer(description, data, { editable = false, renderer, onEachFeature } = {}) {
  return DRAWN[description.name](data, { editable, renderer, events: { onEachFeature } });
}

export function restyle(name, layer) {
  if (name === "idle_plots") layer.setStyle(plotStyle(layer.feature));
  if (name === "waste_points") layer.setIcon(wasteIcon(layer.feature.properties.kind));
}
