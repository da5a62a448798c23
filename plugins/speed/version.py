"""The code version: one hash of everything, other than the content, that can change output.

Every key of the store includes it, so an edit of any of these makes every entry a miss:
- every file of the project's plugins/ and publishing/ (their code and the data it reads),
  and every other Python file of the project outside tests/, bench/ and the content: the
  settings files, whatever they import from the project, tasks.py;
- the module file of each Markdown extension named in the settings that lives outside the
  project and outside the installed packages (those are covered by their versions below), and
  of each module the project's own top-level files (the settings files) import from such a
  place, and what that module imports from one in turn: read from their import statements,
  each name looked up in the project first, as the settings file's import finds it;
- Python's version and every installed distribution's name and version.

By content, never by mtime: a file restored with its old time (`cp -p`, `rsync -a`, `tar`) is
still seen. Not covered, so a cache must put them in its own key: the settings' values (the
settings files' bytes are covered, not values given on the command line), the theme's templates
and files, the content, and Pagefind's options. Pagefind's binary is covered by its package's
version; a binary named by PAGEFIND_BINARY_PATH is not (plugins/theme_support keys on it).
"""

import ast
import functools
import hashlib
import importlib
import importlib.machinery
import os
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
# Folders whose every file is code or data that code reads.
CODE_FOLDERS = ("plugins", "publishing")
# Folders of the project that hold no code a build runs, or too many files to read for none.
NOT_CODE = {"tests", "bench", "content", "output", "cache", "node_modules", "__pycache__"}


def project_files(root=PROJECT):
    """Return the project's files that can change output (see the module's docstring), sorted."""
    files = []
    for folder, subfolders, names in os.walk(root):
        relative = Path(folder).relative_to(root)
        subfolders[:] = [
            name
            for name in subfolders
            if not (name in NOT_CODE or name.startswith(".") or name.startswith("output"))
        ]
        every_file = relative.parts[:1] and relative.parts[0] in CODE_FOLDERS
        files += [
            Path(folder) / name
            for name in names
            if (every_file or name.endswith(".py")) and not name.endswith((".pyc", "~"))
        ]
    return sorted(files)


def extension_files(markdown_settings, root=PROJECT):
    """Return the module files of the settings' Markdown extensions that no other part of the
    version covers: outside the project and outside the installed packages."""
    names = list((markdown_settings or {}).get("extension_configs") or {})
    names += list((markdown_settings or {}).get("extensions") or [])
    files = set()
    for extension in names:
        if isinstance(extension, str):
            try:
                module = importlib.import_module(extension.partition(":")[0])
            except ImportError:  # Markdown will say so when it loads it
                continue
        else:  # an Extension instance
            module = sys.modules.get(type(extension).__module__)
        file = getattr(module, "__file__", None)
        if file and not installed(Path(file).resolve(), root):
            files.add(Path(file).resolve())
    return sorted(files)


def imported_files(root=PROJECT):
    """Return the files outside the project and the installed packages that the project's
    top-level Python files (the settings files) import, and what those import in turn.

    Read from their import statements, not from what this process has loaded, so that every
    process of a build, whatever ran in it before, finds the same files. A settings file that
    adds a folder to sys.path has done so by now: the settings are read before any store.
    """
    found, queue = set(), sorted(Path(root).glob("*.py"))
    seen = set(queue)
    while queue:
        try:
            tree = ast.parse(queue.pop().read_bytes())
        except (OSError, SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                # `from a import b`: b may be a module of package a
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            else:
                continue
            for file in (file for name in names for file in module_files(name, root)):
                if file not in seen:
                    seen.add(file)
                    found.add(file)
                    queue.append(file)
    return sorted(found)


def module_files(name, root=PROJECT):
    """Return the resolved source files of module `name` (a package's `__init__.py` too) if
    it lives outside the project and the installed packages, else [].

    Looked up as the settings file would import it, the project's root first, then sys.path,
    without importing anything and without sys.modules: what a process has already imported
    (a test's other copy of the project, say) must not change the answer."""
    search, files = [str(Path(root).resolve()), *sys.path], []
    for part in name.split("."):
        try:
            spec = importlib.machinery.PathFinder.find_spec(part, search)
        except (ImportError, ValueError):
            spec = None
        where = spec and (spec.origin or next(iter(spec.submodule_search_locations or []), None))
        if not where or not os.path.isabs(where) or installed(Path(where).resolve(), root):
            return files
        if spec.origin and spec.origin.endswith(".py"):
            files.append(Path(spec.origin).resolve())
        search = list(spec.submodule_search_locations or [])
    return files


def external_files(settings, root=PROJECT):
    """Return the files outside the project whose code a build with these settings runs."""
    imported = files_imported(root, tuple(sys.path), os.getpid())
    return sorted({*extension_files(settings.get("MARKDOWN"), root), *imported})


@functools.cache
def files_imported(root, search_path, process):
    """imported_files, once per process and sys.path (what the names resolve to)."""
    return tuple(imported_files(root))


def installed(file, root):
    """Whether a module file is the project's own or an installed package's."""
    if file.is_relative_to(root.resolve()):
        return True
    return any(part in {"site-packages", "dist-packages"} for part in file.parts) or (
        file.is_relative_to(Path(sys.base_prefix).resolve())
    )


def distributions():
    """Return the name-version of every installed distribution, from the folders' names."""
    found = set()
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        found.update(name for name in names if name.endswith((".dist-info", ".egg-info")))
    return sorted(found)


def code_version(settings):
    """Return the code version of a build with these settings (hex)."""
    extensions = tuple(map(str, external_files(settings)))
    # Per process: a process forked from this one (publishing/pelicanrun.py) imports the
    # project's code afresh, and must hash what it imports, not what its parent saw.
    return hashed_code(extensions, os.getpid())


def current_code_version(settings):
    """Return the code version of the files as they are now, not as this process first saw
    them: a build that ends with another code version than it started with is not recorded."""
    return version_of(PROJECT, tuple(map(str, external_files(settings))))


@functools.cache
def hashed_code(extensions, process):
    """Return version_of the project with these extension files, once per process."""
    return version_of(PROJECT, extensions)


def version_of(root, extensions=()):
    """Return the hash of a project's files, these extension files, Python and the packages."""
    digest = hashlib.sha256()
    for file in [*project_files(root), *map(Path, extensions)]:
        try:
            data = file.read_bytes()
        except FileNotFoundError:  # gone since its folder was listed: an editor's temporary file
            continue
        name = file.relative_to(root) if file.is_relative_to(root) else file
        digest.update(f"\0file {name}\0".encode())
        digest.update(data)
    digest.update(f"\0python {sys.version}\0".encode())
    digest.update("\0".join(distributions()).encode())
    return digest.hexdigest()
