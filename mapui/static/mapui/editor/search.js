// Search on the kelurahan map, answered by the server (mapui.search): RT and
// RW numbers, "#12" for a feature, text in addresses, Dasawisma, names and
// No. KK (those two for roles that may read them). Each hit says what it
// matched; a cut list says so.
import { fetchJSON } from "../shared/api.js";
import { fill } from "../shared/present.js";

function item(text, onClick) {
  const li = document.createElement("li");
  if (!onClick) {
    li.textContent = text;
    return li;
  }
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = text;
  button.addEventListener("click", onClick);
  li.appendChild(button);
  return li;
}

export function attachSearch({ form, list, url, map, editor, boundaries, text }) {
  const go = (hit) => {
    const [lng, lat] = hit.point;
    const feature = editor.byId[hit.layer]?.get(hit.id);
    const boundary = boundaries[hit.layer]?.getLayers().find((l) => l.feature.id === hit.id);
    if (boundary) map.fitBounds(boundary.getBounds(), { maxZoom: 18 });
    else map.setView([lat, lng], Math.max(map.getZoom(), 18));
    if (feature) editor.select(hit.layer, feature);
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    list.replaceChildren();
    const q = form.elements.q.value.trim();
    if (!q) return;
    const found = await fetchJSON(`${url}&q=${encodeURIComponent(q)}`);
    if (!found.results.length) list.appendChild(item(text.no_results));
    for (const hit of found.results) {
      // A number or an RT/RW reads as itself; text says where it was found.
      const what = ["id", "rt", "rw"].includes(hit.matched) ? "" : `${text.matched[hit.matched] || hit.matched}: `;
      const where = hit.where ? ` (${hit.where})` : "";
      list.appendChild(item(`${what}${hit.label}${where}`, () => go(hit)));
    }
    if (found.truncated) list.appendChild(item(fill(text.more_results, { n: found.results.length })));
    document.body.dataset.searched = String(found.results.length);
  });
}
