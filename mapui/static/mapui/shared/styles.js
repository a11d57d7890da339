// How each layer looks: colours by plot status and waste point kind, a badge
// per kind, households as small dots.
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

export const HOUSEHOLD_COLOUR = "#3d405b";

export function plotStyle(feature) {
  return {
    pane: "plots",
    color: PLOT_COLOURS[feature.properties.status] || "#555",
    weight: 2,
    fillOpacity: 0.45,
  };
}

export function wasteIcon(kind) {
  const badge = document.createElement("span");
  badge.style.background = WASTE_COLOURS[kind] || "#555";
  badge.textContent = WASTE_BADGES[kind] || "?";
  return L.divIcon({
    className: `waste-icon waste-${kind}`,
    html: badge,
    iconSize: [22, 22],
    iconAnchor: [11, 11],
  });
}

export function householdMarker(latlng, renderer) {
  return L.circleMarker(latlng, {
    renderer,
    pane: "households",
    radius: 4,
    color: "#fff",
    weight: 1,
    fillColor: HOUSEHOLD_COLOUR,
    fillOpacity: 0.9,
    snapIgnore: true,
  });
}
