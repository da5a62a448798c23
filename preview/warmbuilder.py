"""The live preview's side of the warm builder: start it, ask it for builds, restart it.

The helper (preview/warmhelper.py) runs in its own session, so Ctrl+C in the terminal reaches
only the preview, which then stops it. It is started again before a build whenever a file it
imported changed (preview/freshness.py), and after it died.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

from .freshness import changed_paths, distrust_recent, drop_bytecode

STOP_SECONDS = 10  # a build stopped by SIGTERM removes its staging folder first
LOG_TAIL_LINES = 20


@dataclass(frozen=True)
class BuildOutcome:
    status: int  # as subprocess gives it: 0 built, > 0 failed, < 0 killed by that signal
    log: str  # the build's stdout, then its stderr
    cpu: float = 0.0  # CPU seconds of the build's processes


def ending(status):
    """Say how a process ended, from its status as subprocess gives it."""
    return f"killed by {signal.Signals(-status).name}" if status < 0 else f"exit status {status}"


class WarmBuilder:
    """A helper process that has imported a build's code, building on request."""

    def __init__(self, root, settings, env=None, wrapper=()):
        self.root, self.settings = root, settings
        self.wrapper = list(wrapper)  # a command the helper runs under, e.g. a profiler
        # A wide console keeps each of Pelican's log records on one line.
        self.env = {**(env or os.environ), "COLUMNS": "400", "NO_COLOR": "1"}
        self.process = None
        self.log = None  # the helper's own stderr: why it died, if it does
        self.files = {}
        self.threads = 0
        self.starts = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def pid(self):
        return self.process.pid if self.process else None

    def start(self):
        """Start the helper and wait until it has imported everything."""
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (open as long as the helper runs)
        started_ns = time.time_ns()  # a file changed after this may be older than its import
        command = [*self.wrapper, sys.executable, "-m", "preview.warmhelper", str(self.settings)]
        command.append(str(os.getpid()))
        self.process = subprocess.Popen(
            command,
            cwd=self.root,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            encoding="utf-8",
            start_new_session=True,
        )
        self.starts += 1
        ready = self.receive()
        self.files = distrust_recent(ready["files"], started_ns) if ready else {}
        # More than one (an import started a thread) and the pipeline runs Pelican unforked.
        self.threads = ready["threads"] if ready else 0
        return ready is not None

    def receive(self):
        """Return the helper's next answer, or None if it died before giving all of one."""
        line = self.process.stdout.readline()
        return json.loads(line) if line.endswith("\n") else None

    def stale_files(self):
        """Return the files the helper imported that changed since (empty if it is fresh)."""
        return changed_paths(self.files)

    def build(self, settings, output, strict=False):
        """Build as `python -m publishing SETTINGS OUTPUT` would; return the BuildOutcome."""
        if self.process and self.process.poll() is not None:
            self.stop()  # it died between builds: a new one builds as well
        elif self.process and (changed := self.stale_files()):
            drop_bytecode(changed)
            self.stop()
        if self.process is None and not self.start():
            return self.died("while starting")
        request = {"settings": str(settings), "output": str(output), "strict": strict}
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            answer = self.receive()
        except BrokenPipeError:
            answer = None
        if answer is None:
            return self.died("during the build")
        log = answer["stdout"] + answer["stderr"]
        if answer["status"] < 0:  # a crash, say of a library's C code: nothing else said why
            log += f"\nerror: the build's process died ({ending(answer['status'])})\n"
        return BuildOutcome(answer["status"], log, answer["cpu"])

    def died(self, when):
        """Reap a helper that died; return its failed build, with its last words."""
        status = self.process.wait()
        self.log.seek(0)
        tail = self.log.read().decode("utf-8", errors="replace").splitlines()[-LOG_TAIL_LINES:]
        self.stop()
        reason = f"error: the warm builder died {when} ({ending(status)})"
        return BuildOutcome(status or 1, "\n".join([*tail, reason]) + "\n")

    def stop(self):
        """Stop the helper and any build it runs; wait until they are gone."""
        if self.process is None:
            return
        process, self.process, self.files = self.process, None, {}
        if process.poll() is None:
            process.terminate()  # a busy helper stops its build, which removes its staging
            try:
                process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for stream in (process.stdin, process.stdout, self.log):
            with contextlib.suppress(BrokenPipeError):  # what was left for a dead helper
                stream.close()
