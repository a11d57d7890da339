// Popups are built from DOM text nodes, never from HTML strings, so an
// attribute holding markup shows as text.
export function popupFor(properties, title) {
  const root = document.createElement("div");
  root.className = "popup";
  const heading = document.createElement("strong");
  heading.textContent = title;
  root.appendChild(heading);
  const list = document.createElement("dl");
  for (const [key, value] of Object.entries(properties)) {
    if (value === null || value === "" || key === "id") continue;
    const dt = document.createElement("dt");
    dt.textContent = key;
    const dd = document.createElement("dd");
    dd.textContent = Array.isArray(value) ? value.join(", ") : String(value);
    list.append(dt, dd);
  }
  root.appendChild(list);
  return root;
}

// Tooltips take a DOM node for the same reason: Leaflet sets a string as HTML,
// and a kelurahan or RT name comes from an admin form or a boundary file.
export function textLabel(value) {
  const span = document.createElement("span");
  span.textContent = value == null ? "" : String(value);
  return span;
}
