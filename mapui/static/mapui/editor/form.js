// The attribute form of the feature in the side panel.

const PLOT_FIELDS = [
  ["status", "select", "status"],
  ["condition", "select", "condition"],
  ["ownership", "select", "ownership"],
  ["owner_name", "text"],
  ["proposed_use", "select", "proposed_use", true],
  ["notes", "textarea"],
];

const POINT_FIELDS = [
  ["name", "text"],
  ["kind", "select", "kind"],
  ["status", "select", "waste_status"],
  ["capacity_m3", "number"],
  ["operator", "text"],
  ["collection_schedule", "text"],
  ["reported_on", "date"],
  ["cleared_on", "date"],
  ["notes", "textarea"],
];

function control(type, name, options, blank) {
  if (type === "select") {
    const select = document.createElement("select");
    if (blank) select.append(new Option("—", ""));
    for (const [value, label] of options) select.append(new Option(label, value));
    return select;
  }
  if (type === "textarea") return document.createElement("textarea");
  const input = document.createElement("input");
  input.type = type;
  if (type === "number") input.step = "any";
  return input;
}

export function fieldsFor(kind, config) {
  const fields = kind === "plot" ? PLOT_FIELDS : POINT_FIELDS;
  return fields.filter(([name]) => name !== "owner_name" || config.ownerVisible);
}

export function fillForm(form, kind, properties, config, editable) {
  form.replaceChildren();
  for (const [name, type, choiceKey, blank] of fieldsFor(kind, config)) {
    const label = document.createElement("label");
    label.textContent = config.text.field[name] || name;
    const input = control(type, name, config.choices[choiceKey] || [], blank);
    input.name = name;
    input.disabled = !editable;
    const value = properties[name];
    input.value = value === null || value === undefined ? "" : String(value);
    label.appendChild(input);
    form.appendChild(label);
  }
  if (kind === "point") keepStatusFitForKind(form, config);
}

// Facilities are active or inactive; illegal spots are reported, verified or
// cleared. Offer only the statuses the server will accept for the kind.
function keepStatusFitForKind(form, config) {
  const kind = form.elements.kind;
  const status = form.elements.status;
  const spots = new Set(["illegal_dumping", "open_burning"]);
  const refresh = () => {
    const allowed = new Set(
      spots.has(kind.value) ? config.choices.spot_statuses : config.choices.facility_statuses,
    );
    for (const option of status.options) option.hidden = !allowed.has(option.value);
    if (!allowed.has(status.value)) status.value = [...allowed][0];
  };
  kind.addEventListener("change", refresh);
  refresh();
}

export function readForm(form, kind, config) {
  const properties = {};
  for (const [name, type] of fieldsFor(kind, config)) {
    const raw = form.elements[name].value.trim();
    if (type === "number" || type === "date") properties[name] = raw === "" ? null : raw;
    else properties[name] = raw;
  }
  return properties;
}
