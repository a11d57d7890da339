// Snapping is a distance on the ground: a few metres, whatever the zoom. At
// the zoom a kelurahan fits in, a fixed 15 px was about 70 m, so a tapped
// corner jumped to the boundary.
const EARTH_CIRCUMFERENCE_M = 40075016.686;

export function metresPerPixel(map) {
  const lat = map.getCenter().lat;
  return (EARTH_CIRCUMFERENCE_M * Math.cos((lat * Math.PI) / 180)) / 2 ** (map.getZoom() + 8);
}

// Never under a couple of pixels, or a corner could not be snapped at the
// zoom a kelurahan fits in (2.4 m a pixel at zoom 16).
export const MIN_SNAP_PX = 2;

export function snapPixels(map, metres) {
  return Math.max(MIN_SNAP_PX, Math.round(metres / metresPerPixel(map)));
}
