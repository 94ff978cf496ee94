"""Serving a built site on 127.0.0.1 and driving Debian's Chromium with Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = os.environ.get("KOSZYK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(directory: Path):
    """Serve ``directory`` on a free loopback port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright):
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Brak przeglądarki {CHROMIUM}: uruchom testy przez scripts/test.sh, który ją instaluje.")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
