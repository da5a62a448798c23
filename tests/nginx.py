"""Debian's nginx run unprivileged on 127.0.0.1 with the project's site config, for tests."""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.sitebuild import ROOT

NGINX = Path("/usr/sbin/nginx")
MIME_TYPES = Path("/etc/nginx/mime.types")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
SITE_CONF = ROOT / "deploy" / "nginx" / "clinic-site.conf"
INSTALL_HINT = "apt-get install nginx libnginx-mod-http-brotli-static"
UNPRIVILEGED = ("nobody", "nogroup")  # who nginx runs as when the tests run as root

MAIN_CONF = """\
load_module {brotli_module};
daemon off;
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{
    worker_connections 64;
}}
http {{
    include {mime_types};
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {run}/client_body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        include {site_conf};
    }}
}}
"""


def free_port():
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require_nginx():
    """Fail, with the install command, unless Debian's nginx and its brotli module are here."""
    for needed in (NGINX, MIME_TYPES, BROTLI_MODULE):
        if not needed.exists():
            pytest.fail(f"{needed} is missing: install Debian's nginx ({INSTALL_HINT})")


def wait_until_listening(process, pid_file, log, timeout=15):
    """Return once nginx has bound its port (it writes its pid file after); fail if it exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"nginx exited with status {process.returncode}:\n{log.read_text()}")
        if pid_file.exists():
            return
        time.sleep(0.05)
    pytest.fail(f"nginx did not start within {timeout}s:\n{log.read_text()}")


class Nginx:
    """nginx serving `root` on 127.0.0.1:`port`; its files live in `workspace`."""

    def __init__(self, root, port, workspace):
        self.root, self.port, self.run = Path(root), port, Path(workspace) / "nginx"
        self.process = None

    def start(self):
        require_nginx()
        self.run.mkdir()
        # A copy, byte for byte, so the unprivileged user need not reach the repository.
        site_conf = self.run / SITE_CONF.name
        shutil.copyfile(SITE_CONF, site_conf)
        conf = self.run / "nginx.conf"
        conf.write_text(
            MAIN_CONF.format(
                brotli_module=BROTLI_MODULE,
                mime_types=MIME_TYPES,
                run=self.run,
                port=self.port,
                root=self.root,
                site_conf=site_conf,
            )
        )
        log = self.run / "error.log"
        user = {}
        if os.geteuid() == 0:
            user = {"user": UNPRIVILEGED[0], "group": UNPRIVILEGED[1], "extra_groups": []}
            shutil.chown(self.run, *UNPRIVILEGED)
        command = [str(NGINX), "-p", str(self.run), "-c", str(conf), "-e", str(log)]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, **user)
        wait_until_listening(self.process, self.run / "nginx.pid", log)
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=15)
