"""Compiled templates are reused only while everything their code depends on is the same.

Unit tests check the environment fingerprint (each option that changes compiled code changes
it) and the cache's files (whole, checked, pruned). Build tests compare, byte for byte, a build
that takes its compiled templates from the cache with one that compiles them all (the cache
off), after each kind of change.
"""

import os
import subprocess
import sys
from typing import ClassVar

import jinja2
import jinja2.ext
import pytest
from bs4 import BeautifulSoup
from jinja2 import pass_context, pass_environment, pass_eval_context
from jinja2.bccache import FileSystemBytecodeCache

from plugins.clinic.templatecache import (
    MAGIC,
    TemplateCache,
    environment_fingerprint,
    prune_folder,
    write_atomically,
)
from tests.projectcopy import copy_project, edit, snapshot

# Fingerprints ------------------------------------------------------------------------------


def shout(value):
    return str(value).upper()


def whisper(value):
    return str(value).lower()


def fingerprint(name="page.html", **options):
    filters = options.pop("filters", {})
    tests = options.pop("tests", {})
    environment = jinja2.Environment(**options)
    environment.filters.update(filters)
    environment.tests.update(tests)
    return environment_fingerprint(environment, name)


class Shout(jinja2.ext.Extension):
    def preprocess(self, source, name, filename=None):
        return source.upper()


