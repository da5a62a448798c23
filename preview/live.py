"""Watch the sources, rebuild into a staging folder, swap it in, tell the browsers."""

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from publishing.staging import terminate_as_interrupt

from .problems import problems_from_log
from .server import BuildSignal, start_server
from .warmbuilder import WarmBuilder

# What a writer or developer edits; everything the build reads.
WATCHED = ["content", "theme", "plugins", "publishing", "pelicanconf.py"]
# Editors' temporary files and caches change often and mean nothing for the site.
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".pyc")
IGNORED_PREFIXES = (".#", "#")
IGNORED_PARTS = {"__pycache__", ".git"}


@dataclass(frozen=True)
class BuildResult:
    ok: bool
    seconds: float
    problems: list
    count: str = ""  # the build's own line counting the problems, as every build prints it


def is_source_change(path):
    """Tell whether a changed path is a real source file rather than an editor's scratch."""
    path = Path(path)
    if IGNORED_PARTS & set(path.parts):
        return False
    return not (path.name.endswith(IGNORED_SUFFIXES) or path.name.startswith(IGNORED_PREFIXES))


def build(builder, root, settings, output):
    """Build atomically (output/ is replaced only by a build that succeeds); return the result."""
    started = time.monotonic()
    outcome = builder.build(settings, output)
    problems, count = problems_from_log(outcome.log, root)
    return BuildResult(outcome.status == 0, time.monotonic() - started, problems, count)


def report(result, out=sys.stdout):
    """Print a build's outcome and its problems, one `path:line: message` per line."""
    for problem in result.problems:
        print(problem, file=out)
    if result.count:
        print(result.count, file=out)
    if result.ok:
        print(f"Built in {result.seconds:.1f} s.", file=out)
    else:
        print("Build failed: still showing the last good build. Fix the above and save.", file=out)
    out.flush()


def run(root, settings, output, host="127.0.0.1", port=8000, stop_event=None):
    """Build, serve on host:port, and rebuild on every change until stopped."""
    root, output = Path(root), Path(output)
    # SIGTERM, like Ctrl+C, ends the preview through `finally`, which stops the warm builder.
    with terminate_as_interrupt(), WarmBuilder(root, settings) as builder:
        watch_and_build(builder, root, settings, output, host, port, stop_event)


def watch_and_build(builder, root, settings, output, host, port, stop_event):
    """Build, serve, and rebuild through the warm builder on every change until stopped."""
    signal = BuildSignal()
    report(build(builder, root, settings, output))
    output.mkdir(parents=True, exist_ok=True)
    server = start_server(output, host, port, signal)
    url = f"http://{host}:{server.server_address[1]}/"
    paths = [root / name for name in WATCHED if (root / name).exists()]
    watching = False
    try:
        # yield_on_timeout: the first (empty) yield says the watcher is running, so an edit
        # made after "Previewing on" is never missed.
        for changes in watchfiles.watch(
            *paths,
            stop_event=stop_event,
            debounce=300,
            step=50,
            rust_timeout=500,
            yield_on_timeout=True,
            raise_interrupt=True,  # Ctrl+C ends the preview quietly (python -m preview)
        ):
            if not watching:
                watching = True
                print(f"Previewing on {url} (Ctrl+C stops)", flush=True)
            changed = sorted({path for _, path in changes if is_source_change(path)})
            if not changed:
                continue
            print(f"Changed: {', '.join(os.path.relpath(p, root) for p in changed)}", flush=True)
            result = build(builder, root, settings, output)
            report(result)
            if result.ok:
                signal.announce()
    finally:
        signal.close()
        server.shutdown()
        server.server_close()
