import { drawCharts } from "./charts.js";
import { legendControl, styleBy } from "./choropleth.js";
import { el } from "./dom.js";
import { createPanel } from "./panel.js";
import { makeSortable } from "./table.js";

const config = JSON.parse(document.getElementById("perda-config").textContent);
const map = L.map("perda-map", { zoomControl: true });
for (const [name, z] of Object.entries({ boundaries: 350, choropleth: 400, records: 450, facilities: 500 })) {
  map.createPane(name).style.zIndex = String(z);
}
L.control.scale({ imperial: false }).addTo(map);

const outline = L.geoJSON(config.outline, {
  pane: "boundaries",
  interactive: false,
  style: { color: "#1f5f3f", weight: 2, fillOpacity: 0 },
}).addTo(map);

const panel = createPanel(map, config);
const legend = legendControl(map, config.labels.legend);
const rts = L.geoJSON(config.rts, {
  pane: "choropleth",
  onEachFeature: (feature, layer) => {
    const { label, levelLabel } = feature.properties;
    const tip = el("span", { text: `${label} · ${levelLabel}` });
    layer.bindTooltip(tip, { sticky: true });
    layer.on("click", () => {
      select(feature.id);
      panel.showRt(feature);
    });
  },
}).addTo(map);

const byId = new Map();
rts.eachLayer((layer) => byId.set(layer.feature.id, layer));
let selected = null;
function select(id) {
  if (selected) rts.resetStyle(selected);
  selected = byId.get(id) || null;
  if (selected) selected.setStyle({ weight: 4, color: "#000" });
  document.querySelectorAll("tr.selected").forEach((row) => row.classList.remove("selected"));
  document.querySelector(`tr[data-rt="${id}"]`)?.classList.add("selected");
}

const picker = document.getElementById("colour-by");
function recolour() {
  const key = picker.value;
  const { style, legend: entries } = styleBy(key, config);
  rts.setStyle(style);
  rts.options.style = style;
  if (selected) selected.setStyle({ weight: 4, color: "#000" });
  legend.show(picker.selectedOptions[0].textContent, entries);
  document.body.dataset.colourBy = key;
}
picker.addEventListener("change", recolour);
recolour();

const facilities = L.layerGroup().addTo(map);
for (const f of config.facilities) {
  const marker = L.circleMarker([f.lat, f.lng], {
    pane: "facilities",
    radius: 6,
    color: "#fff",
    weight: 2,
    fillColor: "#1d3557",
    fillOpacity: 1,
  });
  marker.bindTooltip(el("span", { text: `${f.name} · ${f.kindLabel}` }));
  marker.on("click", () => panel.showServiceArea(f));
  marker.feature = { id: f.id };
  facilities.addLayer(marker);
}
L.control.layers(null, { [config.labels.facility]: facilities }, { collapsed: true }).addTo(map);

// A row of the table selects its RT on the map.
document.querySelectorAll("tr[data-rt]").forEach((row) => {
  row.addEventListener("click", () => {
    const layer = byId.get(Number(row.dataset.rt));
    if (!layer) return;
    select(layer.feature.id);
    panel.showRt(layer.feature);
    map.fitBounds(layer.getBounds(), { maxZoom: 17, animate: false });
  });
});

const bounds = rts.getLayers().length ? rts.getBounds() : outline.getBounds();
if (bounds.isValid()) map.fitBounds(bounds, { animate: false });
else map.setView([-5.117, 105.3], 13);

document.querySelectorAll("table.sortable").forEach(makeSortable);
drawCharts(config.charts);

// For the browser tests and the benchmark: the map, table and charts are up.
window.perdaDashboard = { map, rts, facilities, byId };
document.body.dataset.readyMs = String(Math.round(performance.now()));
document.body.dataset.perdaReady = "true";