# Each changes the compiled code of some template, so each must change the fingerprint.
CHANGES = {
    "trim_blocks": {"trim_blocks": True},
    "lstrip_blocks": {"lstrip_blocks": True},
    "block delimiters": {"block_start_string": "<%", "block_end_string": "%>"},
    "variable delimiters": {"variable_start_string": "[[", "variable_end_string": "]]"},
    "comment delimiters": {"comment_start_string": "<#", "comment_end_string": "#>"},
    "line statements": {"line_statement_prefix": "%"},
    "line comments": {"line_comment_prefix": "##"},
    "newline_sequence": {"newline_sequence": "\r\n"},
    "keep_trailing_newline": {"keep_trailing_newline": True},
    "optimized": {"optimized": False},
    "enable_async": {"enable_async": True},
    "autoescape": {"autoescape": True},
    "autoescape by name": {"autoescape": lambda name: name.endswith(".html")},
    "finalize": {"finalize": shout},
    "an extension": {"extensions": ["jinja2.ext.loopcontrols"]},
    "an extension that rewrites": {"extensions": [Shout]},
    "a new filter": {"filters": {"shout": lambda v: v}},
    # Each marker on its own function: pass_context() marks the function it is given.
    "a filter passed the context": {"filters": {"shout": pass_context(lambda c, v: v)}},
    "a filter passed the eval context": {"filters": {"shout": pass_eval_context(lambda c, v: v)}},
    "a filter passed the environment": {"filters": {"shout": pass_environment(lambda e, v: v)}},
    "a filter's code": {"filters": {"upper": whisper}},
    "a new test": {"tests": {"loud": shout}},
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_each_option_that_changes_compiled_code_changes_the_fingerprint(change):
    assert fingerprint(**change) != fingerprint()


def test_two_environments_made_alike_have_one_fingerprint():
    assert fingerprint(trim_blocks=True, filters={"shout": shout}) == fingerprint(
        trim_blocks=True, filters={"shout": shout}
    )


def test_the_order_filters_and_tests_were_added_in_does_not_change_it():
    one = fingerprint(
        filters={"shout": shout, "whisper": whisper}, tests={"a": shout, "b": whisper}
    )
    other = fingerprint(
        filters={"whisper": whisper, "shout": shout}, tests={"b": whisper, "a": shout}
    )
    assert one == other


def test_a_callable_autoescape_is_asked_with_the_templates_name():
    by_suffix = jinja2.select_autoescape(["html"])
    assert fingerprint("a.html", autoescape=by_suffix) != fingerprint("a.txt", autoescape=by_suffix)


def settings_filter(settings):
    def prefixed(value):
        return settings["PREFIX"] + value

    return prefixed


def test_what_a_filter_holds_is_in_it_as_constant_folding_calls_it_at_compile_time():
    """`{{ "x"|prefixed }}` is compiled to its result: the closure's settings are in the code."""
    one = fingerprint(filters={"prefixed": settings_filter({"PREFIX": "dev:"})})
    other = fingerprint(filters={"prefixed": settings_filter({"PREFIX": "publish:"})})
    assert one != other


def test_the_arguments_of_a_partial_test_are_in_it():
    """Pelican's `plugin_enabled` test is a partial holding the PLUGINS list."""
    import functools

    def enabled(name, plugin_list):
        return name in plugin_list

    one = fingerprint(tests={"plugin_enabled": functools.partial(enabled, plugin_list=["a"])})
    other = fingerprint(tests={"plugin_enabled": functools.partial(enabled, plugin_list=["b"])})
    assert one != other


class Prefixer:
    """A filter that is an object, as Pelican's strftime is."""

    def __init__(self, prefix):
        self.prefix = prefix

    def __call__(self, value):
        return self.prefix + value


def test_the_state_of_a_filter_that_is_an_object_is_in_it():
    assert fingerprint(filters={"p": Prefixer("a")}) == fingerprint(filters={"p": Prefixer("a")})
    assert fingerprint(filters={"p": Prefixer("a")}) != fingerprint(filters={"p": Prefixer("b")})


# The cache's files -------------------------------------------------------------------------

TEMPLATES = {"page.html": "{% for x in items %}<p>{{ x|shout }}</p>{% endfor %}{{ 'c'|shout }}"}


def environment(folder, **options):
    """Return an environment with the cache in `folder` that lists what it compiles."""

    class Counting(jinja2.Environment):
        compiled: ClassVar[list] = []  # on the class: the environment's attributes are keyed

        def compile(self, source, name=None, filename=None, *args, **kwargs):
            self.compiled.append(name)
            return super().compile(source, name, filename, *args, **kwargs)

    filters = options.pop("filters", {"shout": shout})
    env = Counting(
        loader=jinja2.DictLoader(options.pop("templates", TEMPLATES)),
        bytecode_cache=options.pop("cache", None) or TemplateCache(folder),
        **options,
    )
    env.filters.update(filters)
    return env


def render(env, name="page.html"):
    return env.get_template(name).render(items=["a", "b"])


def test_a_template_compiled_once_is_loaded_by_the_next_environment(tmp_path):
    first = environment(tmp_path)
    assert render(first) == "<p>A</p><p>B</p>C"
    second = environment(tmp_path)
    assert render(second) == "<p>A</p><p>B</p>C"
    assert first.compiled == ["page.html"]
    assert second.compiled == []


def test_environments_of_one_build_compile_each_template_once_even_with_no_folder(tmp_path):
    """Pelican gives each generator an environment: they share one cache, kept or not."""
    shared = TemplateCache()
    first = environment(None, cache=shared)
    second = environment(None, cache=shared)
    assert render(first) == render(second) == "<p>A</p><p>B</p>C"
    assert (first.compiled, second.compiled) == (["page.html"], [])
    shared.prune()  # no folder: nothing to prune, nothing written
    assert list(tmp_path.iterdir()) == []


def test_an_environment_of_the_build_that_compiles_differently_compiles_its_own():
    shared = TemplateCache()
    render(environment(None, cache=shared))
    passed = environment(
        None, cache=shared, filters={"shout": pass_context(lambda ctx, v: f"[{v}]")}
    )
    assert render(passed) == "<p>[a]</p><p>[b]</p>[c]"
    assert passed.compiled == ["page.html"]


def test_an_environment_that_compiles_differently_gets_its_own_file(tmp_path):
    render(environment(tmp_path))
    passed = environment(tmp_path, filters={"shout": pass_context(lambda ctx, v: f"[{v}]")})
    assert render(passed) == "<p>[a]</p><p>[b]</p>[c]"
    assert passed.compiled == ["page.html"]
    assert len(list(tmp_path.glob("*.jinja"))) == 2


def test_a_folded_filter_whose_state_changed_is_compiled_again(tmp_path):
    """Jinja's own cache serves the old folded constant here; this one does not."""
    templates = {"page.html": "{{ 'x'|prefixed }}"}
    dev = {"prefixed": settings_filter({"PREFIX": "dev:"})}
    publish = {"prefixed": settings_filter({"PREFIX": "publish:"})}
    assert render(environment(tmp_path, templates=templates, filters=dev)) == "dev:x"
    assert render(environment(tmp_path, templates=templates, filters=publish)) == "publish:x"

    jinjas = tmp_path / "jinja"
    jinjas.mkdir()
    for filters in (dev, publish):
        env = jinja2.Environment(
            loader=jinja2.DictLoader(templates), bytecode_cache=FileSystemBytecodeCache(jinjas)
        )
        env.filters.update(filters)
        stale = render(env)
    assert stale == "dev:x"  # the hazard this cache's key exists for


def test_an_edited_template_is_compiled_again(tmp_path):
    render(environment(tmp_path))
    edited = environment(tmp_path, templates={"page.html": "<b>{{ 'c'|shout }}</b>"})
    assert render(edited) == "<b>C</b>"
    assert edited.compiled == ["page.html"]


CORRUPTIONS = {
    "truncated": lambda data: data[: len(data) // 2],
    "a byte changed": lambda data: data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:],
    "empty": lambda data: b"",
    "garbage after our header": lambda data: MAGIC + os.urandom(200),
    "garbage": lambda data: os.urandom(len(data)),
}


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_corrupt_file_is_ignored_and_replaced(tmp_path, corrupt):
    render(environment(tmp_path))
    [kept] = tmp_path.glob("*.jinja")
    kept.write_bytes(corrupt(kept.read_bytes()))
    again = environment(tmp_path)
    assert render(again) == "<p>A</p><p>B</p>C"
    assert again.compiled == ["page.html"]
    assert render(environment(tmp_path)) == "<p>A</p><p>B</p>C"
    assert kept.read_bytes().startswith(MAGIC)


def test_a_file_in_jinjas_own_format_is_ignored(tmp_path):
    render(environment(tmp_path))
    [kept] = tmp_path.glob("*.jinja")
    own = jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES))
    own.filters["shout"] = shout
    bucket = jinja2.bccache.Bucket(own, "k", "checksum")
    bucket.code = own.compile(TEMPLATES["page.html"], "page.html")
    kept.write_bytes(bucket.bytecode_to_string())
    again = environment(tmp_path)
    assert render(again) == "<p>A</p><p>B</p>C"
    assert again.compiled == ["page.html"]


