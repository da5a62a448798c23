"""The warm builder's process: import a build's code once, then fork one child per build.

    python -m preview.warmhelper SETTINGS PARENT_PID   # started by preview.warmbuilder

It reads one JSON request a line on stdin and answers each with one JSON line on stdout. It
stays single-threaded, so forking it is safe, and so is the fork of Pelican that the pipeline
makes inside each build (publishing/pelicanrun.py). Each build runs in a fresh child exactly as
`python -m publishing SETTINGS OUTPUT` does; whatever the build changes in memory dies with it.
"""

import contextlib
import ctypes
import gc
import importlib
import json
import os
import pkgutil
import signal
import sys
import tempfile
import threading
import traceback

from .freshness import module_files, snapshot, watched_paths

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def end_with_parent(parent):
    """Have Linux send SIGTERM to this process when its parent dies; exit if it has already."""
    with contextlib.suppress(OSError, AttributeError, TypeError):  # not Linux: nothing to do
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:
        sys.exit("the live preview that started this helper has stopped")


def preload(settings_file):
    """Import what every build imports: Pelican, the pipeline, the plugins, their libraries."""
    import markdown
    import PIL.Image
    import rich.status  # noqa: F401 (Pelican's "Generating..." line)
    from pelican.plugins._utils import load_plugins
    from pelican.settings import read_settings

    import publishing.__main__  # noqa: F401

    settings = read_settings(settings_file)
    # Pelican takes a plugin already in sys.modules as it is (load_legacy_plugin). The
    # project's plugin packages may import their modules only when registered
    # (plugins/clinic): import them all. Not installed ones': they ship their tests, whose
    # imports change how warnings and logs are handled.
    folders = [os.path.abspath(folder) for folder in settings.get("PLUGIN_PATHS", [])]
    for plugin in load_plugins(settings):
        for path in getattr(plugin, "__path__", []):
            if os.path.dirname(os.path.abspath(path)) in folders:
                for module in pkgutil.iter_modules([path]):
                    importlib.import_module(f"{plugin.__name__}.{module.name}")
    # As Pelican's Markdown reader does; extensions such as `extra` import theirs only then.
    configs = settings.get("MARKDOWN", {}).get("extension_configs", {})
    markdown.Markdown(extensions=list(configs), extension_configs=configs)
    PIL.Image.init()  # Pillow imports its format plugins at the first image it opens


def ready_message():
    """Return the helper's first answer: what it imported, as the live preview checks it."""
    paths = watched_paths(module_files(sys.modules.values()), import_folders=sys.path)
    return {"ready": True, "threads": threading.active_count(), "files": snapshot(paths)}


def run_publishing(settings, output, strict):
    """Run `python -m publishing` in this (forked) process; return its exit status."""
    from publishing.__main__ import main
    from publishing.pelicanrun import exit_status

    sys.argv = ["python -m publishing", settings, output, *(["--strict"] if strict else [])]
    try:
        main()
    except SystemExit as stop:
        return exit_status(stop.code)
    return 0


def build_in_child(request, stdout, stderr, answers):
    """Fork a child that runs one build with its output in the given files; return its status."""
    sys.stdout.flush()
    sys.stderr.flush()  # else the child would write this process's buffered output again
    child = os.fork()
    if child == 0:
        status = 1
        try:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            # Held open here, the answers pipe would hide this helper's death from the preview.
            os.close(answers)
            null = os.open(os.devnull, os.O_RDONLY)
            for source, target in [(null, 0), (stdout.fileno(), 1), (stderr.fileno(), 2)]:
                os.dup2(source, target)
            status = run_publishing(request["settings"], request["output"], request["strict"])
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    try:
        _, wait_status, usage = os.wait4(child, 0)
    except BaseException:  # the preview stopped this helper: stop the build too, cleanly
        os.kill(child, signal.SIGTERM)
        os.waitpid(child, 0)
        raise
    return os.waitstatus_to_exitcode(wait_status), usage.ru_utime + usage.ru_stime


def answer(request, answers):
    """Run one build request; return the answer: exit status, its output, its CPU seconds."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        status, cpu = build_in_child(request, stdout, stderr, answers)
        texts = []
        for stream in (stdout, stderr):
            stream.seek(0)
            texts.append(stream.read().decode("utf-8", errors="replace"))
    return {"status": status, "stdout": texts[0], "stderr": texts[1], "cpu": cpu}


def serve(requests, answers):
    """Answer each request line until the input ends."""
    for line in requests:
        answers.write(json.dumps(answer(json.loads(line), answers.fileno())) + "\n")
        answers.flush()


def main():
    # Answers go on the real stdout alone; anything else printed goes to stderr, the log.
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    # SIGTERM (the preview stopping) ends the helper through `finally`, stopping a build.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    end_with_parent(int(sys.argv[2]))  # even killed with SIGKILL, the preview stops this
    try:
        preload(sys.argv[1])
    except Exception:  # a broken plugin or settings file: the build reports it, with its line
        traceback.print_exc()
    gc.freeze()  # the children's collections then leave the imported objects' pages shared
    answers.write(json.dumps(ready_message()) + "\n")
    answers.flush()
    serve(sys.stdin, answers)


if __name__ == "__main__":
    main()
