"""What the browser tests watch on a page: dialogs (alert, confirm, prompt),
Content-Security-Policy violations, console errors, and the Leaflet maps the
page made, so that every tooltip and popup can be opened."""

# Runs before any script of the page: records violations, and hooks Leaflet as
# it is defined so that every map created is kept in window.__maps.
WATCH_SCRIPT = """
window.__violations = [];
window.__maps = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(
    `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ` +
    `${e.sourceFile}:${e.lineNumber}`
  );
});
let leaflet;
Object.defineProperty(window, "L", {
  configurable: true,
  get() { return leaflet; },
  set(value) {
    leaflet = value;
    if (value && value.Map && !value.__watched) {
      value.__watched = true;
      value.Map.addInitHook(function () { window.__maps.push(this); });
    }
  },
});
"""

# Opens each tooltip and popup in turn and looks, right after each, for an
# element that planted markup would have made (it is removed on closing).
OPEN_EVERYTHING = """
() => {
  const planted = [];
  let opened = 0;
  const look = (what) => {
    for (const el of document.querySelectorAll("[data-planted]")) {
      planted.push(`${what}: ${el.outerHTML}`);
    }
  };
  for (const map of window.__maps) {
    const layers = [];
    map.eachLayer((layer) => layers.push(layer));
    for (const layer of layers) {
      if (layer.getTooltip && layer.getTooltip()) {
        layer.openTooltip();
        opened += 1;
        look("tooltip");
      }
      if (layer.getPopup && layer.getPopup()) {
        layer.openPopup();
        opened += 1;
        look("popup");
        layer.closePopup();
      }
    }
  }
  look("page");
  return { opened, planted, maps: window.__maps.length };
}
"""

# Clicks every feature that listens for clicks (the editor opens its side
# panel, fetching the record), waits for the panel, and looks again.
CLICK_EVERYTHING = """
async () => {
  const planted = [];
  let clicked = 0;
  for (const map of window.__maps) {
    const layers = [];
    map.eachLayer((layer) => layers.push(layer));
    for (const layer of layers) {
      if (!layer.feature || !layer.listens || !layer.listens("click")) continue;
      const latlng = layer.getLatLng ? layer.getLatLng() : layer.getCenter();
      layer.fire("click", { latlng, originalEvent: new MouseEvent("click") });
      clicked += 1;
      await new Promise((resolve) => setTimeout(resolve, 250));
      for (const el of document.querySelectorAll("[data-planted]")) {
        planted.push(`panel: ${el.outerHTML}`);
      }
    }
  }
  return { clicked, planted };
}
"""


class PageWatch:
    """Collects what must never happen while a test drives ``page``."""

    def __init__(self, page):
        self.page = page
        self.dialogs = []
        self.console_errors = []
        page.add_init_script(WATCH_SCRIPT)
        page.on("dialog", self._dialog)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on("response", self._response)

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _response(self, response):
        if response.status >= 400:
            self.console_errors.append(
                f"HTTP {response.status} {response.request.method} {response.url}"
            )

    def _console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def violations(self):
        return self.page.evaluate("() => window.__violations || []")

    def open_everything(self):
        return self.page.evaluate(OPEN_EVERYTHING)

    def click_everything(self):
        return self.page.evaluate(CLICK_EVERYTHING)