def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "kept.jinja"
    write_atomically(target, b"old")

    def refuse(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.jinja"]


def test_a_template_whose_filter_cannot_be_fingerprinted_is_compiled_and_not_kept(tmp_path):
    import threading

    class Locked:
        lock = None

        def __init__(self):
            self.lock = threading.Lock()

        def shout(self, value):
            return str(value).upper()

    env = environment(tmp_path, filters={"shout": Locked().shout})
    assert render(env) == "<p>A</p><p>B</p>C"
    assert list(tmp_path.iterdir()) == []


def test_pruning_keeps_the_newest_versions_of_each_template_and_those_in_use(tmp_path):
    for group in ("aaaa", "bbbb"):
        for age in range(6):
            path = tmp_path / f"{group}-{age}.jinja"
            path.write_bytes(b"x")
            os.utime(path, (1000 - age, 1000 - age))
    stale = tmp_path / "aaaa-9.jinja1234.tmp"
    stale.write_bytes(b"half")
    os.utime(stale, (0, 0))
    prune_folder(tmp_path, used={"aaaa-5.jinja"}, keep=3, now=10_000)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [
        "aaaa-0.jinja",
        "aaaa-1.jinja",
        "aaaa-5.jinja",
        "bbbb-0.jinja",
        "bbbb-1.jinja",
        "bbbb-2.jinja",
    ]


# Real builds -------------------------------------------------------------------------------

NO_CACHE = ("CLINIC_TEMPLATE_CACHE=false", "CLINIC_RENDER_CACHE=false")


def build(project, output, *settings, file="pelicanconf.py"):
    """Build a copied project into `output` with extra settings (NAME=json); fail if it fails."""
    command = [sys.executable, "-m", "pelican", "-s", file, "-o", str(output), "-q"]
    if settings:
        command += ["-e", *settings]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return snapshot(output)


@pytest.fixture
def project(tmp_path):
    """A copy of the project, built once: its template cache is filled."""
    project = copy_project(tmp_path / "project")
    build(project, tmp_path / "first")
    assert list((project / "cache" / "clinic-templates").glob("*.jinja"))
    return project


def rebuilt(project, *settings, file="pelicanconf.py"):
    """Build with the caches warm, and again with none; return both sites."""
    warm = build(project, project.parent / "warm", *settings, file=file)
    cold = build(project, project.parent / "cold", *settings, *NO_CACHE, file=file)
    return warm, cold


def test_a_build_with_compiled_templates_from_the_cache_is_the_same_site(project):
    kept = project / "cache" / "clinic-templates"
    files = {path: path.stat().st_ino for path in kept.glob("*.jinja")}
    for path in files:
        os.utime(path, (0, 0))
    # The render cache off: every page is rendered, from the kept compiled templates.
    warm, cold = rebuilt(project, "CLINIC_RENDER_CACHE=false")
    assert warm == cold
    assert len([path for path in warm if path.endswith(".html")]) > 10
    used = [path for path in files if path.stat().st_mtime > 0]
    # Read, not written anew: the same files, marked as used.
    assert used
    assert all(path.stat().st_ino == files[path] for path in used)
    assert set(kept.glob("*.jinja")) == set(files)


def test_an_edited_template_shows_on_every_page_with_both_caches_warm(project):
    edit(project, "theme/templates/partials/footer.html", "</footer>", "<p>New line.</p></footer>")
    warm, cold = rebuilt(project)
    assert warm == cold
    page = BeautifulSoup(warm["index.html"], "html.parser")
    assert "New line." in page.select_one("footer").get_text()


def test_a_changed_whitespace_option_gives_the_site_a_cold_build_gives(project):
    option = 'JINJA_ENVIRONMENT={"trim_blocks": false, "lstrip_blocks": true, "autoescape": true}'
    warm, cold = rebuilt(project, option)
    assert warm == cold
    default = build(project, project.parent / "default", *NO_CACHE)
    assert warm["index.html"] != default["index.html"]


def write_conf(project, lines):
    """Write settings on top of the project's own, in tweakconf.py; return its name."""
    (project / "tweakconf.py").write_text("from pelicanconf import *\n" + lines, encoding="utf-8")
    return "tweakconf.py"


def test_a_filter_a_template_uses_now_passed_the_context_gives_a_cold_builds_site(project):
    conf = write_conf(
        project,
        "from jinja2 import pass_context\n"
        "from markupsafe import Markup\n"
        "@pass_context\n"
        "def striptags(context, value):\n"
        "    return Markup(value).striptags() + ' (stripped)'\n"
        "JINJA_FILTERS = {'striptags': striptags}\n",
    )
    warm, cold = rebuilt(project, file=conf)
    assert warm == cold
    assert any(b"(stripped)" in data for data in warm.values())


def test_an_extension_gives_a_cold_builds_site(project):
    (project / "tweak_extension.py").write_text(
        "from jinja2.ext import Extension\n"
        "class Marked(Extension):\n"
        "    def preprocess(self, source, name, filename=None):\n"
        "        return source.replace('</footer>', '<p>Marked.</p></footer>')\n",
        encoding="utf-8",
    )
    conf = write_conf(
        project,
        "JINJA_ENVIRONMENT = {**JINJA_ENVIRONMENT, 'extensions': ['tweak_extension.Marked']}\n",
    )
    warm, cold = rebuilt(project, file=conf)
    assert warm == cold
    page = BeautifulSoup(warm["index.html"], "html.parser")
    assert "Marked." in page.select_one("footer").get_text()


def test_corrupt_cache_files_are_ignored_by_a_real_build(project):
    for path in (project / "cache" / "clinic-templates").glob("*.jinja"):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    warm, cold = rebuilt(project, "CLINIC_RENDER_CACHE=false")
    assert warm == cold
