"""Pages as a build rendered them, kept between builds, and what each was made from. Pure.

A page is reused only when everything its template could see is the same as when it was kept:
the code, the theme (templates and static files), every setting, the files under content/ that
are not the source of a page (images, FAQ files, alt text), the whole site as templates see it
(every article's and page's metadata and attributes, the lists and dates in the context,
whatever plugins attached: FAQ entries, JSON-LD, reading minutes...) but the rendered bodies,
and the page's own arguments (template, output name, the article or list it shows).

Bodies are tracked instead as pages read them: while a page renders, the bodies (content,
summary) it reads are recorded, and their digests are kept with it; an edit to an article's
body renders again only the pages that showed that body or its summary.
"""

import dataclasses
import datetime
import enum
import errno
import functools
import hashlib
import json
import os
import re
import shutil
import types
from pathlib import Path, PurePath

from pelican.contents import Content, Static
from pelican.urlwrappers import URLWrapper

from publishing.pickled import PickleCache

from .cache import VERSION

# Settings that cannot change a page: where this build writes (a new staging folder each
# time), and how the plugin works (strictness, workers, caches).
NOT_RENDERING = {
    "OUTPUT_PATH",
    "localsiteurl",  # set by the writer page by page; the page's own name decides it
    "CLINIC_STRICT",
    "CLINIC_WORKERS",
    "CLINIC_READ_CACHE",
    "CLINIC_FAQ_CACHE",
    "CLINIC_IMAGE_CACHE",
    "CLINIC_RENDER_CACHE",
    "CLINIC_TEMPLATE_CACHE",
}
# Attributes the clinic plugin derives from nothing but what the site's key holds already:
# the settings, the code, the files under content/ that are no page's source (FAQ files,
# images, alt text) and the other attributes of every content. Their digests would cost a
# tenth of a second at every build (3,000 FAQ entries and 1,000 graphs at N=1000) and could
# never change a key. `faq_entries` and `faq_topics` come from the FAQ files and the `FAQ:`
# metadata; `jsonld_graph` from those, the settings, the images and the page's attributes.
DERIVED = {"faq_entries", "faq_topics", "jsonld_graph"}
# Attributes of a content object that are not its state: the shared context and settings
# (fingerprinted once, apart), its body (tracked as pages read it) and what is derived.
NOT_STATE = {"_context", "settings", "_content", *DERIVED}


class Uncacheable(Exception):
    """A template could see something whose state cannot be fingerprinted: render the page."""


@dataclasses.dataclass(frozen=True)
class KeptPage:
    """One write job as a build rendered it."""

    files: tuple  # (output name, digest of its bytes), in the order they were written
    bodies: tuple  # (content identity, digest of its body) of every body the page read
    problems: tuple  # the problems rendering reported


def digest(data):
    return hashlib.sha256(data).hexdigest()


IDENTITIES = {}  # id of a content object -> (the object, its identity), for this build


def identity(content):
    """Return the name of a content object, the same in every build: its source and output."""
    kept = IDENTITIES.get(id(content))
    if kept is None or kept[0] is not content:
        try:
            save_as = content.save_as  # Pelican formats it anew at each call: done once
        except Exception:  # a stub that cannot be saved
            save_as = ""
        kept = IDENTITIES[id(content)] = (
            content,
            f"{type(content).__name__}\0{content.source_path}\0{save_as}",
        )
    return kept[1]


def body_digest(content):
    """Return the digest of a content object's body, as the reader (and FAQ) left it."""
    body = getattr(content, "_content", None)
    return digest(repr(body).encode("utf-8", "surrogatepass"))


def is_static_list(value):
    """Whether a value is a list of static files, which Pelican lists in no set order."""
    return (
        isinstance(value, list | tuple)
        and bool(value)
        and isinstance(value[0], Static)  # most lists fail here, at once
        and all(isinstance(item, Static) for item in value)
    )


