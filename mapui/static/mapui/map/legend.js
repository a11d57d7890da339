import { PLOT_COLOURS, WASTE_COLOURS } from "./layers.js";

function row(colour, text) {
  const line = document.createElement("div");
  const swatch = document.createElement("i");
  swatch.style.background = colour;
  line.append(swatch, document.createTextNode(text));
  return line;
}

export function addLegend(map, labels) {
  const legend = L.control({ position: "bottomright" });
  legend.onAdd = () => {
    // A <details> that starts folded at every size: open, it covers part of
    // the map, and a click there must not be lost to the user drawing.
    const box = L.DomUtil.create("details", "legend");
    box.open = false;
    const summary = document.createElement("summary");
    summary.textContent = labels.legend || "Legend";
    box.appendChild(summary);
    const div = document.createElement("div");
    box.appendChild(div);
    L.DomEvent.disableClickPropagation(box);
    const title = (text) => {
      const b = document.createElement("b");
      b.textContent = text;
      div.appendChild(b);
    };
    title(labels.idle_plots);
    for (const [key, colour] of Object.entries(PLOT_COLOURS)) {
      div.appendChild(row(colour, labels.status[key] || key));
    }
    title(labels.waste_points);
    for (const [key, colour] of Object.entries(WASTE_COLOURS)) {
      div.appendChild(row(colour, labels.kind[key] || key));
    }
    return box;
  };
  legend.addTo(map);
}
