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

// Opens a popup for the feature under a click: a home's details from
// ``detailUrl(id)`` (the REST API), or a cell's or RT's totals.
function onClick(map, layer, options) {
  return async (event) => {
    const picked = layer.queryTileFeaturesDebug(event.latlng.lng, event.latlng.lat, 6);
    const hits = [...picked.values()].flat();
    if (!hits.length) return;
    const { feature, layerName } = hits[0];
    if (layerName.endsWith("_totals")) {
      L.popup().setLatLng(event.latlng).setContent(totalsPopup(feature, options.labels)).openOn(map);
      return;
    }
    const response = await fetch(options.detailUrl(feature.id), { credentials: "same-origin" });
    if (!response.ok) return;
    const data = await response.json();
    const content = options.popupFor(data.properties, `#${feature.id}`);
    L.popup().setLatLng(event.latlng).setContent(content).openOn(map);
  };
}

// Adds the tile layer to ``map`` and returns it. ``options``: popupFor(props,
// title) → DOM node, detailUrl(id) → URL, labels {totals, households, members},
// pane (optional).
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
  layer.on("load", () => {
    document.body.dataset.tilesReady = "true";
  });
  layer.addTo(map);
  map.on("click", onClick(map, layer, options));
  return layer;
}
