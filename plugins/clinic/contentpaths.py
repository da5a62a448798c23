"""A content's path relative to content/, worked out once per path rather than at every URL.

Pelican formats an article's URL and output name anew at each use (a dozen times a page,
from the settings and the metadata), and each time works out the source's path relative to
content/ with os.path: about a fifth of a second at 1,000 articles. The answer depends only
on the two paths and the working folder, so it is kept.
"""

import functools
import os

from pelican.contents import Content
from pelican.utils import posixize_path


@functools.lru_cache(maxsize=65536)
def relative_source_path(content_root, source_path, working_folder):
    """Return `source_path` relative to `content_root`, as Pelican gives it (with `/`).

    `working_folder` is the folder relative paths start from; it names the answer too.
    """
    absolute = functools.partial(os.path.join, working_folder)
    return posixize_path(
        os.path.relpath(
            os.path.normpath(absolute(content_root, source_path)),
            os.path.normpath(absolute(content_root)),
        )
    )


def remember_relative_source_paths():
    """Make Content.get_relative_source_path keep its answers (once per process)."""
    original = Content.get_relative_source_path
    if getattr(original, "remembers", False):
        return

    def get_relative_source_path(self, source_path=None):
        if not source_path:
            source_path = self.source_path
        if source_path is None:
            return None
        return relative_source_path(self.settings["PATH"], source_path, os.getcwd())

    get_relative_source_path.remembers = True
    get_relative_source_path.__doc__ = original.__doc__
    Content.get_relative_source_path = get_relative_source_path
