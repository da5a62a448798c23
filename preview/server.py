"""A static server for the preview: serves a folder, injects the reload script, streams events."""

import functools
import http.server
import os
import threading

from .reload import EVENTS_PATH, RELOAD_SCRIPT, SCRIPT_PATH, reload_event, with_reload_script

KEEPALIVE_SECONDS = 15


class BuildSignal:
    """Counts finished builds; threads waiting on it wake when a new build is ready."""

    def __init__(self):
        self.number = 0
        self.closed = False
        self._condition = threading.Condition()

    def announce(self):
        with self._condition:
            self.number += 1
            self._condition.notify_all()

    def close(self):
        with self._condition:
            self.closed = True
            self._condition.notify_all()

    def wait_after(self, number, timeout):
        """Wait until a build newer than `number` is announced; return the newest number."""
        with self._condition:
            self._condition.wait_for(lambda: self.number > number or self.closed, timeout)
            return self.number


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the preview's folder, with the reload script in each page, and the build events."""

    def __init__(self, *args, signal, **kwargs):
        self.signal = signal  # before the base class's __init__, which handles the request
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):
        pass  # the terminal is for build problems, not for every request

    def do_GET(self):
        if self.path == EVENTS_PATH:
            return self.stream_events()
        if self.path == SCRIPT_PATH:
            return self.send_bytes(RELOAD_SCRIPT.encode(), "text/javascript; charset=utf-8")
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        if not (path.endswith(".html") and os.path.isfile(path)):
            return super().do_GET()  # assets, redirects to a trailing slash, and 404s
        with open(path, encoding="utf-8", errors="replace") as page:
            html = with_reload_script(page.read())
        return self.send_bytes(html.encode(), "text/html; charset=utf-8")

    def send_bytes(self, body, content_type):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def stream_events(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.signal.number
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while not self.signal.closed:
                newest = self.signal.wait_after(seen, KEEPALIVE_SECONDS)
                self.wfile.write(reload_event(newest) if newest > seen else b": keepalive\n\n")
                self.wfile.flush()
                seen = newest
        except (BrokenPipeError, ConnectionResetError):
            pass


def start_server(folder, host, port, signal):
    """Serve `folder` on host:port in a background thread; return the server."""
    handler = functools.partial(PreviewHandler, signal=signal, directory=str(folder))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="preview-server", daemon=True).start()
    return server
