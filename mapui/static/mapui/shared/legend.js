import { HOUSEHOLD_COLOUR, PLOT_COLOURS, WASTE_COLOURS } from "./styles.js";

function row(colour, text) {
  const line = document.createElement("div");
  const swatch = document.createElement("i");
  swatch.style.background = colour;
  line.append(swatch, document.createTextNode(text));
  return line;
}

function choicesOf(features, layer, field) {
  const found = features.find((f) => f.name === layer);
  const described = found?.fields.find((f) => f.name === field);
  return Object.fromEntries(described?.choices || []);
}

// The legend lists the layers the page shows, with the labels of their
// choices. A <details> that starts folded at every size: open, it covers part
// of the map, and a click there must not be lost to the user drawing.
export function addLegend(map, features, text) {
  // On a phone the bottom of the map is the panel's: the legend goes under
  // the layer switcher.
  const phone = window.matchMedia("(max-width: 700px)").matches;
  const legend = L.control({ position: phone ? "topright" : "bottomright" });
  legend.onAdd = () => {
    const box = L.DomUtil.create("details", "legend");
    box.open = false;
    const summary = document.createElement("summary");
    summary.textContent = text.legend;
    box.appendChild(summary);
    const body = document.createElement("div");
    box.appendChild(body);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    const title = (label) => {
      const b = document.createElement("b");
      b.textContent = label;
      body.appendChild(b);
    };
    const names = features.map((f) => f.name);
    if (names.includes("idle_plots")) {
      title(features.find((f) => f.name === "idle_plots").label);
      const labels = choicesOf(features, "idle_plots", "status");
      for (const [key, colour] of Object.entries(PLOT_COLOURS)) body.appendChild(row(colour, labels[key] || key));
    }
    if (names.includes("waste_points")) {
      title(features.find((f) => f.name === "waste_points").label);
      const labels = choicesOf(features, "waste_points", "kind");
      for (const [key, colour] of Object.entries(WASTE_COLOURS)) body.appendChild(row(colour, labels[key] || key));
    }
    if (names.includes("households")) {
      body.appendChild(row(HOUSEHOLD_COLOUR, features.find((f) => f.name === "households").label));
    }
    return box;
  };
  legend.addTo(map);
}
