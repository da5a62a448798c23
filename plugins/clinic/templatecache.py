"""Compiled templates kept between builds (a Jinja bytecode cache), keyed on all they depend on.

Jinja's own caches key a template's code on its name, file and source only, yet the code also
depends on the environment that compiled it: the lexer's delimiters and whitespace options,
`optimized`, async, extensions, the autoescape value for that template, `finalize`, which
filters and tests exist and what they are passed (context, eval context, environment). And
the optimizer folds constants at compile time: `{{ "x"|f }}` and `{{ "x" is t }}` call f or t
then and keep the result, so the code depends on what those callables do, with their state
(Pelican's `plugin_enabled` test holds the PLUGINS list). Every one of these is in the key
here; a value that cannot be fingerprinted keeps the template out of the cache (it is
compiled, as without a cache), never guessed. Pure: plugins/clinic/wiring.py installs it.
"""

import contextlib
import functools
import hashlib
import inspect
import os
import sys
import tempfile
import time
import types
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_TESTS
from jinja2.utils import _PassArg

from .rendercache import Fingerprints, Uncacheable

# Environment attributes the compiled code never depends on: read when a template runs or
# loads, not while it compiles. Every other attribute is in the key, known or not.
RUNTIME_ONLY = {"auto_reload", "bytecode_cache", "cache", "globals", "loader", "undefined"}
# Attributes put in the key in their own way, below.
APART = {"autoescape", "extensions", "filters", "finalize", "tests"}
# Checked in front of every kept file: a file without it (foreign, older format) is ignored.
MAGIC = b"clinic-jinja-bytecode 1\n"
KEEP = 3  # compiled versions kept per template file (dev and publish builds, a branch switch)
STALE_TEMPORARY = 600  # seconds after which a temporary file is a crashed write's leftover


# Values walked as the render cache walks them, asked nothing more (the commonest, first).
PLAIN = (str, int, float, type(None), bytes, dict, list, tuple, set, frozenset)


def digest(text):
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class Implementations(Fingerprints):
    """Digests of callables as deep as compile-time folding can see: code, closures, state."""

    def __init__(self):
        super().__init__()
        self.functions = set()  # ids of functions being fingerprinted (recursion)

    def walk(self, value, parts):
        if isinstance(value, PLAIN):
            super().walk(value, parts)
        elif isinstance(value, types.FunctionType):
            if id(value) in self.functions:
                parts.append(f"fn:{value.__module__}.{value.__qualname__}")
            else:
                self.remembered(value, parts, lambda: self.of_function(value))
        elif isinstance(value, types.ModuleType):
            parts.append(f"module:{value.__name__}")  # its functions are walked as they're read
        elif isinstance(value, types.MethodType):
            parts.append("method:" + self.of((value.__func__, value.__self__)))
        elif isinstance(value, type) and value.__module__.split(".")[0] not in (
            "builtins",
            "jinja2",
        ):
            parts.append(f"class:{value.__module__}.{value.__qualname__}:{source_digest(value)}")
        elif isinstance(
            call := inspect.getattr_static(type(value), "__call__", None), types.FunctionType
        ):
            # An instance called as a function (Pelican's strftime filter): its code and state.
            parts.append("call:" + self.of(call))
            super().walk(value, parts)
        else:
            super().walk(value, parts)

    def of_function(self, function):
        """Return the digest of a function: its code, defaults, closure and the globals it reads."""
        self.functions.add(id(function))
        try:
            try:
                cells = [cell.cell_contents for cell in function.__closure__ or ()]
            except ValueError as error:  # an empty cell: a name not bound yet
                raise Uncacheable("function with an unbound closure") from error
            read = {
                name: function.__globals__[name]
                for name in sorted(global_names(function.__code__))
                if name in function.__globals__
            }
            material = (
                f"{function.__module__}.{function.__qualname__}",
                function.__code__,
                function.__defaults__,
                function.__kwdefaults__,
                cells,
                read,
            )
            return self.of(material)
        finally:
            self.functions.discard(id(function))

    def of_object(self, value, left_out):
        # Every attribute: the render cache leaves out `settings`, which a filter may read. And
        # the file of its class: a method may call others on `self`.
        return digest(f"{super().of_object(value, set())}:{source_digest(type(value))}")

    def of_dict(self, mapping):
        # Every key: the render cache's leaves out settings that cannot change a page (where
        # the build writes...), and a filter folded at compile time may read any of them.
        return self.of_items(mapping.items())


