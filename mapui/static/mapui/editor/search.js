// Search the loaded layers: "RT 3" or "3/2" for an RT, "#12" for a plot or
// point id, anything else for an address, a waste point name or a Dasawisma.

function normalise(text) {
  return String(text || "").toLowerCase().replace(/\s+/g, " ").trim();
}

export function findFeatures(query, layers) {
  const q = normalise(query);
  if (!q) return [];
  const results = [];
  const idMatch = q.match(/^#\s*(\d+)$/);
  const rtMatch = q.match(/^(?:rt\s*)?0*(\d+)(?:\s*\/\s*(?:rw\s*)?0*(\d+))?$/);
  const each = (name, fn) => layers[name]?.eachLayer(fn);
  each("idle_plots", (l) => {
    if (idMatch && l.feature.id === Number(idMatch[1])) results.push({ layer: l, label: `#${l.feature.id}`, kind: "plot" });
  });
  each("waste_points", (l) => {
    const p = l.feature.properties;
    if ((idMatch && l.feature.id === Number(idMatch[1])) || (!idMatch && q.length > 2 && normalise(p.name).includes(q))) {
      results.push({ layer: l, label: `${p.name || p.kind} #${l.feature.id}`, kind: "point" });
    }
  });
  each("rt", (l) => {
    const p = l.feature.properties;
    const rw = Number(p.label.split("/RW ")[1]);
    if (rtMatch && p.number === Number(rtMatch[1]) && (!rtMatch[2] || rw === Number(rtMatch[2]))) {
      results.push({ layer: l, label: p.label, kind: "rt" });
    }
  });
  if (!idMatch && q.length > 2) {
    each("households", (l) => {
      const p = l.feature.properties;
      if (normalise(p.address).includes(q) || normalise(p.dasawisma).includes(q)) {
        results.push({ layer: l, label: p.address || p.dasawisma, kind: "household" });
      }
    });
  }
  return results.slice(0, 20);
}

export function attachSearch(form, list, map, layers, editor, noResults) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    list.replaceChildren();
    const results = findFeatures(form.elements.q.value, layers);
    if (!results.length) {
      const li = document.createElement("li");
      li.textContent = noResults;
      list.appendChild(li);
    }
    for (const result of results) {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = result.label;
      button.addEventListener("click", () => {
        if (result.layer.getBounds) map.fitBounds(result.layer.getBounds(), { maxZoom: 18 });
        else map.setView(result.layer.getLatLng(), 18);
        if (result.kind === "plot" || result.kind === "point") editor.select(result.kind, result.layer);
        else result.layer.openPopup?.();
      });
      li.appendChild(button);
      list.appendChild(li);
    }
  });
}
