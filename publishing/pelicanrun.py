"""Run Pelican for one build, in a process of its own: a fork of this one where that is safe.

A new interpreter would import Pelican and its dependencies again, which this
process has done already to read the settings. Forked, Pelican starts with them imported and
still runs apart: its plugins' state and signal receivers die with the child.
"""

import gc
import os
import signal
import subprocess
import sys
import threading
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def can_fork():
    """Whether a fork is safe here: POSIX, and no other thread that could hold a lock."""
    return hasattr(os, "fork") and threading.active_count() == 1


def run_pelican(arguments, folder):
    """Run `pelican ARGUMENTS` with `folder` as its working folder; return its exit status."""
    if not can_fork():
        # The project importable as in a fork of this process: the speed plugin uses
        # publishing/ (its finishing of pages), whatever folder the settings are in.
        paths = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
        command = [sys.executable, "-m", "pelican", *arguments]
        return subprocess.run(command, cwd=folder, env=env, check=False).returncode
    sys.stdout.flush()
    sys.stderr.flush()  # else the child would write this process's buffered output again
    child = os.fork()
    if child == 0:
        os._exit(run_in_child(arguments, folder))
    try:
        _, status = os.waitpid(child, 0)
    except BaseException:  # Ctrl-C, or SIGTERM made KeyboardInterrupt: stop the build too
        os.kill(child, signal.SIGTERM)
        os.waitpid(child, 0)
        raise
    return os.waitstatus_to_exitcode(status)


def run_in_child(arguments, folder):
    """Run Pelican's command line in the forked child; return the status it exits with."""
    # Killed, the child must die as a new process would, not run this process's handler.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    tune_garbage_collector()
    status = 1
    try:
        os.chdir(folder)
        sys.argv = ["pelican", *arguments]
        from pelican import main

        main(arguments)
        status = 0
    except SystemExit as stop:
        status = exit_status(stop.code)
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return status


# Young objects collected every 10,000 allocations, not 700: a build keeps most of what it
# makes until it exits, so Python's default collections find little, and on a large site
# they walk every object several times a build; these collect far less often for the same
# peak memory (bench/README.md, "Figures behind the code").
GC_THRESHOLDS = (10_000, 10, 10)


def tune_garbage_collector():
    """Collect less often, and never walk again what the parent imported (it stays)."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def exit_status(code):
    """Return the status sys.exit(code) gives: None is 0, a message is printed and 1."""
    if code is None or isinstance(code, int):
        return code or 0
    print(code, file=sys.stderr)
    return 1
