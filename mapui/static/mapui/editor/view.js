// The map view lives in the URL (#zoom/lat/lng), so a reload or a shared link
// opens the same place.

export function restoreView(map) {
  const match = window.location.hash.match(/^#(\d{1,2})\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/);
  if (!match) return false;
  map.setView([Number(match[2]), Number(match[3])], Number(match[1]), { animate: false });
  return true;
}

export function keepViewInUrl(map) {
  map.on("moveend", () => {
    const c = map.getCenter();
    const hash = `#${map.getZoom()}/${c.lat.toFixed(6)}/${c.lng.toFixed(6)}`;
    window.history.replaceState(null, "", `${window.location.pathname}${window.location.search}${hash}`);
  });
}
