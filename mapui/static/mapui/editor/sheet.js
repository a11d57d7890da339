// The side panel: beside the map on a desktop, a bottom sheet on a phone that
// leaves the shape being edited and its Save button in view. The toggle sits
// in the panel's own header, never over the map's controls.
const PHONE = window.matchMedia("(max-width: 700px)");

const panel = () => document.getElementById("side-panel");

export function openPanel() {
  panel().classList.remove("collapsed");
  document.getElementById("panel-toggle").setAttribute("aria-expanded", "true");
}

export function attachToggle(map) {
  const toggle = document.getElementById("panel-toggle");
  toggle.addEventListener("click", () => {
    const collapsed = panel().classList.toggle("collapsed");
    toggle.setAttribute("aria-expanded", String(!collapsed));
    map.invalidateSize();
  });
  if (PHONE.matches) panel().classList.add("collapsed");
  toggle.setAttribute("aria-expanded", String(!panel().classList.contains("collapsed")));
}

// On a phone, move the map so that ``bounds`` lie above the sheet.
export function revealAbovePanel(map, bounds) {
  if (!PHONE.matches) return;
  const sheet = panel().getBoundingClientRect();
  const box = map.getContainer().getBoundingClientRect();
  const covered = Math.max(0, box.bottom - sheet.top);
  map.fitBounds(bounds, {
    paddingTopLeft: [24, 24],
    paddingBottomRight: [24, covered + 24],
    maxZoom: map.getZoom(),
    animate: false,
  });
}
