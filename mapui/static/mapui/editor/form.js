// The attribute form of the feature in the side panel, built from the fields
// the API describes (spatial.api.metadata): labels, choices and defaults come
// from the models, never from lists of their own here.
import { describe } from "../shared/present.js";

const LONG_TEXT = 200;

function select(options, blank) {
  const input = document.createElement("select");
  if (blank) input.append(new Option("—", ""));
  for (const [value, label] of options) input.append(new Option(label, value));
  return input;
}

function control(field, text) {
  if (field.type === "choice") return select(field.choices || [], !field.required);
  if (field.type === "boolean") {
    return select(
      [
        ["true", text.yes],
        ["false", text.no],
      ],
      true,
    );
  }
  if (field.type === "string" && !(field.max_length && field.max_length <= LONG_TEXT)) {
    return document.createElement("textarea");
  }
  const input = document.createElement("input");
  input.type = { date: "date", integer: "number", float: "number" }[field.type] || "text";
  if (field.type === "float") input.step = "any";
  if (field.max_length) input.maxLength = field.max_length;
  return input;
}

function valueOf(field, value) {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

// Fields the system keeps (RT, area, who/when) read as text above the form.
export function readOnlyRows(properties, fields, text) {
  return describe(
    properties,
    fields.filter((f) => f.read_only),
    text,
  );
}

export function fillForm(form, fields, properties, { editable, isNew, text }) {
  form.replaceChildren();
  for (const field of fields) {
    if (field.read_only || field.display === "hidden") continue;
    const label = document.createElement("label");
    const caption = document.createElement("span");
    caption.textContent = field.label;
    label.appendChild(caption);
    const input = control(field, text);
    input.name = field.name;
    input.disabled = !editable;
    if (field.visible) {
      input.value = valueOf(field, isNew ? (properties[field.name] ?? field.default) : properties[field.name]);
    } else {
      // A personal field this user may type but not read (a surveyor adding
      // a household): left empty, it keeps what is stored.
      input.dataset.unseen = "true";
      if (!isNew) input.placeholder = editable ? text.hidden_value : text.hidden_read_only;
    }
    input.required = Boolean(field.required && (isNew || field.visible));
    label.appendChild(input);
    form.appendChild(label);
  }
  for (const field of fields) if (field.depends) keepChoicesFit(form, field, isNew);
}

// Offer only the choices the server accepts with the other field's value
// (a waste facility is active or inactive; an illegal spot reported …).
function keepChoicesFit(form, field, isNew) {
  const on = form.elements[field.depends.on];
  const input = form.elements[field.name];
  if (!on || !input) return;
  const refresh = () => {
    const allowed = new Set(field.depends.allowed[on.value] || []);
    for (const option of input.options) option.hidden = !allowed.has(option.value);
    if (!allowed.has(input.value)) input.value = [...allowed][0] ?? "";
  };
  on.addEventListener("change", refresh);
  // A stored value this user may not give (the lurah's "verified", seen by a
  // surveyor) stays as it is, not to be changed by them: the field is left
  // out of the save. A new feature or a changed kind takes an allowed one.
  const stored = input.value;
  const allowedNow = new Set(field.depends.allowed[on.value] || []);
  if (stored && !allowedNow.has(stored) && !input.disabled && !isNew) {
    input.disabled = true;
    on.disabled = true;
    return;
  }
  refresh();
}

export function readForm(form, fields) {
  const properties = {};
  for (const field of fields) {
    const input = form.elements[field.name];
    if (!input || input.disabled) continue;
    const raw = input.value.trim();
    if (input.dataset.unseen === "true" && raw === "") continue;
    if (field.type === "list") properties[field.name] = raw ? raw.split(/[\s,;|]+/).filter(Boolean) : [];
    else if (field.type === "boolean") properties[field.name] = raw === "" ? null : raw === "true";
    else if (["integer", "float", "date", "choice"].includes(field.type)) {
      properties[field.name] = raw === "" ? (field.type === "choice" ? "" : null) : raw;
    } else properties[field.name] = raw;
  }
  return properties;
}
