"""Atomic builds: render into a staging folder beside output/, then swap it in whole."""

import contextlib
import ctypes
import errno
import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path

AT_FDCWD = -100  # <fcntl.h>: paths relative to the working directory
RENAME_EXCHANGE = 2  # <linux/fs.h>: swap both names in one step


def exchange(first, second):
    """Swap two paths in one atomic step; return False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError, TypeError):  # a C library without it: macOS, Windows
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE):
        error = ctypes.get_errno()
        if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            return False
        raise OSError(error, os.strerror(error), str(first), None, str(second))
    return True


def replace_folder(target, replacement):
    """Put `replacement` where `target` is; `target` is never missing or half-written.

    On Linux both names are swapped in one step, so a server reading output/ sees either the
    old site or the new one. Elsewhere two renames leave output/ missing for a moment.
    """
    if not target.exists():
        os.rename(replacement, target)
    elif not exchange(replacement, target):
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.rename(target, retired / target.name)
        os.rename(replacement, target)
        shutil.rmtree(retired)


def current_umask():
    """Return the process's umask (only readable by setting it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def staging_folder(output):
    """Yield an empty folder beside `output`, on its filesystem; remove whatever is left of it."""
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.staging-", dir=output.parent))
    # mkdtemp makes the folder private; the site is served by other users (a web server).
    staging.chmod(0o777 & ~current_umask())
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def terminate_as_interrupt():
    """Make SIGTERM (a cancelled CI job, `kill`) raise KeyboardInterrupt, so cleanup runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signal_number, frame):
        raise KeyboardInterrupt(f"signal {signal_number}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


def build_atomically(output, render):
    """Call `render(staging)`; only when it returns, its folder replaces `output`.

    An exception (a failed build or check, Ctrl-C, SIGTERM) leaves `output` as it was.
    """
    with terminate_as_interrupt(), staging_folder(output) as staging:
        result = render(staging)
        replace_folder(output, staging)
    return result
