import { el, formatNumber } from "./dom.js";

// The side panel: an RT's level and fired rules, then (for the kelurahan's
// staff) what lies behind them, drawn on the map as well.
export function createPanel(map, config) {
  const body = document.getElementById("rt-panel-body");
  const title = document.getElementById("rt-panel-title");
  const hint = document.getElementById("rt-panel-hint");
  const labels = config.labels;
  const records = L.layerGroup().addTo(map);
  const area = L.layerGroup().addTo(map);

  function showRt(feature) {
    const p = feature.properties;
    title.textContent = p.label;
    hint.hidden = true;
    records.clearLayers();
    const level = el("p", {}, el("span", { className: `level level-${p.level}`, text: p.levelLabel }));
    const fired = p.fired.length
      ? el("ul", { className: "fired" }, ...p.fired.map((f) => el("li", { className: `fired-${f.level}`, "data-code": f.code }, f.message)))
      : el("p", { className: "muted", text: labels.noRule });
    body.replaceChildren(level, el("h3", { text: labels.rulesFired }), fired);
    if (config.urls.rtRecords) loadRecords(feature.id);
  }

  async function loadRecords(rtId) {
    const url = config.urls.rtRecords.replace(/0\.json$/, `${rtId}.json`);
    const section = el("div", { className: "records", "aria-busy": "true" });
    body.append(section);
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      section.removeAttribute("aria-busy");
      section.append(
        list(labels.farHouseholds, data.far, (h) => {
          const name = h.head_name ? `${h.head_name}, ${h.address || ""} · ` : "";
          return `${labels.household} #${h.id}: ${name}${formatNumber(h.metres)} ${labels.metres}`;
        }),
        list(labels.openDumps, data.spots, (s) => `${s.name || s.kindLabel} · ${s.kindLabel} · ${labels.reportedOn} ${s.reported} (${s.days} ${labels.days})`),
        list(labels.unverifiedPlots, data.plots, (p) => `#${p.id} · ${formatNumber(p.area_m2)} m² · ${labels.waiting} ${p.days} ${labels.days}${p.owner_name ? ` · ${p.owner_name}` : ""}`),
      );
      for (const h of data.far.items) {
        records.addLayer(
          L.circleMarker([h.lat, h.lng], { pane: "records", radius: 4, color: "#fff", weight: 1, fillColor: "#6a1b9a", fillOpacity: 1 })
            .bindTooltip(tip(`${labels.household} #${h.id} · ${formatNumber(h.metres)} ${labels.metres}`)),
        );
      }
      for (const s of data.spots.items) {
        records.addLayer(
          L.circleMarker([s.lat, s.lng], { pane: "records", radius: 7, color: "#000", weight: 2, fillColor: s.kind === "open_burning" ? "#f77f00" : "#d62828", fillOpacity: 1 })
            .bindTooltip(tip(`${s.name || s.kindLabel} · ${s.days} ${labels.days}`)),
        );
      }
      for (const p of data.plots.items) {
        records.addLayer(
          L.geoJSON(p.geometry, { pane: "records", style: { color: "#b8860b", weight: 3, dashArray: "4", fillOpacity: 0.3 } })
            .bindTooltip(tip(`#${p.id} · ${labels.waiting} ${p.days} ${labels.days}`)),
        );
      }
      document.body.dataset.rtRecords = String(rtId);
    } catch (error) {
      section.removeAttribute("aria-busy");
      section.append(el("p", { className: "error", text: labels.loadError }));
      console.error(error);
    }
  }

  async function showServiceArea(facility) {
    area.clearLayers();
    const url = config.urls.serviceArea.replace(/0\/layanan\.json$/, `${facility.id}/layanan.json`);
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) return;
    const data = await response.json();
    if (data.cell) {
      area.addLayer(L.geoJSON(data.cell, { pane: "records", interactive: false, style: { color: "#1d3557", weight: 2, dashArray: "6 4", fillOpacity: 0.08 } }));
    }
    for (const h of data.households) {
      area.addLayer(L.circleMarker([h.lat, h.lng], { pane: "records", radius: 3, weight: 0, fillColor: "#1d3557", fillOpacity: 0.8, interactive: false }));
    }
    title.textContent = `${labels.serviceArea}: ${facility.name}`;
    hint.hidden = true;
    body.replaceChildren(
      el("p", {}, facility.kindLabel),
      el("p", { className: "served", "data-count": data.count ?? "" }, `${formatNumber(data.count)} ${labels.servedHouseholds}`),
    );
    document.body.dataset.serviceArea = String(facility.id);
  }

  return { showRt, showServiceArea };
}

function list(heading, group, line) {
  const section = el("section", {}, el("h3", { text: `${heading} (${group.count})` }));
  if (!group.count) {
    section.append(el("p", { className: "muted", text: "—" }));
    return section;
  }
  section.append(el("ul", {}, ...group.items.map((item) => el("li", {}, line(item)))));
  return section;
}

// Leaflet reads a string tooltip as HTML; a text node is only text.
function tip(text) {
  return el("span", { text });
}
