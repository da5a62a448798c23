"""Only files under content/ are published: symbolic links and `..` never reach outside it.

Pelican follows symbolic links under content/ and copies whatever a `{static}` link names,
`{static}/../secret.txt` included (and writes it beside output/, not in it). A file from
outside the project is never meant to be on the public site, so such links and references
are problems, and the build publishes none of them: linked folders are excluded by setting,
what was read from linked files is dropped, and `{static}` paths out of content/ are refused.

A link inside content/ to another file or folder inside content/ is fine: what it shows is
published anyway, and writers use them to give a file a second address.
"""

import os
from dataclasses import dataclass

from .problems import Problem, display_path

OUTSIDE_HINT = "copy the file into content/ instead: only files under content/ are published"


def is_inside(root, path):
    """Whether `path` (relative to `root`, or absolute) is, links resolved, under `root`."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(os.path.join(root, path))
    return real == real_root or real.startswith(os.path.join(real_root, ""))


def symbolic_links(root):
    """Return the paths, relative to `root`, of every symbolic link under it (files and
    folders), in one walk that follows none."""
    found, folders = [], [""]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(os.path.join(root, folder)))
        except OSError:  # unreadable or gone: Pelican will not read it either
            continue
        for entry in entries:
            path = folder + entry.name
            if entry.is_symlink():
                found.append(path)
            elif entry.is_dir(follow_symlinks=False):
                folders.append(path + "/")
    return found


@dataclass(frozen=True)
class ContentTree:
    """content/ as one walk found it: where it is, and every symbolic link under it.

    `is_inside` answers as the module's is_inside does, but resolves only a path that passes
    a link the walk found (or leaves the folder by `..`): a path without either is under the
    folder as written, so most paths cost no look at the disk.
    """

    root: str  # absolute, as given
    real_root: str  # links resolved
    links: frozenset  # relative posix paths of the symbolic links under it

    @classmethod
    def walk(cls, root):
        root = os.path.abspath(root)
        return cls(root, os.path.realpath(root), frozenset(symbolic_links(root)))

    def outside_links(self):
        """Return the links that point outside the folder, sorted."""
        return sorted(link for link in self.links if not is_inside(self.root, link))

    def is_inside(self, path):
        """Whether `path` (relative to the folder, or absolute) is, links resolved, under it."""
        path = os.fspath(path)
        relative = path
        if os.path.isabs(path):
            for base in (self.root, self.real_root):
                if path == base:
                    return True
                if path.startswith(os.path.join(base, "")):
                    relative = path[len(base) + 1 :]
                    break
            else:
                return is_inside(self.root, path)
        parts = []
        for part in relative.split(os.sep):
            if part in ("", "."):
                continue
            if part == "..":
                if not parts:  # above the folder as written: it could come back in
                    return is_inside(self.root, path)
                parts.pop()  # no link on the way, so `..` is the folder above as written
                continue
            parts.append(part)
            if "/".join(parts) in self.links:
                return is_inside(self.root, path)
        return True


EXCLUDE_SETTINGS = ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES", "STATIC_EXCLUDES")


def excluding_folders(settings, root, names):
    """Return the settings that keep Pelican out of the linked folders among `names`.

    Pelican walks into folder links; one out of content/ may hold a whole disk, or lead
    back into content/ and round again.
    """
    folders = [name for name in names if os.path.isdir(os.path.join(root, name))]
    return {key: [*settings.get(key, []), *folders] for key in EXCLUDE_SETTINGS if folders}


def outside_link_problems(root, names):
    """Return a problem for each of the symbolic links `names` under `root`."""
    problems = []
    for name in names:
        path = os.path.join(root, name)
        what = "folder" if os.path.isdir(path) else "file"
        problems.append(
            Problem(
                display_path(path),
                1,
                f"symbolic link to a {what} outside content/ ({os.readlink(path)}), "
                f"not published ({OUTSIDE_HINT})",
                "symlink",
            )
        )
    return problems


class ContainedLinks(set):
    """The site paths `{static}` and `{attach}` links name, less those outside content/.

    Pelican's StaticGenerator copies each of these paths; the article and page generators
    add to the set with `|=`, so the check happens as each path arrives.
    """

    def __init__(self, tree, paths=()):
        self.tree = tree  # a ContentTree of the generators' folder
        self.refused = set()
        super().__init__()
        self |= set(paths)

    def __ior__(self, paths):
        for path in paths:
            if self.tree.is_inside(path):
                self.add(path)
            else:
                self.refused.add(path)
        return self


def contain_static_links(generator, tree):
    """Make the build's set of linked static files refuse paths outside content/ (once).

    `tree` is the ContentTree of content/, the generators' folder.
    """
    links = generator.context.get("static_links")
    if links is not None and not isinstance(links, ContainedLinks):
        generator.context["static_links"] = ContainedLinks(tree, links)


READ_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles")
READ_LISTS += ("hidden_translations", "pages", "hidden_pages", "draft_pages", "draft_translations")
READ_LISTS += ("staticfiles",)


def drop_outside_files(generator, tree):
    """Drop what a generator read from files whose real path is outside content/: files
    behind symbolic links (start_run names each as a problem).

    Called before the articles are sorted into categories and tags (pretaxonomy), and as the
    pages and static files are finalized, on the lists themselves, which the context shares.
    `tree` is the ContentTree of content/, the generators' folder.
    """
    for name in READ_LISTS:
        contents = getattr(generator, name, None)
        if isinstance(contents, list):
            contents[:] = [c for c in contents if tree.is_inside(c.source_path)]
