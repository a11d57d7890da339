"""How this project starts Debian's chromium, for the browser tests and the map
benchmark alike."""

import os

CHROMIUM = os.environ.get("WAKUNCAR_CHROMIUM", "/usr/bin/chromium")
# Without these, chromium keeps trying to reach Google's services, which this
# closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
