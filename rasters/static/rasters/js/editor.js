// The rasters in the map editor: an overlay control (raster, opacity,
// legend), candidate idle land as a layer to review, and a plot's raster
// statistics in its panel when the editor opens it ("featureopened").
import { getJSON, postJSON, reasonOf } from "./api.js";
import { RasterOverlay } from "./overlay.js";
import { statisticsNode } from "./stats.js";

const CANDIDATE_STYLE = { color: "#f77f00", weight: 2, dashArray: "5 4", fillOpacity: 0.25 };

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function overlayControl(map, config) {
  const text = config.text;
  const control = L.control({ position: "bottomleft" });
  control.onAdd = () => {
    const box = L.DomUtil.create("details", "raster-control");
    box.appendChild(element("summary", "", text.rasters));
    const select = element("select");
    select.setAttribute("aria-label", text.rasters);
    select.appendChild(new Option(text.no_raster, ""));
    for (const raster of config.rasters) select.appendChild(new Option(raster.title, String(raster.id)));
    const slider = element("input");
    Object.assign(slider, { type: "range", min: "0", max: "100", value: "80" });
    slider.setAttribute("aria-label", text.opacity);
    const legend = element("div", "raster-legend");
    box.append(select, slider, legend);
    const overlay = new RasterOverlay(map, config.rasters, { legend, text });
    select.addEventListener("change", () => overlay.show(select.value));
    slider.addEventListener("input", () => overlay.setOpacity(Number(slider.value) / 100));
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  control.addTo(map);
}

function candidatePopup(feature, config, onDecided) {
  const text = config.text;
  const box = element("div", "candidate-popup");
  box.appendChild(element("b", "", `${text.candidates} #${feature.id}`));
  box.appendChild(element("div", "", `${Math.round(feature.properties.area_m2).toLocaleString(document.documentElement.lang || "id")} m²`));
  box.appendChild(element("div", "muted", `${text.found_by}: ${feature.properties.rule}`));
  const messages = element("div", "messages");
  box.appendChild(messages);
  if (config.canReview) {
    const buttons = element("div", "buttons");
    for (const [action, label, kind] of [
      ["accept", text.accept, "primary"],
      ["dismiss", text.dismiss, "danger"],
    ]) {
      const button = element("button", kind, label);
      button.type = "button";
      button.addEventListener("click", async () => {
        const result = await postJSON(config.endpoints[action].replace("{id}", String(feature.id)));
        if (!result.ok) {
          messages.replaceChildren(element("div", "error", `${text.not_saved} ${reasonOf(result)}`));
          return;
        }
        onDecided(action, result.body);
      });
      buttons.appendChild(button);
    }
    box.appendChild(buttons);
  }
  return box;
}

async function candidateLayer(map, config, control) {
  const result = await getJSON(config.endpoints.candidates);
  if (!result.ok) return;
  const layer = L.geoJSON(result.body, {
    style: CANDIDATE_STYLE,
    pmIgnore: true,
    snapIgnore: true,
    onEachFeature: (feature, shape) => {
      shape.bindPopup(() =>
        candidatePopup(feature, config, (action) => {
          document.body.dataset.lastDecision = `${action}:${feature.id}`;
          if (action === "accept") {
            // The new plot is drawn with the others on the next load.
            window.location.hash = "";
            window.location.reload();
            return;
          }
          layer.removeLayer(shape);
          map.closePopup();
        }),
      );
    },
  }).addTo(map);
  control.addOverlay(layer, config.text.candidates);
  document.body.dataset.candidates = String(result.body.features.length);
}

function showStatistics(map, config) {
  map.on("featureopened", async ({ name, id }) => {
    if (name !== "idle_plots") return;
    const result = await getJSON(config.endpoints.statistics.replace("{id}", String(id)));
    if (!result.ok || document.body.dataset.selected !== `idle_plots:${id}`) return;
    const section = element("section", "plot-statistics-section");
    section.appendChild(element("h3", "", config.text.statistics));
    section.appendChild(statisticsNode(result.body, config.text));
    document.getElementById("feature-details").appendChild(section);
    document.body.dataset.statistics = String(id);
  });
}

export function attachRasters(map, config, { control }) {
  if (!config) return;
  if (config.rasters.length) overlayControl(map, config);
  candidateLayer(map, config, control);
  showStatistics(map, config);
}
