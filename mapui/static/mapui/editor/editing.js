// Drawing, opening, editing and saving the features of the kelurahan map:
// idle plots, waste points and households, each described by the server
// (its fields, whether this user may add to it; whether they may change a
// feature comes with the feature). The server validates every save; this
// module shows what it said next to the shape and never pretends a save
// worked when it did not.
import { detailUrl, request } from "../shared/api.js";
import { polygonArea } from "../shared/area.js";
import { restyle } from "../shared/layers.js";
import { fill, formatArea, popupContent } from "../shared/present.js";
import { householdMarker, wasteIcon } from "../shared/styles.js";
import { fillForm, readForm, readOnlyRows } from "./form.js";
import { showHistory } from "./history.js";
import { revealAbovePanel, openPanel } from "./sheet.js";
import { snapPixels } from "./snap.js";

const $ = (id) => document.getElementById(id);

function householdIcon() {
  const dot = document.createElement("span");
  return L.divIcon({ className: "household-icon", html: dot, iconSize: [16, 16], iconAnchor: [8, 8] });
}

// Which Geoman tool draws a feature of which layer.
// "%(what)s baru" puts the layer's name first: the title starts upper-case
// whichever language leads with it.
const asTitle = (text) => text.charAt(0).toUpperCase() + text.slice(1);

const DRAW_TOOLS = { Polygon: "idle_plots", Rectangle: "idle_plots", Marker: "waste_points", Household: "households" };

export class Editor {
  constructor(map, config, built) {
    this.map = map;
    this.config = config;
    this.text = config.text;
    this.layers = built.features;
    this.descriptions = Object.fromEntries(config.features.map((d) => [d.name, d]));
    this.byId = Object.fromEntries(config.features.map((d) => [d.name, new Map()]));
    for (const [name, group] of Object.entries(this.layers)) {
      group.eachLayer((layer) => this.track(name, layer));
    }
    this.current = null; // {name, layer, id, version, draft, can, original, editing, handle}
    this.warnings = L.layerGroup([], { pane: "warnings" }).addTo(map);
    this.renderer = built.renderer;
  }

  description(name) {
    return this.descriptions[name];
  }

  track(name, layer) {
    this.byId[name].set(layer.feature.id, layer);
    layer.on("click", () => this.select(name, layer));
  }

  // --- drawing ---

  enableDrawing() {
    const can = (name) => Boolean(this.descriptions[name]?.canAdd);
    if (!["idle_plots", "waste_points", "households"].some(can)) return;
    const pm = this.map.pm;
    pm.setLang("wakuncar", this.config.geoman, "en");
    pm.addControls({
      position: "topleft",
      drawMarker: can("waste_points"),
      drawPolygon: can("idle_plots"),
      drawRectangle: can("idle_plots"),
      drawPolyline: false,
      drawCircle: false,
      drawCircleMarker: false,
      drawText: false,
      editMode: false,
      dragMode: false,
      cutPolygon: false,
      removalMode: false,
      rotateMode: false,
    });
    if (can("households")) {
      const { drawInstance } = pm.Toolbar.copyDrawControl("Marker", {
        name: "Household",
        block: "draw",
        title: this.description("households").title,
        className: "wakuncar-household-tool",
      });
      drawInstance.setOptions({ markerStyle: { icon: householdIcon() } });
    }
    pm.setGlobalOptions({
      snappable: true,
      snapDistance: snapPixels(this.map, this.config.snapMetres),
      // The server explains a self-intersection and offers a repair; blocking
      // it here would hide both.
      allowSelfIntersection: true,
      markerStyle: { icon: wasteIcon("tps") },
      // Escape gives up a drawing, as in any drawing program.
      exitModeOnEscape: true,
    });
    this.map.on("zoomend", () =>
      pm.setGlobalOptions({ snapDistance: snapPixels(this.map, this.config.snapMetres) }),
    );
    this.map.on("pm:drawstart", ({ workingLayer, shape }) => this.trackDrawing(workingLayer, shape));
    this.map.on("pm:create", ({ layer, shape }) => this.startNew(DRAW_TOOLS[shape], layer));
  }