def global_names(code):
    """Return the global names a code object (and the code nested in it) may read."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= global_names(const)
    return names


@functools.cache
def source_digest(kind):
    """Return the digest of the file that defines a class: its methods may run at compile time.

    A class built into Python has no file: Python's version, in the key, stands for its code.
    """
    try:
        file = inspect.getsourcefile(kind)
    except TypeError:  # built in
        return "built in"
    try:
        return hashlib.sha256(Path(file).read_bytes()).hexdigest()
    except (OSError, TypeError) as error:
        raise Uncacheable(f"class {kind.__qualname__} whose source cannot be read") from error


def pass_marker(function):
    """Return what Jinja passes a filter or test first (context, environment...), or ''."""
    marker = _PassArg.from_obj(function)
    return marker.name if marker else ""


def is_jinjas_own(name, function, defaults):
    """Whether a filter or test is Jinja's built-in one (its code is Jinja's version)."""
    return defaults.get(name) is function


def environment_fingerprint(environment, name, implementations=None):
    """Return the digest of all that a template's compiled code depends on besides its source.

    Raise Uncacheable where some part of it cannot be fingerprinted. `implementations` (an
    Implementations) remembers the callables it has seen: one per build, shared.
    """
    implementations = implementations or Implementations()
    kind = type(environment)
    parts = [
        f"jinja:{jinja2.__version__}",
        f"python:{sys.version}",
        f"environment:{kind.__module__}.{kind.__qualname__}",
        f"code generator:{implementations.of(environment.code_generator_class)}",
        f"sandboxed:{getattr(environment, 'sandboxed', False)}",
        f"binops:{sorted(getattr(environment, 'intercepted_binops', ()))}",
        f"unops:{sorted(getattr(environment, 'intercepted_unops', ()))}",
    ]
    if kind.__module__.split(".")[0] != "jinja2":
        parts.append(f"environment code:{source_digest(kind)}")
    options = {
        key: value
        for key, value in vars(environment).items()
        if key not in RUNTIME_ONLY and key not in APART
    }
    parts.append("options:" + implementations.of(options))
    autoescape = environment.autoescape
    # A callable is asked at compile time, with the template's name.
    parts.append(f"autoescape:{autoescape(name) if callable(autoescape) else autoescape!r}")
    finalize = environment.finalize
    if finalize is not None:
        parts.append(f"finalize:{pass_marker(finalize)}:{implementations.of(finalize)}")
    for identifier, extension in sorted(environment.extensions.items()):
        state = {k: v for k, v in vars(extension).items() if k != "environment"}
        parts.append(
            f"extension:{identifier}:{extension.priority}:{sorted(extension.tags)}:"
            f"{implementations.of(type(extension))}:{implementations.of(state)}"
        )
    for label, callables, defaults in [
        ("filter", environment.filters, DEFAULT_FILTERS),
        ("test", environment.tests, DEFAULT_TESTS),
    ]:
        for key in sorted(callables):
            function = callables[key]
            part = f"{label}:{key}:{pass_marker(function)}"
            if not is_jinjas_own(key, function, defaults):
                part += ":" + implementations.of(function)
            parts.append(part)
    return digest("\n".join(parts))


class TemplateCache(BytecodeCache):
    """Compiled templates shared by a build's generators and, given a folder, kept in it.

    Pelican gives each generator a Jinja environment of its own, and each would compile
    `base.html` and its partials again; under the same fingerprint they share one code object.
    Kept in the folder, one file per template and environment fingerprint.
    """

    def __init__(self, folder=None):
        self.folder = Path(folder) if folder is not None else None
        self.used = set()  # file names this process loaded or wrote
        self.compiled = {}  # key -> code object, compiled or loaded in this build
        # Filters, tests and the rest are fingerprinted once a build, where they are shared.
        self.implementations = Implementations()

    def get_bucket(self, environment, name, filename, source):
        checksum = self.get_source_checksum(source)
        try:
            fingerprint = environment_fingerprint(environment, name, self.implementations)
        except Uncacheable:
            bucket = Bucket(environment, "", checksum)  # no key: compiled, never kept
            return bucket
        group = digest(f"{name}\0{filename or ''}")[:16]
        key = digest(f"{fingerprint}\0{checksum}")[:40]
        bucket = Bucket(environment, f"{group}-{key}.jinja", checksum)
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket):
        if not bucket.key:
            return
        if bucket.key in self.compiled:
            bucket.code = self.compiled[bucket.key]
            return
        if self.folder is None:
            return
        path = self.folder / bucket.key
        try:
            data = path.read_bytes()
        except OSError:
            return
        payload = unwrapped(data)
        if payload is None:
            return
        try:
            bucket.bytecode_from_string(payload)  # checks Jinja's magic and the source checksum
        except Exception:  # our digest held, yet Jinja cannot read it: compile instead
            bucket.reset()
        if isinstance(bucket.code, types.CodeType):
            self.compiled[bucket.key] = bucket.code
            self.used.add(bucket.key)
            with contextlib.suppress(OSError):
                os.utime(path)  # most recently used: the last to be pruned
        else:
            bucket.reset()

    def dump_bytecode(self, bucket):
        if not bucket.key:
            return
        self.compiled[bucket.key] = bucket.code
        if self.folder is None:
            return
        data = wrapped(bucket.bytecode_to_string())
        try:
            write_atomically(self.folder / bucket.key, data)
        except OSError:  # a full disk or a read-only cache: the build goes on without it
            return
        self.used.add(bucket.key)

    def clear(self):
        self.compiled.clear()
        if self.folder is None:
            return
        for path in self.folder.glob("*.jinja"):
            with contextlib.suppress(OSError):
                path.unlink()

    def prune(self):
        """Keep the KEEP most recently used versions of each template, and every one used now."""
        if self.folder is not None:
            prune_folder(self.folder, self.used)


def wrapped(payload):
    """Return a file's bytes: the magic, the payload's digest, then the payload."""
    return MAGIC + hashlib.sha256(payload).digest() + payload


def unwrapped(data):
    """Return the payload of a file's bytes, or None when they are not a whole, unaltered file."""
    head = len(MAGIC)
    if not data.startswith(MAGIC) or len(data) < head + 32:
        return None
    payload = data[head + 32 :]
    if hashlib.sha256(payload).digest() != data[head : head + 32]:
        return None
    return payload


def write_atomically(path, data):
    """Write a file whole or not at all: a concurrent build never reads half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def prune_folder(folder, used, keep=KEEP, now=None):
    """Remove all but the `keep` newest files of each template, the `used` ones kept always."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    groups = {}
    for entry in entries:
        try:
            modified = entry.stat().st_mtime
        except OSError:
            continue
        if entry.name.endswith(".tmp"):
            now = now if now is not None else time.time()
            if now - modified > STALE_TEMPORARY:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
            continue
        if entry.name.endswith(".jinja"):
            groups.setdefault(entry.name.split("-")[0], []).append((modified, entry))
    for versions in groups.values():
        versions.sort(key=lambda version: version[0], reverse=True)
        spare = keep
        for _, entry in versions:
            if entry.name in used:
                spare -= 1
        for _, entry in versions:
            if entry.name in used:
                continue
            if spare > 0:
                spare -= 1
                continue
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
