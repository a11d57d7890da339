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