class Fingerprints:
    """Digests of the values templates see, made once per build and shared between jobs."""

    def __init__(self):
        self.memo = {}  # id -> (the object, kept alive so its id is not reused; its digest)
        self.started = set()  # ids of content objects being fingerprinted (cycles)

    def of(self, value):
        """Return the hex digest of a value, as deep as templates can look into it."""
        parts = []
        self.walk(value, parts)
        return digest("\x1f".join(parts).encode("utf-8", "surrogatepass"))

    def remembered(self, value, parts, make):
        kept = self.memo.get(id(value))
        if kept is None:
            kept = self.memo[id(value)] = (value, make())
        parts.append(kept[1])

    def walk(self, value, parts):
        walker = WALKERS.get(type(value))
        if walker is None:
            walker = walker_of(value)
            if walker is not Fingerprints.walk_instance:  # decided by the type alone
                WALKERS[type(value)] = walker
        walker(self, value, parts)

    def walk_plain(self, value, parts):
        parts.append(repr(value))

    def walk_str(self, value, parts):
        parts.append(f"s{len(value)}:{value}")  # its length: no separator is ambiguous

    def walk_bytes(self, value, parts):
        parts.append("b" + value.hex())

    def walk_time(self, value, parts):
        tz = getattr(value, "tzinfo", None)
        parts.append(f"{type(value).__name__}:{value.isoformat()}:{tz!s}")

    def walk_tzinfo(self, value, parts):
        parts.append(f"tz:{type(value).__name__}:{value!s}")

    def walk_dict(self, value, parts):
        self.remembered(value, parts, lambda: self.of_dict(value))

    def walk_sequence(self, value, parts):
        self.remembered(value, parts, lambda: self.of_sequence(value))

    def walk_set(self, value, parts):
        parts.append("set:" + ",".join(sorted(self.of(item) for item in value)))

    def walk_pattern(self, value, parts):
        parts.append(f"re:{value.pattern!r}:{value.flags}")

    def walk_function(self, value, parts):
        parts.append(f"fn:{value.__module__}.{value.__qualname__}")
        parts.append(self.of((value.__code__, value.__defaults__)))

    def walk_code(self, value, parts):
        # Not marshal: its bytes depend on reference counts, which change run to run.
        parts.append(f"code:{value.co_code.hex()}:{value.co_names}")
        parts.append(self.of(value.co_consts))

    def walk_partial(self, value, parts):
        parts.append("partial:" + self.of((value.func, value.args, value.keywords)))

    def walk_name(self, value, parts):
        name = getattr(value, "__qualname__", None) or value.__name__  # modules have no qualname
        parts.append(f"name:{getattr(value, '__module__', '')}.{name}")

    def walk_wrapper(self, value, parts):  # a category or tag: shared by many pages
        self.remembered(value, parts, lambda: self.of_object(value, {"settings"}))

    def walk_dataclass(self, value, parts):
        self.remembered(value, parts, lambda: self.of_dataclass(value))

    def walk_instance(self, value, parts):
        """Walk what only the value itself, not its type, tells how: methods, other objects."""
        if isinstance(value, types.MethodType):
            if isinstance(value.__self__, type):
                parts.append(f"method:{value.__self__.__qualname__}.{value.__name__}")
                return
        elif hasattr(value, "__dict__"):
            # Its class by name: the code of every plugin and package is in the site's key.
            self.remembered(value, parts, lambda: self.of_object(value, NOT_STATE))
            return
        raise Uncacheable(f"{type(value).__module__}.{type(value).__qualname__}")

    def of_object(self, value, left_out):
        """Return the digest of an object's class (by name) and attributes."""
        state = {k: v for k, v in vars(value).items() if k not in left_out}
        kind = f"{type(value).__module__}.{type(value).__qualname__}"
        return digest(f"{kind}:{self.of_dict(state)}".encode())

    def of_dataclass(self, value):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return digest(f"{type(value).__qualname__}:{self.of_dict(fields)}".encode())

    def encoded(self, value):
        """Return the JSON of a dict or list (C-fast), or None where JSON cannot hold it.

        What JSON does not know (content objects, dates, dataclasses...) is walked.
        """
        try:
            return json.dumps(value, sort_keys=True, default=self.unknown, ensure_ascii=False)
        except (TypeError, ValueError):  # keys JSON cannot sort or hold; a cycle
            return None

    def unknown(self, value):
        parts = ["\0"]
        self.walk(value, parts)
        return "\x1f".join(parts)

    def of_dict(self, mapping):
        if not NOT_RENDERING.isdisjoint(mapping):
            mapping = {k: v for k, v in mapping.items() if k not in NOT_RENDERING}
        if any(map(is_static_list, mapping.values())):
            # Through of_sequence, which sorts them (JSON would keep their order).
            mapping = {
                k: "\0static:" + self.of(v) if is_static_list(v) else v for k, v in mapping.items()
            }
        text = self.encoded(mapping)
        if text is not None:
            return digest(text.encode("utf-8", "surrogatepass"))
        return self.of_items(
            (key, value)
            for key, value in mapping.items()
            if not (isinstance(key, str) and key in NOT_RENDERING)
        )

    def of_items(self, items):
        """Return the digest of a mapping's (key, value) pairs, walked one by one, in any order."""
        walked = []
        for key, value in items:
            item = []
            self.walk(key, item)
            item.append("=")
            self.walk(value, item)
            walked.append("\x1e".join(item))
        walked.sort()
        return digest("\x1f".join(["dict", *walked]).encode("utf-8", "surrogatepass"))

    def of_sequence(self, sequence):
        statics = is_static_list(sequence)
        text = None if statics else self.encoded(sequence)
        if text is not None:
            return digest(f"{type(sequence).__name__}:{text}".encode("utf-8", "surrogatepass"))
        items = []
        for item in sequence:
            item_parts = []
            self.walk(item, item_parts)
            items.append("\x1e".join(item_parts))
        if statics:
            # Pelican lists static files in the order of a set of paths, which changes from
            # one process to the next: any order a template shows them in is arbitrary.
            items.sort()
        parts = [type(sequence).__name__, *items]
        return digest("\x1f".join(parts).encode("utf-8", "surrogatepass"))

    def content(self, content, parts):
        """Name a content object and give the digest of its state, its body left out."""
        name = identity(content)
        if self.started:
            # Inside another's state (a translation, the next article): named only. Chains of
            # them run through the whole site; the site's key holds every content's state.
            parts.append("content:" + name)
            return

        def state():
            self.started.add(id(content))
            try:
                attributes = {k: v for k, v in vars(content).items() if k not in NOT_STATE}
                return self.of_dict(attributes)
            finally:
                self.started.discard(id(content))

        parts.append("content:" + name)
        self.remembered(content, parts, state)


