// Candidate idle land on the map and in a list, for the lurah to accept (it
// becomes a reported plot) or dismiss (never proposed again).
import { fill, getJSON, postJSON, reasonOf } from "./api.js";

const STYLE = { color: "#f77f00", weight: 2, dashArray: "5 4", fillOpacity: 0.25 };

function message(box, kind, text) {
  const line = document.createElement("div");
  line.className = kind;
  line.textContent = text;
  box.replaceChildren(line);
}

export class CandidateReview {
  constructor(map, config, { list, messages }) {
    this.map = map;
    this.config = config;
    this.text = config.text;
    this.list = list;
    this.messages = messages;
    this.layer = L.geoJSON(null, { style: STYLE }).addTo(map);
    this.byId = new Map();
  }

  async load() {
    const result = await getJSON(this.config.endpoints.candidates);
    if (!result.ok) return message(this.messages, "error", reasonOf(result));
    this.render(result.body);
  }

  async search(rasterId) {
    message(this.messages, "ok", this.text.searching);
    const result = await postJSON(this.config.endpoints.search, { raster: rasterId ? Number(rasterId) : null });
    if (!result.ok) return message(this.messages, "error", `${this.text.not_saved} ${reasonOf(result)}`);
    const search = result.body.search;
    await this.load();
    message(
      this.messages,
      "ok",
      fill(this.text.found, { n: result.body.features.length, new: search.new, rule: search.rule }),
    );
  }

  render(collection) {
    this.layer.clearLayers();
    this.byId.clear();
    this.list.replaceChildren();
    if (!collection.features.length) {
      const empty = document.createElement("li");
      empty.className = "muted";
      empty.textContent = this.text.no_candidates;
      this.list.appendChild(empty);
    }
    for (const feature of collection.features) {
      const shape = L.geoJSON(feature, { style: STYLE });
      shape.eachLayer((l) => {
        this.layer.addLayer(l);
        l.on("click", () => this.focus(feature.id));
      });
      this.byId.set(feature.id, shape);
      this.list.appendChild(this.item(feature));
    }
    document.body.dataset.candidates = String(collection.features.length);
  }

  item(feature) {
    const li = document.createElement("li");
    li.dataset.candidate = String(feature.id);
    const title = document.createElement("button");
    title.type = "button";
    title.className = "link";
    title.textContent = `#${feature.id} · ${Math.round(feature.properties.area_m2).toLocaleString(document.documentElement.lang || "id")} m²`;
    title.title = this.text.show;
    title.addEventListener("click", () => this.focus(feature.id));
    const rule = document.createElement("div");
    rule.className = "muted";
    rule.textContent = `${this.text.found_by}: ${feature.properties.rule}`;
    li.append(title, rule);
    if (this.config.canReview) {
      const buttons = document.createElement("div");
      buttons.className = "buttons";
      const accept = document.createElement("button");
      accept.type = "button";
      accept.className = "primary";
      accept.textContent = this.text.accept;
      accept.addEventListener("click", () => this.decide(feature.id, "accept"));
      const dismiss = document.createElement("button");
      dismiss.type = "button";
      dismiss.className = "danger";
      dismiss.textContent = this.text.dismiss;
      dismiss.addEventListener("click", () => this.decide(feature.id, "dismiss"));
      buttons.append(accept, dismiss);
      li.appendChild(buttons);
    }
    return li;
  }

  focus(id) {
    const shape = this.byId.get(id);
    if (shape) this.map.fitBounds(shape.getBounds(), { maxZoom: 19, animate: false });
    for (const li of this.list.querySelectorAll("li")) {
      li.classList.toggle("selected", li.dataset.candidate === String(id));
    }
  }

  async decide(id, action) {
    const url = this.config.endpoints[action].replace("{id}", String(id));
    const result = await postJSON(url);
    if (!result.ok) return message(this.messages, "error", `${this.text.not_saved} ${reasonOf(result)}`);
    const text = action === "accept" ? fill(this.text.accepted, result.body) : this.text.dismissed;
    await this.load();
    message(this.messages, "ok", text);
    document.body.dataset.lastDecision = `${action}:${id}`;
  }
}
