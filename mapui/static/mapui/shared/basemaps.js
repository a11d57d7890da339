// The plain background needs no network, so the map works offline;
// OpenStreetMap and the city's imagery (when configured) are one click away.
export function basemaps(map, config, text) {
  const plain = L.layerGroup().addTo(map);
  const layers = { [text.plain]: plain };
  layers[text.osm] = L.tileLayer(config.osm, {
    maxZoom: 19,
    attribution: "&copy; OpenStreetMap contributors",
  });
  if (config.imagery) layers[text.imagery] = L.tileLayer(config.imagery, { maxZoom: 20 });
  return layers;
}
