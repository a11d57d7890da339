// A Leaflet layer drawn from one of our TileJSON documents (/tiles/<layer>.json).
//
// Drawn with protomaps-leaflet (pinned in package-lock.json, served from
// node_modules as vendor/protomaps/protomaps-leaflet.js): it is maintained,
// reads z/x/y MVT URLs, and paints on a 2D canvas, so it needs no WebGL
// (headless test browsers and old phones lack it). Leaflet.VectorGrid, the
// usual choice, has had no release since 2019; maplibre-gl-leaflet needs WebGL.
//
// Tiles carry no personal field. Clicking a home asks the REST API for it,
// which returns only what the user may see (and logs personal reads); popups
// are built from text nodes by the caller's popupFor.

const STYLE = {
  point: { fill: "#3d405b", stroke: "#ffffff" },
  total: { fill: "#e07a5f", stroke: "#7a2e1b" },
};

function totalRadius(zoom, feature) {
  const n = Number(feature.props.households) || 0;
  return Math.min(16, 3 + Math.sqrt(n));
}

function paintRules(vectorLayers) {
  return vectorLayers.map((layer) => {
    const isTotal = layer.id.endsWith("_totals");
    const look = isTotal ? STYLE.total : STYLE.point;
    return {
      dataLayer: layer.id,
      symbolizer: new protomapsL.CircleSymbolizer({
        radius: isTotal ? totalRadius : 3,
        fill: look.fill,
        stroke: look.stroke,
        width: 0.75,
        opacity: isTotal ? 0.75 : 0.9,
      }),
    };
  });
}

export async function fetchTileJSON(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

function totalsPopup(feature, labels) {
  const root = document.createElement("div");
  root.className = "popup";
  const heading = document.createElement("strong");
  heading.textContent = labels.totals;
  const line = document.createElement("p");
  line.textContent = `${feature.props.households} ${labels.households}, ${feature.props.members} ${labels.members}`;
  root.append(heading, line);
  return root;
}

function note(text) {
  const line = document.createElement("p");
  line.textContent = text;
  return line;
}

// Opens a popup for the feature under a click: a home's details from
// ``detailUrl(id)`` (the REST API), or a cell's or RT's totals. It listens to
// Leaflet's "preclick", which every click fires on the map first: a boundary
// whose popup the same click opens stops the "click" itself. The popup opens
// in a microtask, after that boundary's, so it is the one shown.
function onClick(map, layer, options) {
  const pick = (latlng) =>
    [...layer.queryTileFeaturesDebug(latlng.lng, latlng.lat, 6).values()].flat();
  return async (event) => {
    let hits = pick(event.latlng);
    if (hits.length) await new Promise((resolve) => queueMicrotask(resolve));
    if (!hits.length && layer.isLoading()) {
      // A click right after a pan or zoom may come before the tile under it.
      await new Promise((resolve) => layer.once("load", resolve));
      hits = pick(event.latlng);
    }
    if (!hits.length) return;
    // A boundary under the feature opened its own popup with this click:
    // close it at once, not after Leaflet's fade, so that one popup shows.
    map.eachLayer((other) => {
      if (other instanceof L.Popup) {
        map.closePopup(other);
        other.getElement()?.remove();
      }
    });
    const { feature, layerName } = hits[0];
    const popup = L.popup().setLatLng(event.latlng);
    if (layerName.endsWith("_totals")) {
      popup.setContent(totalsPopup(feature, options.labels)).openOn(map);
      return;
    }
    popup.setContent(note(options.labels.loading || "…")).openOn(map);
    try {
      const response = await fetch(options.detailUrl(feature.id), { credentials: "same-origin" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const data = await response.json();
      popup.setContent(options.popupFor(data.properties, `#${feature.id}`));
    } catch {
      popup.setContent(note(options.labels.notLoaded || "—"));
    }
  };
}

// Adds the tile layer to ``map`` and returns it. ``options``: popupFor(props,
// title) → DOM node, detailUrl(id) → URL, labels {totals, households, members,
// loading, notLoaded}, pane (optional).
export async function addTileLayer(map, tilejsonUrl, options) {
  const tilejson = await fetchTileJSON(tilejsonUrl);
  const layer = protomapsL.leafletLayer({
    url: tilejson.tiles[0],
    levelDiff: 0, // our tiles are drawn at their own zoom, 256 px each
    maxDataZoom: tilejson.maxzoom,
    minZoom: tilejson.minzoom,
    paintRules: paintRules(tilejson.vector_layers),
    labelRules: [],
    attribution: "",
    pane: options.pane || "overlayPane",
  });
  // "true" once the tiles in view have arrived, "false" while new ones load.
  layer.on("loading", () => {
    document.body.dataset.tilesReady = "false";
  });
  layer.on("load", () => {
    document.body.dataset.tilesReady = "true";
  });
  layer.addTo(map);
  map.on("preclick", onClick(map, layer, options));
  return layer;
}
