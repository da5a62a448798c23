"""Serve a built site on 127.0.0.1 (tests and bench scripts), optionally building it first."""

import contextlib
import functools
import http.server
import tempfile
import threading
from pathlib import Path

from tests.sitebuild import build_site


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def served_folder(folder):
    """Serve a folder over HTTP on a free port of 127.0.0.1; yield its base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def built_and_served():
    """Build the fixture site with the development settings, serve it; yield its base URL."""
    with tempfile.TemporaryDirectory() as scratch:
        site = build_site(Path(scratch) / "output")
        with served_folder(site.root) as url:
            yield url
