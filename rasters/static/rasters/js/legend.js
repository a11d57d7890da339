// The legend of a raster: its land-cover classes (idle ones marked) or the
// NDVI colour ramp. Built from DOM nodes, every label as text.

function swatch(colour) {
  const box = document.createElement("i");
  box.className = "swatch";
  box.style.background = colour;
  return box;
}

export function legendNode(raster, text) {
  const root = document.createElement("div");
  root.className = "raster-legend-body";
  if (!raster || !raster.legend) return root;
  const title = document.createElement("b");
  title.textContent = raster.kind_label;
  root.appendChild(title);
  if (raster.legend.classes) {
    const list = document.createElement("ul");
    for (const item of raster.legend.classes) {
      const line = document.createElement("li");
      line.append(swatch(item.colour), document.createTextNode(` ${item.value} ${item.label}`));
      if (item.idle) {
        const tag = document.createElement("em");
        tag.textContent = ` (${text.idle})`;
        line.appendChild(tag);
      }
      list.appendChild(line);
    }
    root.appendChild(list);
  }
  if (raster.legend.gradient) {
    const ramp = document.createElement("div");
    ramp.className = "ramp";
    ramp.style.background = `linear-gradient(to right, ${raster.legend.gradient.join(", ")})`;
    const ends = document.createElement("div");
    ends.className = "ramp-ends";
    const low = document.createElement("span");
    low.textContent = raster.legend.low;
    const high = document.createElement("span");
    high.textContent = raster.legend.high;
    ends.append(low, high);
    root.append(ramp, ends);
  }
  return root;
}