  trackDrawing(workingLayer, shape) {
    if (DRAW_TOOLS[shape] !== "idle_plots") return;
    this.leave();
    this.openPanel(asTitle(fill(this.text.new, { what: this.description("idle_plots").title.toLowerCase() })));
    // A polygon's working line lacks the vertex under the cursor; a
    // rectangle's working shape follows the cursor itself.
    const followsCursor = shape === "Rectangle";
    const show = (cursor) => {
      const latlngs = [...workingLayer.getLatLngs()];
      if (cursor && !followsCursor) latlngs.push(cursor);
      this.showArea(polygonArea(latlngs));
    };
    workingLayer.on("pm:vertexadded", () => show());
    const onMove = (e) => show(e.latlng);
    this.map.on("mousemove", onMove);
    this.map.once("pm:drawend", () => {
      this.map.off("mousemove", onMove);
      // Geoman fires pm:create before pm:drawend: no feature now means the
      // drawing was cancelled, and the panel goes back to the hint.
      if (!this.current) this.closePanel();
    });
  }

  startNew(name, layer) {
    this.leave();
    const description = this.description(name);
    layer.options.pane = description.geometry === "polygon" ? "plots" : "points";
    if (name === "waste_points") layer.setIcon(wasteIcon("tps"));
    this.current = { name, layer, id: null, version: null, draft: true, loaded: true, can: { change: true } };
    this.openPanel(asTitle(fill(this.text.new, { what: description.title.toLowerCase() })));
    this.renderFeature({}, { isNew: true });
    if (name === "idle_plots") {
      this.showArea(polygonArea(layer.getLatLngs()));
      this.watchArea(layer);
    }
    if (name === "waste_points") {
      const kind = $("feature-form").elements.kind;
      kind?.addEventListener("change", () => layer.setIcon(wasteIcon(kind.value)));
    }
    $("history").hidden = true;
    this.reveal(layer);
  }

  // --- opening a feature ---

  async select(name, layer) {
    if (this.current && this.current.layer === layer) return;
    this.leave();
    const description = this.description(name);
    const id = layer.feature.id;
    // Nothing of the last feature stays on screen (no form, no Save) until
    // this one is read: a save meanwhile would write one onto the other.
    const current = { name, layer, id, version: null, draft: false, loaded: false, can: {} };
    this.current = current;
    this.openPanel(`${description.title} #${id}`);
    this.message("muted", this.text.loading);
    this.highlight(layer);
    this.reveal(layer);
    // The list carries what the map draws; the feature itself (all the
    // fields this user may read, its version, what they may do) is read now.
    const response = await request("GET", detailUrl(description.endpoint, id));
    if (this.current !== current) return;
    $("feature-messages").replaceChildren();
    if (!response.ok) {
      this.message("error", this.text.not_loaded);
      return;
    }
    const properties = response.body.properties;
    Object.assign(current, { version: response.version, can: properties.can || {}, loaded: true });
    layer.feature.properties = { ...layer.feature.properties, ...properties };
    this.renderFeature(properties, { isNew: false });
    if (name === "idle_plots") this.showArea(properties.area_m2);
    showHistory(this, description, id, this.current.can.change);
    document.body.dataset.selected = `${name}:${id}`;
    this.map.fire("featureopened", { name, id });
  }

  renderFeature(properties, { isNew }) {
    const description = this.description(this.current.name);
    const details = $("feature-details");
    details.replaceChildren();
    if (!isNew) {
      const rows = readOnlyRows(properties, description.fields, this.text);
      if (rows.length) details.appendChild(popupContent("", rows).querySelector("dl"));
    }
    fillForm($("feature-form"), description.fields, properties, {
      editable: Boolean(this.current.can.change),
      isNew,
      text: this.text,
    });
    this.renderButtons();
  }

