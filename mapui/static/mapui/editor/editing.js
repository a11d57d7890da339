// Drawing, editing and saving plots and waste points. The server validates every
// save; this module shows what it said next to the shape and never pretends a
// save worked when it did not.
import { detailUrl, request } from "./api.js";
import { formatArea, polygonArea } from "./area.js";
import { fillForm, readForm } from "./form.js";
import { plotStyle, wasteIcon } from "./layers.js";
import { showHistory } from "./history.js";

const $ = (id) => document.getElementById(id);

export class Editor {
  constructor(map, config, featureLayers) {
    this.map = map;
    this.config = config;
    this.layers = featureLayers.layers;
    this.byId = featureLayers.byId;
    this.current = null; // {kind, layer, id, version, draft}
    this.warnings = L.layerGroup([], { pane: "warnings" }).addTo(map);
  }

  canEdit(kind) {
    return Boolean(this.config.canEdit[kind === "plot" ? "idle_plots" : "waste_points"]);
  }

  endpoint(kind) {
    return this.config.endpoints[kind === "plot" ? "idle_plots" : "waste_points"];
  }

  enableDrawing() {
    const plots = this.canEdit("plot");
    const points = this.canEdit("point");
    if (!plots && !points) return;
    this.map.pm.addControls({
      position: "topleft",
      drawMarker: points,
      drawPolygon: plots,
      drawRectangle: plots,
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
    // Geoman ships Indonesian tooltips ("Klik untuk memulai…").
    this.map.pm.setLang(document.documentElement.lang === "en" ? "en" : "id");
    this.map.pm.setGlobalOptions({
      snappable: true,
      snapDistance: 15,
      // The server explains a self-intersection and offers a repair; blocking
      // it here would hide both.
      allowSelfIntersection: true,
      markerStyle: { icon: wasteIcon("tps") },
    });
    this.map.on("pm:drawstart", ({ workingLayer, shape }) => this.trackDrawing(workingLayer, shape));
    this.map.on("pm:create", ({ layer, shape }) => this.startNew(shape === "Marker" ? "point" : "plot", layer));
  }

  trackDrawing(workingLayer, shape) {
    if (shape === "Marker") return;
    this.discardDraft();
    this.openPanel(this.config.text.new_plot);
    const show = (cursor) => {
      const latlngs = [...workingLayer.getLatLngs()];
      if (cursor) latlngs.push(cursor);
      this.showArea(polygonArea(latlngs));
    };
    workingLayer.on("pm:vertexadded", () => show());
    const onMove = (e) => show(e.latlng);
    this.map.on("mousemove", onMove);
    this.map.once("pm:drawend", () => this.map.off("mousemove", onMove));
  }

  // --- selecting and the panel ---

  select(kind, layer) {
    if (this.current && this.current.layer === layer) return;
    this.discardDraft();
    this.stopShapeEditing();
    const feature = layer.feature;
    this.current = { kind, layer, id: feature.id, version: feature.properties.version, draft: false };
    const title = `${kind === "plot" ? this.config.text.plot : this.config.text.point} #${feature.id}`;
    this.openPanel(title);
    fillForm($("feature-form"), kind, feature.properties, this.config, this.canEdit(kind));
    if (kind === "plot") this.showArea(feature.properties.area_m2);
    this.renderButtons();
    showHistory(this, kind, feature.id);
  }

  startNew(kind, layer) {
    this.discardDraft();
    this.stopShapeEditing();
    if (kind === "point") layer.setIcon(wasteIcon("tps"));
    layer.options.pane = kind === "plot" ? "plots" : "points";
    this.current = { kind, layer, id: null, version: null, draft: true };
    this.openPanel(kind === "plot" ? this.config.text.new_plot : this.config.text.new_point);
    const defaults = kind === "plot" ? { status: "reported", condition: "vacant_lot", ownership: "unknown" } : { kind: "tps", status: "active" };
    fillForm($("feature-form"), kind, defaults, this.config, true);
    if (kind === "plot") this.showArea(polygonArea(layer.getLatLngs()));
    this.renderButtons();
    $("history").hidden = true;
    if (kind === "plot") this.watchArea(layer);
  }

  openPanel(title) {
    $("feature").hidden = false;
    $("hint").hidden = true;
    $("feature-title").textContent = title;
    $("feature-messages").replaceChildren();
    $("live-area").hidden = true;
    this.warnings.clearLayers();
    document.getElementById("side-panel").classList.remove("collapsed");
  }

  closePanel() {
    $("feature").hidden = true;
    $("hint").hidden = false;
    this.current = null;
    this.warnings.clearLayers();
  }

  showArea(m2) {
    const box = $("live-area");
    box.hidden = m2 === undefined || m2 === null;
    if (!box.hidden) box.textContent = formatArea(m2, this.config.text.area);
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
    const { kind, draft } = this.current;
    if (!this.canEdit(kind)) return;
    const t = this.config.text;
    box.append(this.button(t.save, () => this.save(), "primary"));
    if (!draft) {
      if (kind === "plot") box.append(this.button(t.edit_shape, () => this.editShape()));
      box.append(
        this.button(t.move, () => this.move()),
        this.button(t.delete, () => this.remove(), "danger"),
      );
    }
    box.append(this.button(t.cancel, () => this.cancel()));
  }

  // --- shape editing ---

  editShape() {
    const { layer } = this.current;
    this.stopShapeEditing();
    this.current.original ??= layer.toGeoJSON();
    layer.pm.enable({ snappable: true, snapDistance: 15, allowSelfIntersection: true });
    this.watchArea(layer);
    this.current.editing = true;
  }

  move() {
    const { layer } = this.current;
    this.stopShapeEditing();
    this.current.original ??= layer.toGeoJSON();
    if (layer instanceof L.Marker) layer.pm.enable({ snappable: true, draggable: true });
    else layer.pm.enableLayerDrag();
    this.current.editing = true;
  }

  stopShapeEditing() {
    if (this.current?.editing) {
      this.current.layer.pm.disable();
      this.current.layer.pm.disableLayerDrag?.();
      this.current.editing = false;
    }
  }

  cancel() {
    if (this.current?.draft) {
      this.discardDraft();
    } else if (this.current?.original) {
      this.stopShapeEditing();
      this.resetGeometry(this.current.layer, this.current.original.geometry);
    }
    this.closePanel();
  }

  discardDraft() {
    if (this.current?.draft) {
      this.current.layer.remove();
      this.current = null;
    }
  }

  resetGeometry(layer, geometry) {
    if (layer instanceof L.Marker) {
      layer.setLatLng(L.GeoJSON.coordsToLatLng(geometry.coordinates));
    } else {
      const depth = geometry.type === "MultiPolygon" ? 2 : 1;
      layer.setLatLngs(L.GeoJSON.coordsToLatLngs(geometry.coordinates, depth));
    }
  }

  geometryOf(layer) {
    const geometry = layer.toGeoJSON().geometry;
    if (geometry.type === "Polygon") return { type: "MultiPolygon", coordinates: [geometry.coordinates] };
    return geometry;
  }

  // --- saving ---

  async save(options = {}) {
    const { kind, layer, id, draft } = this.current;
    const body = {
      type: "Feature",
      geometry: this.geometryOf(layer),
      properties: readForm($("feature-form"), kind, this.config),
    };
    const url = draft ? this.endpoint(kind) : detailUrl(this.endpoint(kind), id);
    const version = options.version ?? this.current.version;
    const response = await request(draft ? "POST" : "PATCH", url, { body, version: draft ? undefined : version });
    $("feature-messages").replaceChildren();
    this.warnings.clearLayers();
    if (response.ok) return this.saved(response.body);
    if (response.status === 409) return this.conflict(response.body, body);
    this.showErrors(response.body);
  }

  saved(feature) {
    const { kind, layer, draft } = this.current;
    this.stopShapeEditing();
    if (draft) layer.remove();
    else this.removeFeatureLayer(kind, feature.id);
    const saved = this.addFeature(kind, feature);
    this.current = null;
    this.select(kind, saved);
    this.message("ok", this.config.text.saved);
    document.body.dataset.lastSaved = String(feature.id);
  }

  addFeature(kind, feature) {
    const group = kind === "plot" ? this.layers.idle_plots : this.layers.waste_points;
    group.addData(feature);
    const layer = group.getLayers().find((l) => l.feature.id === feature.id && !this.isStale(kind, l));
    this.byId[kind].set(feature.id, layer);
    layer.on("click", () => this.select(kind, layer));
    return layer;
  }

  isStale(kind, layer) {
    const known = this.byId[kind].get(layer.feature.id);
    return known && known !== layer && this.map.hasLayer(known);
  }

  removeFeatureLayer(kind, id) {
    const layer = this.byId[kind].get(id);
    const group = kind === "plot" ? this.layers.idle_plots : this.layers.waste_points;
    if (layer) group.removeLayer(layer);
    this.byId[kind].delete(id);
  }

  showErrors(body) {
    const t = this.config.text;
    this.message("error", `${t.not_saved} ${body?.message || ""}`);
    for (const detail of body?.details || []) {
      if (detail.at) {
        L.circleMarker([detail.at[1], detail.at[0]], {
          pane: "warnings", radius: 10, color: "#d62828", weight: 3, fill: false,
        }).addTo(this.warnings);
      }
      if (detail.other_geometry) {
        L.geoJSON(detail.other_geometry, {
          pane: "warnings", style: { color: "#d62828", weight: 3, dashArray: "6 4", fillOpacity: 0.15 },
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

  conflict(body, mine) {
    const t = this.config.text;
    this.message("conflict", `${t.conflict} ${body.message}`);
    const theirs = body.details[0].current;
    L.geoJSON(theirs.geometry, {
      pane: "warnings", style: { color: "#f77f00", weight: 3, dashArray: "4 4", fillOpacity: 0.1 },
    }).addTo(this.warnings);
    $("feature-messages").append(
      this.button(t.load_theirs, () => {
        const { kind, layer } = this.current;
        this.stopShapeEditing();
        this.resetGeometry(layer, theirs.geometry);
        Object.assign(layer.feature.properties, theirs.properties, { version: theirs.version });
        this.current.version = theirs.version;
        fillForm($("feature-form"), kind, theirs.properties, this.config, true);
        $("feature-messages").replaceChildren();
        this.warnings.clearLayers();
      }),
      this.button(t.save_mine, () => this.save({ version: theirs.version })),
    );
    document.body.dataset.lastError = "conflict";
    return mine;
  }

  async remove() {
    const { kind, id, version } = this.current;
    const what = `${kind === "plot" ? this.config.text.plot : this.config.text.point} #${id}`;
    if (!window.confirm(this.config.text.confirm_delete.replace("%(what)s", what))) return;
    const response = await request("DELETE", detailUrl(this.endpoint(kind), id), { version });
    if (!response.ok) {
      if (response.status === 409) return this.conflict(response.body);
      return this.showErrors(response.body);
    }
    this.stopShapeEditing();
    this.removeFeatureLayer(kind, id);
    this.closePanel();
    document.body.dataset.lastDeleted = String(id);
  }

  restored(kind, feature) {
    this.removeFeatureLayer(kind, feature.id);
    this.current = null;
    const layer = this.addFeature(kind, feature);
    this.select(kind, layer);
    this.message("ok", this.config.text.restored);
  }

  restyle(layer) {
    if (layer.setStyle) layer.setStyle(plotStyle(layer.feature));
  }
}
