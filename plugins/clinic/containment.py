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

from .problems import Problem, display_path

OUTSIDE_HINT = "copy the file into content/ instead: only files under content/ are published"


def is_inside(root, path):
    """Whether `path` (relative to `root`, or absolute) is, links resolved, under `root`."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(os.path.join(root, path))
    return real == real_root or real.startswith(os.path.join(real_root, ""))


def outside_links(root):
    """Return the paths, relative to `root`, of the symbolic links under it that point
    outside it: files and folders, without following any link."""
    found = []
    for folder, folders, files in os.walk(root):  # os.walk follows no folder link
        for name in sorted(folders + files):
            path = os.path.join(folder, name)
            if os.path.islink(path) and not is_inside(root, path):
                found.append(os.path.relpath(path, root).replace(os.sep, "/"))
    return sorted(found)


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

    def __init__(self, root, paths=()):
        self.root = root
        self.refused = set()
        super().__init__()
        self |= set(paths)

    def __ior__(self, paths):
        for path in paths:
            if is_inside(self.root, path):
                self.add(path)
            else:
                self.refused.add(path)
        return self


def contain_static_links(generator):
    """Make the build's set of linked static files refuse paths outside content/ (once)."""
    links = generator.context.get("static_links")
    if links is not None and not isinstance(links, ContainedLinks):
        generator.context["static_links"] = ContainedLinks(generator.path, links)


READ_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles")
READ_LISTS += ("hidden_translations", "pages", "hidden_pages", "draft_pages", "draft_translations")
READ_LISTS += ("staticfiles",)


def drop_outside_files(generator):
    """Drop what a generator read from files whose real path is outside content/: files
    behind symbolic links (start_run names each as a problem).

    Called before the articles are sorted into categories and tags (pretaxonomy), and as the
    pages and static files are finalized, on the lists themselves, which the context shares.
    """
    for name in READ_LISTS:
        contents = getattr(generator, name, None)
        if isinstance(contents, list):
            contents[:] = [c for c in contents if is_inside(generator.path, c.source_path)]