  highlight(layer) {
    if (layer instanceof L.CircleMarker) {
      layer.setStyle({ color: "#d62828", weight: 3, radius: 7 });
    }
  }

  unhighlight(layer) {
    if (layer instanceof L.CircleMarker && this.map.hasLayer(layer)) {
      layer.setStyle({ color: "#fff", weight: 1, radius: 4 });
    }
  }

  openPanel(title) {
    openPanel();
    $("feature").hidden = false;
    $("hint").hidden = true;
    $("feature-title").textContent = title;
    for (const id of ["feature-messages", "feature-details", "feature-form", "feature-buttons", "history-list"]) {
      $(id).replaceChildren();
    }
    $("history").hidden = true;
    $("live-area").hidden = true;
    this.warnings.clearLayers();
  }

  // Leave the current feature: a draft is dropped, a shape moved or edited
  // but not saved goes back to where it was.
  leave() {
    const current = this.current;
    if (!current) return;
    this.stopShapeEditing();
    if (current.draft) current.layer.remove();
    else {
      if (current.original) this.resetGeometry(current.layer, current.original.geometry);
      this.unhighlight(current.layer);
    }
    this.current = null;
  }

  closePanel() {
    this.leave();
    $("feature").hidden = true;
    $("hint").hidden = false;
    this.warnings.clearLayers();
    delete document.body.dataset.selected;
  }

  reveal(layer) {
    revealAbovePanel(this.map, layer.getBounds ? layer.getBounds() : L.latLngBounds([layer.getLatLng()]));
  }

  showArea(m2) {
    const box = $("live-area");
    box.hidden = m2 === undefined || m2 === null;
    if (!box.hidden) box.textContent = `${this.text.area}: ${formatArea(m2)}`;
  }

  watchArea(layer) {
    layer.on("pm:markerdrag pm:edit pm:vertexremoved pm:vertexadded", () =>
      this.showArea(polygonArea(layer.getLatLngs())),
    );
  }

  message(kind, text) {
    const p = document.createElement("p");
    p.className = kind;
    p.textContent = text;
    $("feature-messages").appendChild(p);
    return p;
  }

  button(label, onClick, className = "") {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.className = className;
    b.addEventListener("click", onClick);
    return b;
  }

  renderButtons() {
    const box = $("feature-buttons");
    box.replaceChildren();
    const { name, draft, can } = this.current;
    const t = this.text;
    if (can.change) {
      box.append(this.button(t.save, () => this.act(() => this.save()), "primary"));
      if (!draft) {
        if (this.description(name).geometry === "polygon") box.append(this.button(t.edit_shape, () => this.editShape()));
        box.append(
          this.button(t.move, () => this.move()),
          this.button(t.delete, () => this.act(() => this.remove()), "danger"),
        );
      }
    }
    if (can.verify) box.append(this.button(t.verify, () => this.act(() => this.verify())));
    box.append(this.button(t.cancel, () => this.cancel()));
  }

  // One request at a time: the buttons wait for the answer, so a double
  // click saves once.
  async act(action) {
    if (this.busy || !this.current?.loaded) return;
    this.busy = true;
    const buttons = [...$("feature-buttons").querySelectorAll("button")];
    for (const b of buttons) b.disabled = true;
    try {
      await action();
    } finally {
      this.busy = false;
      for (const b of buttons) b.disabled = false;
    }
  }

  // --- shape editing ---

  editShape() {
    const { layer } = this.current;
    this.stopShapeEditing();
    this.current.original ??= layer.toGeoJSON(false);
    layer.pm.enable({
      snappable: true,
      snapDistance: snapPixels(this.map, this.config.snapMetres),
      allowSelfIntersection: true,
    });
    this.watchArea(layer);
    this.current.editing = true;
  }

