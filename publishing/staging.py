"""Atomic builds: render into a staging folder beside output/, then swap it in whole.

Making folders and files is the slow part of writing a site here, far slower than writing
new bytes into old files. So the site a build replaces keeps its folders (`.output.skeleton`
beside output/), and the next build renders into them; what that build leaves empty is removed
before the swap. With the speed layer, its files become spares (`.output.spare`,
plugins/speed/spares.py) that the next build's files are written over.
"""

import contextlib
import ctypes
import errno
import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path

from . import PublishingError
from .files import current_umask, files_under
from .speedlayer import keep_spares

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


def skeleton_of(output):
    """Return where the folders of the site a build replaced wait, empty, for the next one."""
    return output.parent / f".{output.name}.skeleton"


def spares_of(output):
    """Return the spare folder of the builds into `output` (plugins/speed/spares.py)."""
    return output.parent / f".{output.name}.spare"


def remove_files(folder):
    """Delete every file (and link) under `folder`, keeping its folders."""
    for entry in list(files_under(folder)):
        os.unlink(entry.path)


def remove_empty_folders(folder):
    """Remove every folder under `folder` that holds nothing, deepest first.

    A build's site has none of its own (Pelican makes a folder only to write into it), so
    these are the skeleton's folders this build did not use: a deleted article's, say.
    """
    for root, _folders, files in os.walk(folder, topdown=False):
        if not files and root != str(folder):
            with contextlib.suppress(OSError):  # not empty: a folder below it was kept
                os.rmdir(root)


def retire(site, output, spares=False):
    """Keep the folders of a replaced site as the next build's skeleton, or remove it; with
    `spares`, keep its files as spares for the next build."""
    skeleton = skeleton_of(output)
    try:
        if spares:
            keep_spares(site, spares_of(output))
        else:
            remove_files(site)
        if not skeleton.exists():
            os.rename(site, skeleton)
    except OSError:  # the disk is no worse off without it: the next build makes its folders
        pass
    shutil.rmtree(site, ignore_errors=True)


@contextlib.contextmanager
def staging_folder(output):
    """Yield a folder beside `output`, on its filesystem, with no file in it (and maybe the
    folders of the last site replaced); remove whatever is left of it."""
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.staging-", dir=output.parent))
    except OSError as error:
        raise PublishingError(
            f"cannot write beside {output}: {error.strerror} ({error.filename}); "
            "choose a folder you can write to (OUTPUT_PATH, or the output argument)"
        ) from None
    with contextlib.suppress(OSError):  # none yet, or another build took it first
        os.rename(skeleton_of(output), staging)  # onto the empty folder: one atomic step
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


def build_atomically(output, render, spares=False):
    """Call `render(staging)`; only when it returns, its folder replaces `output`.

    `spares`: keep the replaced site's files as spares (spares_of(output)) for the next build.

    An exception (a failed build or check, Ctrl-C, SIGTERM) leaves `output` as it was.
    An `output` that is a symbolic link is refused: swapping the link would leave the old
    site, the folder it points to, to be emptied as a replaced site is.
    """
    if output.is_symlink():
        raise PublishingError(
            f"{output} is a symbolic link (to {os.readlink(output)}), and a build replaces "
            f"{output} whole: remove the link (rm {output}) or set the output folder to a real "
            "folder, then build again"
        )
    with terminate_as_interrupt(), staging_folder(output) as staging:
        result = render(staging)
        remove_empty_folders(staging)
        replace_folder(output, staging)
        if staging.is_dir():  # the site it replaced, swapped into its place
            retire(staging, output, spares)
    return result
