// Values as people read them: labels for choices, Ya/Tidak, dates in words in
// WIB, areas in m² and ha. Built from the field descriptions the API gives
// (spatial.api.metadata), never from field names; every value goes into the
// page as text.
const ZONE = "Asia/Jakarta";

export function locale() {
  return document.documentElement.lang === "en" ? "en-GB" : "id-ID";
}

export function formatNumber(value, digits = 0) {
  return Number(value).toLocaleString(locale(), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

// "8.025 m² (0,80 ha)"; large plots in hectares with one more digit.
export function formatArea(m2) {
  const digits = m2 >= 100000 ? 1 : 2;
  return `${formatNumber(Math.round(m2))} m² (${formatNumber(m2 / 10000, digits)} ha)`;
}

export function formatDate(value) {
  // A date is a day in Kota Metro, whatever the browser's zone.
  const day = new Date(`${value}T12:00:00+07:00`);
  return day.toLocaleDateString(locale(), {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: ZONE,
  });
}

export function formatDateTime(value, text) {
  const when = new Date(value).toLocaleString(locale(), {
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: ZONE,
  });
  return `${when} ${text.wib}`;
}

export function formatValue(field, value, text) {
  if (value === null || value === undefined || value === "") return null;
  if (Array.isArray(value)) return value.length ? value.join(", ") : null;
  switch (field.type) {
    case "boolean":
      return value ? text.yes : text.no;
    case "choice": {
      const choice = (field.choices || []).find(([code]) => code === value);
      return choice ? choice[1] : String(value);
    }
    case "date":
      return formatDate(value);
    case "datetime":
      return formatDateTime(value, text);
    case "float":
    case "integer":
    case "field":
      if (field.display === "area") return formatArea(Number(value));
      if (typeof value === "number") {
        return formatNumber(value, Number.isInteger(value) ? 0 : 1);
      }
      return String(value);
    default:
      return String(value);
  }
}

// The label and text of each property worth showing, in the fields' order.
export function describe(properties, fields, text) {
  const rows = [];
  for (const field of fields) {
    if (field.display === "hidden" || !field.visible) continue;
    const value = properties[field.name];
    if (field.display === "flag" && !value) continue;
    const shown = formatValue(field, value, text);
    if (shown !== null) rows.push([field.label, shown]);
  }
  return rows;
}

// A title and label/value rows; a ``note`` instead of rows (still loading,
// could not load).
export function popupContent(title, rows, note = "") {
  const root = document.createElement("div");
  root.className = "popup";
  const heading = document.createElement("strong");
  heading.textContent = title;
  root.appendChild(heading);
  if (note) {
    const p = document.createElement("p");
    p.className = "muted";
    p.textContent = note;
    root.appendChild(p);
    return root;
  }
  const list = document.createElement("dl");
  for (const [label, value] of rows) {
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    dd.textContent = value;
    list.append(dt, dd);
  }
  root.appendChild(list);
  return root;
}

// A text node for Leaflet's tooltips and popups, which take a string as HTML.
export function asText(value) {
  const span = document.createElement("span");
  span.textContent = value;
  return span;
}

export function fill(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_, key) => String(values[key] ?? ""));
}