def walker_of(value):
    """Return the Fingerprints method that walks a value; the first match counts."""
    if value is None or isinstance(value, bool | int | float | complex):
        return Fingerprints.walk_plain
    if isinstance(value, str):
        return Fingerprints.walk_str
    if isinstance(value, bytes):
        return Fingerprints.walk_bytes
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        return Fingerprints.walk_time
    if isinstance(value, datetime.tzinfo):
        return Fingerprints.walk_tzinfo
    if isinstance(value, Content):
        return Fingerprints.content
    if isinstance(value, dict):
        return Fingerprints.walk_dict
    if isinstance(value, list | tuple):
        return Fingerprints.walk_sequence
    if isinstance(value, set | frozenset):
        return Fingerprints.walk_set
    if isinstance(value, enum.Enum | PurePath):
        return Fingerprints.walk_plain
    if isinstance(value, re.Pattern):
        return Fingerprints.walk_pattern
    if isinstance(value, types.FunctionType):
        return Fingerprints.walk_function
    if isinstance(value, types.CodeType):
        return Fingerprints.walk_code
    if isinstance(value, functools.partial):
        return Fingerprints.walk_partial
    if isinstance(value, type | types.ModuleType | types.BuiltinFunctionType):
        return Fingerprints.walk_name
    if isinstance(value, URLWrapper):
        return Fingerprints.walk_wrapper
    if dataclasses.is_dataclass(value):
        return Fingerprints.walk_dataclass
    return Fingerprints.walk_instance


# Type -> the method that walks its values, found once per type by walker_of.
WALKERS = {}


def tree_digest(folders):
    """Return the digest of every file (names and bytes) under some folders."""
    parts = []
    for folder in folders:
        folder = Path(folder)
        parts.append(f"folder:{folder}")
        for file in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if file.is_file() and "__pycache__" not in file.parts:
                parts.append(f"{file.relative_to(folder).as_posix()}:{digest(file.read_bytes())}")
    return digest("\n".join(parts).encode("utf-8", "surrogatepass"))


def files_digest(root, names):
    """Return the digest of some files under `root` (names and bytes); a missing one counts."""
    parts = []
    for name in sorted(names):
        try:
            parts.append(f"{name}:{digest((Path(root) / name).read_bytes())}")
        except OSError:
            parts.append(f"{name}:missing")
    return digest("\n".join(parts).encode("utf-8", "surrogatepass"))


def code_digest(plugin_paths):
    """Return the digest of the code pages depend on: every plugin, Python, the packages."""
    return digest(f"{VERSION}\n{tree_digest(plugin_paths)}".encode())


