// The preview map: the kelurahan boundary and every previewed point coloured by
// what the import will do with it. Labels come from the page, already escaped
// by being set as text, never as HTML.

export const STATUS_COLOURS = {
  new: "#2b9348",
  duplicate: "#8d99ae",
  outside: "#d62828",
  swapped: "#f77f00",
  invalid: "#6a040f",
};

function tooltip(labels, row, status) {
  const element = document.createElement("span");
  element.textContent = `${labels.row} ${row}: ${labels[status] || status}`;
  return element;
}

// Only the kinds of point the file has; folded on a phone, where it would
// cover half the map.
function legend(labels, present) {
  const control = L.control({ position: "bottomright" });
  control.onAdd = () => {
    const box = L.DomUtil.create("details", "legend");
    box.open = window.matchMedia("(min-width: 601px)").matches;
    const summary = document.createElement("summary");
    summary.textContent = labels.legend;
    box.append(summary);
    for (const [status, colour] of Object.entries(STATUS_COLOURS)) {
      if (!present.has(status)) continue;
      const line = document.createElement("div");
      const swatch = document.createElement("i");
      swatch.style.background = colour;
      line.append(swatch, document.createTextNode(labels[status]));
      box.append(line);
    }
    return box;
  };
  return control;
}

const config = JSON.parse(document.getElementById("preview-config").textContent);
const map = L.map("preview-map");
const boundary = L.geoJSON(JSON.parse(config.boundary), {
  style: { color: "#1f5f3f", weight: 2, fillOpacity: 0.05 },
}).addTo(map);
const points = L.featureGroup(
  config.points.map(([lon, lat, row, status]) =>
    L.circleMarker([lat, lon], {
      radius: 5,
      color: "#fff",
      weight: 1,
      fillColor: STATUS_COLOURS[status] || "#555",
      fillOpacity: 0.9,
    }).bindTooltip(tooltip(config.labels, row, status)),
  ),
).addTo(map);
const bounds = boundary.getBounds();
if (points.getLayers().length) bounds.extend(points.getBounds());
map.fitBounds(bounds, { animate: false, padding: [10, 10] });
L.control.scale({ imperial: false }).addTo(map);
legend(config.labels, new Set(config.points.map((point) => point[3]))).addTo(map);
document.body.dataset.previewReady = "true";
