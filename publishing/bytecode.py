"""The project's cached bytecode is checked against each module's source by hash, not by time.

Python trusts a module's cached bytecode (`__pycache__/*.pyc`) while the source keeps the
modification time and size it was compiled at. A same-size edit restored to its old time (as
`cp -p`, `rsync -a` and `tar` restore times) would then run the old code. So before a build
imports the project's modules, each one's cached bytecode that is checked by time is compiled
again as checked by hash (PEP 552): Python then compares the source's hash at every import,
and writes any later compilation of it the same way.
"""

import importlib.util
import os
import py_compile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# Folders of the project that no build imports from (tests and benches run under pytest or
# by hand, and are no part of what a build publishes).
NOT_IMPORTED = {"tests", "bench", "content", "cache", "node_modules", "__pycache__"}
# The pyc header's flags (PEP 552): bit 0, checked by hash rather than by time; bit 1, the
# source's hash compared at every import.
CHECKED_BY_HASH = 0b11


def project_modules(root=PROJECT):
    """Yield every Python source file of the project that a build may import."""
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [
            name
            for name in subfolders
            if name not in NOT_IMPORTED and not name.startswith((".", "output"))
        ]
        yield from (Path(folder) / name for name in names if name.endswith(".py"))


def checked_by_hash(cached):
    """Whether a pyc file is checked against its source's hash at every import."""
    with open(cached, "rb") as stream:
        header = stream.read(8)
    return len(header) == 8 and int.from_bytes(header[4:8], "little") & 0b11 == CHECKED_BY_HASH


def check_bytecode_by_hash(root=PROJECT):
    """Compile again, checked by hash, each project module whose cached bytecode goes by time.

    Bytecode that cannot be compiled again (a syntax error, a folder not writable) is removed
    instead: the import then reads the source, and says what is wrong with it.
    """
    for source in project_modules(root):
        cached = Path(importlib.util.cache_from_source(str(source)))
        try:
            if checked_by_hash(cached):
                continue
        except OSError:  # never compiled: the import will read the source
            continue
        try:
            py_compile.compile(
                str(source),
                cfile=str(cached),
                doraise=True,
                invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH,
            )
        except (py_compile.PyCompileError, OSError):
            cached.unlink(missing_ok=True)
