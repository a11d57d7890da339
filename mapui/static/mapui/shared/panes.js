// Layers arrive in any order; panes keep boundaries under households under
// plots under points, so a kelurahan fill never swallows the clicks meant for
// what lies on it, and warnings above everything.
const PANES = { boundaries: 350, households: 380, plots: 420, points: 450, warnings: 640 };

export function addPanes(map) {
  for (const [name, z] of Object.entries(PANES)) map.createPane(name).style.zIndex = String(z);
}
