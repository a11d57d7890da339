// The admin's geometry widget draws the kelurahan, RW and RT boundaries
// around the feature being edited, so a point or a plot is placed against
// them, not on a blank map. They are drawn under the feature and take no
// clicks. django-leaflet's widget announces its map with "map:init".
const STYLES = {
  kelurahan: { color: "#1f5f3f", weight: 3, fill: false },
  rw: { color: "#3a5a40", weight: 2, dashArray: "6 4", fill: false },
  rt: { color: "#7b4fa0", weight: 1, dashArray: "3", fill: false },
};

window.addEventListener("map:init", (event) => {
  // Read here: this script runs in the page's head, before the config.
  const config = JSON.parse(document.getElementById("admin-boundaries").textContent);
  const map = event.detail.map;
  const drawn = L.layerGroup().addTo(map);
  let timer;
  const refresh = async () => {
    const b = map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].join(",");
    const layers = await Promise.all(
      Object.entries(config).map(async ([name, url]) => {
        const response = await fetch(`${url}?in_bbox=${bbox}`, { credentials: "same-origin" });
        if (!response.ok) return null;
        return L.geoJSON(await response.json(), { style: STYLES[name], interactive: false });
      }),
    );
    drawn.clearLayers();
    for (const layer of layers) if (layer) drawn.addLayer(layer);
    for (const layer of drawn.getLayers()) layer.bringToBack();
    document.body.dataset.boundariesDrawn = String(drawn.getLayers().length);
  };
  map.on("moveend", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
  map.whenReady(() => setTimeout(refresh, 300));
});