  move() {
    const { layer } = this.current;
    this.stopShapeEditing();
    this.current.original ??= layer.toGeoJSON(false);
    if (layer instanceof L.Marker) {
      layer.dragging.enable();
    } else if (layer instanceof L.CircleMarker) {
      // A household dot is drawn on a canvas; a marker on top is dragged.
      const handle = L.marker(layer.getLatLng(), { draggable: true, icon: householdIcon(), pane: "warnings" });
      handle.on("drag", () => layer.setLatLng(handle.getLatLng()));
      handle.addTo(this.map);
      this.current.handle = handle;
    } else {
      layer.pm.enableLayerDrag();
    }
    this.current.editing = true;
  }

  stopShapeEditing() {
    if (!this.current?.editing) return;
    const { layer, handle } = this.current;
    if (layer instanceof L.Marker) layer.dragging.disable();
    else if (handle) handle.remove();
    else {
      layer.pm.disable();
      layer.pm.disableLayerDrag?.();
    }
    this.current.editing = false;
    this.current.handle = null;
  }

  cancel() {
    this.closePanel();
  }

  resetGeometry(layer, geometry) {
    if (geometry.type === "Point") {
      layer.setLatLng(L.GeoJSON.coordsToLatLng(geometry.coordinates));
    } else {
      const depth = geometry.type === "MultiPolygon" ? 2 : 1;
      layer.setLatLngs(L.GeoJSON.coordsToLatLngs(geometry.coordinates, depth));
    }
  }

  geometryOf(layer) {
    const geometry = layer.toGeoJSON(false).geometry;
    if (geometry.type === "Polygon") return { type: "MultiPolygon", coordinates: [geometry.coordinates] };
    return geometry;
  }

  // --- saving ---

  async save(options = {}) {
    const t = this.text;
    const { name, layer, id, draft } = this.current;
    const description = this.description(name);
    const body = {
      type: "Feature",
      geometry: this.geometryOf(layer),
      properties: readForm($("feature-form"), description.fields),
    };
    const url = draft ? description.endpoint : detailUrl(description.endpoint, id);
    const version = options.version ?? this.current.version;
    const response = await request(draft ? "POST" : "PATCH", url, { body, version: draft ? undefined : version });
    $("feature-messages").replaceChildren();
    this.warnings.clearLayers();
    if (response.ok) return this.saved(response.body, this.text.saved);
    if (response.status === 409) return this.conflict(response.body, t.save_mine, (v) => this.save({ version: v }));
    this.showErrors(response.body);
  }

  async verify(options = {}) {
    const { name, id } = this.current;
    const version = options.version ?? this.current.version;
    const url = detailUrl(this.description(name).endpoint, id, "verify");
    const response = await request("POST", url, { version });
    if (response.ok) return this.saved(response.body, this.text.verified);
    if (response.status === 409) {
      return this.conflict(response.body, this.text.verify, (v) => this.verify({ version: v }));
    }
    this.showErrors(response.body);
  }

  saved(feature, note) {
    const { name, layer, draft } = this.current;
    this.stopShapeEditing();
    if (draft) layer.remove();
    else this.removeFeatureLayer(name, feature.id);
    const added = this.addFeature(name, feature);
    this.current = null; // saved: nothing to undo on leaving
    // Said once the panel shows the feature as the server stored it.
    this.select(name, added).then(() => {
      this.message("ok", note);
      document.body.dataset.lastSaved = String(feature.id);
    });
  }

  addFeature(name, feature) {
    const group = this.layers[name];
    const properties = { ...feature.properties };
    delete properties.can;
    const drawn = { ...feature, properties };
    let added;
    if (name === "households") {
      added = householdMarker(L.GeoJSON.coordsToLatLng(feature.geometry.coordinates), this.renderer);
      added.feature = drawn;
      group.addLayer(added);
    } else {
      group.addData(drawn);
      added = group.getLayers().find((l) => l.feature.id === feature.id && !this.isStale(name, l));
    }
    restyle(name, added);
    this.track(name, added);
    return added;
  }