def job_key(site_key, fingerprints, job):
    """Return the key of one write job: the site's key and the job's own arguments."""
    name, template, context, args, kwargs = job
    environment = template.environment
    material = [
        site_key,
        name,
        template.name or "",
        template.filename or "",
        # What every template may call or filter with, besides the context.
        fingerprints.of(environment.globals),
        fingerprints.of(environment.filters),
        fingerprints.of(environment.tests),
        fingerprints.of(context),
        fingerprints.of(args),
        fingerprints.of(kwargs),
    ]
    return digest("\0".join(material).encode("utf-8", "surrogatepass"))


def still_valid(kept, body_of):
    """Whether each body a kept page read is, digest for digest, the body it was then."""
    return all(body_of(name) == body for name, body in kept.bodies)


def link_or_copy(source, target):
    """Make `target` a hard link to `source`, or a copy where the file system cannot link."""
    try:
        os.link(source, target)
    except OSError as error:
        if error.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK):
            raise
        shutil.copyfile(source, target)


class PageFiles:
    """The bytes of kept pages, one file per digest, in a folder of the cache."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.folders = set()  # folders of the build made (or found) by restore

    def keep(self, file):
        """Keep a written file's bytes (a hard link to it, else a copy); return their digest."""
        data = Path(file).read_bytes()
        name = digest(data)
        target = self.folder / name
        if not target.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f".new-{os.getpid()}-{name}"
            try:
                os.link(file, temporary)
            except OSError:
                temporary.write_bytes(data)
            os.replace(temporary, target)
        return name

    def restore(self, name, file):
        """Put kept bytes in a file of the build: a hard link, else a copy.

        A link is safe because nothing writes into a built file in place: the minifier
        replaces a file by a new one (publishing/minify.py).
        """
        folder = os.path.dirname(file)
        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)
        try:
            link_or_copy(self.folder / name, file)
        except FileExistsError:  # Pelican's own writer replaces what an earlier build left
            os.unlink(file)
            link_or_copy(self.folder / name, file)

    def prune(self, used):
        """Delete the kept files no kept page names."""
        if not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if entry.name not in used and not entry.name.startswith("."):
                entry.unlink(missing_ok=True)


class PageCache:
    """The pages kept from earlier builds, and what this build's pages are made from."""

    def __init__(self, folder, site_key, contents):
        """`site_key`: the digest of all pages share (site_key()); `contents`: every content."""
        IDENTITIES.clear()
        self.fingerprints = Fingerprints()
        every = sorted(contents, key=identity)  # made in the order of a set of paths
        self.site_key = digest(f"{site_key}\0{self.fingerprints.of(every)}".encode())
        self.entries = PickleCache(Path(folder) / "pages.pickle")
        self.files = PageFiles(Path(folder) / "files")
        self.contents = {}
        for content in contents:
            name = identity(content)
            # Two objects of one name: which one a page read is unknown, so neither is reused.
            self.contents[name] = None if name in self.contents else content
        self.body_digests = {}
        self.uncacheable = 0

    def keys(self, jobs):
        """Return the key of each write job, or None for one that cannot be kept."""
        keys = []
        for job in jobs:
            try:
                keys.append(job_key(self.site_key, self.fingerprints, job))
            except Uncacheable:
                keys.append(None)
                self.uncacheable += 1
        return keys

    def get(self, key):
        return self.entries.get(key)

    def put(self, key, kept):
        self.entries.put(key, kept)

    def body_of(self, name):
        """Return the digest of the body of the content of that name in this build, or None."""
        if name not in self.body_digests:
            content = self.contents.get(name)
            self.body_digests[name] = body_digest(content) if content is not None else None
        return self.body_digests[name]

    def bodies(self, read):
        """Return (identity, body digest) of each content object a page read the body of."""
        return tuple(sorted((identity(content), body_digest(content)) for content in read))

    def save(self):
        """Keep the pages of this build (and only those) for the next."""
        self.entries.save()
        self.files.prune({data for kept in self.entries.used.values() for _, data in kept.files})


def site_key(settings, plugin_paths, theme_folders, content_root, other_files):
    """Return the digest of what every page depends on besides the context: code, theme, files.

    `other_files`: names under `content_root` of the files that are no page's source.
    """
    material = [
        code_digest(plugin_paths),
        tree_digest(theme_folders),
        files_digest(content_root, other_files),
        Fingerprints().of(settings),
    ]
    return digest("\0".join(material).encode())
