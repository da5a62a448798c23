"""The order of a deploy, so that readers only ever see a complete site, old or new.

A deploy runs in four steps, each started only once the one before it finished:

1. new files, except the files that name others: nothing the server holds links to them yet,
   so however many of them arrive, readers see the old site;
2. changed files, except the naming ones: every file they link to is there by now (new ones
   from step 1, the rest unchanged or changed in place, none deleted yet);
3. the naming files (list pages, feeds, sitemap, the search index's entry files), the search's
   own entry file last: when readers see them, everything they name is there;
4. deletions of the files the build no longer has: nothing new links to them any more.

An interrupted deploy leaves the site the old one, with some extra or updated files whose
links all resolve; the next deploy finishes the job.
"""

import re
from dataclasses import dataclass

# Pages that list or name other pages (pelicanconf.py's *_SAVE_AS), and everything else that
# names files: feeds, sitemap, robots.txt (it names the sitemap), the chat's and the search
# index's entries.
LIST_FOLDERS = ("archives/", "category/", "tag/", "feeds/")
NAMING_NAMES = {"sitemap.xml", "robots.txt", "chat-index.json"}  # the chat names pages
SEARCH_ENTRY = "pagefind-entry.json"  # each Pagefind bundle's file naming its other files
SEARCH_SHARDS = "pagefind/shards.json"  # names the shard bundles (plugins/theme_support)


def is_naming_file(name):
    """Whether the site-relative `name` names other files, so it is deployed after them."""
    if "/" not in name and (name in NAMING_NAMES or is_home_page(name)):
        return True
    if name.startswith("pagefind/") and name.rsplit("/", 1)[-1] == SEARCH_ENTRY:
        return True
    return name == SEARCH_SHARDS or name.startswith(LIST_FOLDERS)


def is_home_page(name):
    """`index.html` and its further pages (`index2.html` ...: Pelican's pagination)."""
    return re.fullmatch(r"index\d*\.html", name) is not None


def naming_order(name):
    """Pages and feeds first, then each bundle's entry file, the shard list last."""
    return (name == SEARCH_SHARDS, name.endswith(SEARCH_ENTRY), name)


@dataclass(frozen=True)
class Plan:
    new: list
    changed: list
    naming: list
    stale: list

    @property
    def uploads(self):
        """Every file to send, in the order to send it."""
        return self.new + self.changed + self.naming


def deploy_plan(local, remote):
    """Return the plan that turns `remote` into `local`.

    Both map site-relative names to a digest of the file's content; a remote digest of None
    (one that cannot be compared) counts as changed.
    """
    new = sorted(name for name in local if name not in remote and not is_naming_file(name))
    changed = sorted(
        name
        for name in local
        if name in remote and remote[name] != local[name] and not is_naming_file(name)
    )
    naming = sorted(
        (name for name in local if is_naming_file(name) and remote.get(name) != local[name]),
        key=naming_order,
    )
    stale = sorted(name for name in remote if name not in local)
    return Plan(new, changed, naming, stale)