  isStale(name, layer) {
    const known = this.byId[name].get(layer.feature.id);
    return known && known !== layer && this.map.hasLayer(known);
  }

  removeFeatureLayer(name, id) {
    const layer = this.byId[name].get(id);
    if (layer) this.layers[name].removeLayer(layer);
    this.byId[name].delete(id);
  }

  showErrors(body) {
    const t = this.text;
    this.message("error", `${t.not_saved} ${body?.message || ""}`);
    for (const detail of body?.details || []) {
      if (detail.at) {
        L.circleMarker([detail.at[1], detail.at[0]], {
          pane: "warnings",
          radius: 10,
          color: "#d62828",
          weight: 3,
          fill: false,
        }).addTo(this.warnings);
      }
      if (detail.other_geometry) {
        L.geoJSON(detail.other_geometry, {
          pane: "warnings",
          style: { color: "#d62828", weight: 3, dashArray: "6 4", fillOpacity: 0.15 },
        }).addTo(this.warnings);
      }
      if (detail.repaired) {
        $("feature-messages").appendChild(
          this.button(t.use_repaired, () => {
            this.resetGeometry(this.current.layer, detail.repaired);
            this.warnings.clearLayers();
            this.showArea(polygonArea(this.current.layer.getLatLngs()));
          }),
        );
      }
    }
    document.body.dataset.lastError = body?.details?.[0]?.code || body?.error || "error";
  }

  // Someone saved first: their version drawn dashed, to load, or to act
  // over with ``again`` (save, verify or delete once more on their version).
  conflict(body, againLabel, again) {
    const t = this.text;
    this.message("conflict", `${t.conflict} ${body.message}`);
    const theirs = body.details[0].current;
    L.geoJSON(theirs.geometry, {
      pane: "warnings",
      pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 9, color: "#f77f00", weight: 3, fill: false }),
      style: { color: "#f77f00", weight: 3, dashArray: "4 4", fillOpacity: 0.1 },
    }).addTo(this.warnings);
    $("feature-messages").append(
      this.button(t.load_theirs, () => {
        const { name, layer } = this.current;
        const description = this.description(name);
        this.stopShapeEditing();
        this.resetGeometry(layer, theirs.geometry);
        Object.assign(layer.feature.properties, theirs.properties, { version: theirs.version });
        this.current.version = theirs.version;
        this.current.original = null;
        fillForm($("feature-form"), description.fields, theirs.properties, {
          editable: Boolean(this.current.can.change),
          isNew: false,
          text: this.text,
        });
        $("feature-messages").replaceChildren();
        this.warnings.clearLayers();
      }),
      this.button(againLabel, () => this.act(() => again(theirs.version))),
    );
    document.body.dataset.lastError = "conflict";
  }

  async remove(options = {}) {
    const { name, id } = this.current;
    const version = options.version ?? this.current.version;
    const what = `${this.description(name).title} #${id}`;
    if (!options.version && !window.confirm(fill(this.text.confirm_delete, { what }))) return;
    const response = await request("DELETE", detailUrl(this.description(name).endpoint, id), { version });
    if (!response.ok) {
      if (response.status === 409) {
        return this.conflict(response.body, this.text.delete, (v) => this.remove({ version: v }));
      }
      return this.showErrors(response.body);
    }
    this.stopShapeEditing();
    this.removeFeatureLayer(name, id);
    this.current = null;
    this.closePanel();
    document.body.dataset.lastDeleted = String(id);
  }

  restored(name, feature) {
    this.stopShapeEditing();
    this.removeFeatureLayer(name, feature.id);
    this.current = null;
    const layer = this.addFeature(name, feature);
    this.select(name, layer).then(() => this.message("ok", this.text.restored));
  }
}

