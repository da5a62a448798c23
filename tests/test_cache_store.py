"""The cache store keeps what it was given under its key, and nothing else: a damaged or foreign
entry is a miss, removed, with one warning; published copies share no storage with it."""

import logging
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.speed import open_store
from plugins.speed.settings import DEFAULTS, setting
from plugins.speed.store import Store
from plugins.speed.version import code_version, extension_files, imported_files, version_of
from publishing.files import atomic_write
from tests.projectcopy import copy_project, invoke
from tests.sitebuild import ROOT

# No deadline: each example writes files, and the machine is shared; timing is not the point.
ANY_TEST_FOLDER = settings(
    deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
KEY_PARTS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.binary(),
    lambda parts: st.tuples(parts) | st.tuples(parts, parts),
    max_leaves=6,
)


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "cache", "version-1")


def only_entry(store):
    [path] = [path for _, _, path in store.entries()]
    return Path(path)


@ANY_TEST_FOLDER
@given(data=st.binary(max_size=4096))
def test_any_bytes_round_trip(store, data):
    key = store.key("page", data)
    store.put("kind", key, data)
    assert store.get("kind", key) == data


@settings(deadline=None)
@given(first=st.lists(KEY_PARTS, max_size=4), second=st.lists(KEY_PARTS, max_size=4))
def test_different_key_parts_make_different_keys(first, second):
    store = Store("unused", "v")
    assert (store.key(*first) == store.key(*second)) == (typed(first) == typed(second))


def typed(part):
    """Return a key part with each value's type beside it: True and 1 are equal, not alike."""
    if isinstance(part, tuple | list):
        return tuple(map(typed, part))
    return type(part), part


def test_the_key_depends_on_the_code_version(tmp_path):
    assert Store(tmp_path, "one").key("a") != Store(tmp_path, "two").key("a")


def test_the_key_tells_a_string_from_bytes_and_numbers(store):
    assert (
        len({store.key("1"), store.key(b"1"), store.key(1), store.key(1.0), store.key(True)}) == 5
    )


def test_an_entry_lives_at_kind_two_hex_key(store):
    key = store.key("x")
    store.put("minify", key, b"data")
    assert only_entry(store) == store.root / "minify" / key[:2] / key


def test_a_missing_entry_is_a_miss(store):
    assert store.get("kind", store.key("never stored")) is None
    assert (store.hits, store.misses) == (0, 1)


def damaged_entries(store, key, data):
    """Yield (name, bytes) of entries that are not what was stored under this key."""
    path = store.path("kind", key)
    entry = path.read_bytes()
    yield "truncated", entry[:-1]
    yield "header only", entry[: entry.index(b"\n") + 1]
    yield "empty", b""
    yield "garbage", b"\x00garbage" * 10
    flipped = bytearray(entry)
    flipped[-1] ^= 1
    yield "byte flipped", bytes(flipped)
    other = store.key("another key")
    store.put("kind", other, data)
    yield "foreign (another key's)", store.path("kind", other).read_bytes()
    store.put("other-kind", key, data)
    yield "foreign (another kind's)", store.path("other-kind", key).read_bytes()


@pytest.mark.parametrize(
    "damage",
    [
        "truncated",
        "header only",
        "empty",
        "garbage",
        "byte flipped",
        "foreign (another key's)",
        "foreign (another kind's)",
    ],
)
def test_a_damaged_or_foreign_entry_is_a_miss_removed_with_one_warning(store, damage, caplog):
    key = store.key("page")
    store.put("kind", key, b"the stored bytes")
    damaged = dict(damaged_entries(store, key, b"the stored bytes"))[damage]
    store.path("kind", key).write_bytes(damaged)
    second = store.key("second")
    store.put("kind", second, b"x")
    store.path("kind", second).write_bytes(b"garbage")
    with caplog.at_level(logging.WARNING):
        assert store.get("kind", key) is None
        assert store.get("kind", second) is None
    assert not store.path("kind", key).exists()
    [warning] = caplog.records
    assert str(store.root) in warning.getMessage()
    assert store.misses == 2


@ANY_TEST_FOLDER
@given(
    data=st.binary(min_size=1, max_size=512), at=st.integers(min_value=0), xor=st.integers(1, 255)
)
def test_any_flipped_byte_is_a_miss(store, data, at, xor):
    key = store.key(data)
    store.put("kind", key, data)
    path = store.path("kind", key)
    entry = bytearray(path.read_bytes())
    entry[at % len(entry)] ^= xor
    path.write_bytes(entry)
    assert store.get("kind", key) is None


@ANY_TEST_FOLDER
@given(data=st.binary(max_size=512), cut=st.integers(min_value=0))
def test_any_truncation_is_a_miss(store, data, cut):
    key = store.key(data)
    store.put("kind", key, data)
    path = store.path("kind", key)
    entry = path.read_bytes()
    path.write_bytes(entry[: cut % len(entry)])
    assert store.get("kind", key) is None


def test_an_empty_entry_cut_before_its_header_ends_is_a_miss(store):
    # Found by the test above: the header line alone, without its newline, once read as b"".
    key = store.key(b"")
    store.put("kind", key, b"")
    path = store.path("kind", key)
    path.write_bytes(path.read_bytes()[:-1])
    assert store.get("kind", key) is None


def test_objects_round_trip_and_an_unloadable_pickle_is_a_miss(store, caplog):
    key = store.key("object")
    store.put_object("kind", key, {"a": (1, 2.5, None)})
    assert store.get_object("kind", key) == {"a": (1, 2.5, None)}
    store.put("kind", key, b"not a pickle")  # a valid entry whose payload does not load
    with caplog.at_level(logging.WARNING):
        assert store.get_object("kind", key) is None
    assert len(caplog.records) == 1
    assert not store.path("kind", key).exists()


def test_a_published_copy_shares_no_storage_with_its_entry(store, tmp_path):
    source, target = tmp_path / "source.html", tmp_path / "site" / "page.html"
    source.write_bytes(b"<p>page</p>")
    key = store.key("page")
    store.put_file("pages", key, source)
    assert store.copy_to("pages", key, target)
    assert target.read_bytes() == b"<p>page</p>"
    assert target.stat().st_nlink == 1
    target.write_bytes(b"edited in the site")
    assert store.get("pages", key) == b"<p>page</p>"


def test_copy_to_a_missing_entry_writes_nothing(store, tmp_path):
    assert not store.copy_to("pages", store.key("none"), tmp_path / "page.html")
    assert not (tmp_path / "page.html").exists()


def test_prune_removes_the_least_recently_used_first(store):
    keys = [store.key(n) for n in range(4)]
    for age, key in enumerate(keys):
        store.put("kind", key, b"x" * 100)
        os.utime(store.path("kind", key), (1000 + age, 1000 + age))
    assert store.get("kind", keys[0]) is not None  # used now: the most recent
    store.max_bytes = 2 * store.path("kind", keys[0]).stat().st_size
    store.prune()
    assert [store.path("kind", key).exists() for key in keys] == [True, False, False, True]


def test_prune_leaves_files_the_store_did_not_write(store):
    other = store.root / "pelican" / "ab" / ("ab" + "0" * 62)
    other.parent.mkdir(parents=True)
    other.write_bytes(b"another cache's file")
    store.max_bytes = 0
    store.prune()
    assert other.exists()


def test_atomic_write_replaces_a_file_as_a_new_file(tmp_path):
    file, link = tmp_path / "page.html", tmp_path / "link.html"
    file.write_bytes(b"old")
    os.link(file, link)
    atomic_write(file, b"new")
    assert (file.read_bytes(), link.read_bytes()) == (b"new", b"old")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert oct(file.stat().st_mode & 0o777) == oct(0o666 & ~current_umask())


def current_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.fixture
def project(tmp_path):
    """A tiny project: code that shapes output, and files that do not."""
    files = {
        "plugins/clinic/faq.py": "X = 1\n",
        "plugins/clinic/metadata.toml": "[a]\n",
        "publishing/minify.py": "Y = 2\n",
        "pelicanconf.py": "SITENAME = 'a'\n",
        "local_helper.py": "Z = 3\n",
        "tests/test_faq.py": "T = 1\n",
        "bench/speed.py": "B = 1\n",
        "content/articles/a.md": "Title: a\n",
        "theme/templates/base.html": "<p>\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


@pytest.mark.parametrize(
    "name",
    [
        "plugins/clinic/faq.py",
        "plugins/clinic/metadata.toml",
        "publishing/minify.py",
        "pelicanconf.py",
        "local_helper.py",
    ],
)
def test_a_same_size_edit_with_its_old_mtime_changes_the_code_version(project, name):
    before = version_of(project)
    file = project / name
    status = file.stat()
    file.write_bytes(file.read_bytes()[:-2] + b"9\n")  # as `cp -p` or `rsync -a` leave it
    os.utime(file, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert file.stat().st_size == status.st_size
    assert version_of(project) != before


@pytest.mark.parametrize(
    "name",
    ["tests/test_faq.py", "bench/speed.py", "content/articles/a.md", "theme/templates/base.html"],
)
def test_files_that_are_not_code_leave_the_code_version_alone(project, name):
    before = version_of(project)
    (project / name).write_text("changed\n")
    assert version_of(project) == before


def test_touching_a_file_leaves_the_code_version_alone(project):
    before = version_of(project)
    os.utime(project / "plugins/clinic/faq.py", (1, 1))
    assert version_of(project) == before


def test_a_markdown_extension_outside_the_project_is_part_of_the_code_version(
    project, tmp_path_factory, monkeypatch
):
    elsewhere = tmp_path_factory.mktemp("extensions")
    (elsewhere / "footnote_style.py").write_text("def makeExtension(**kw): pass\n")
    monkeypatch.syspath_prepend(str(elsewhere))
    markdown = {"extension_configs": {"footnote_style": {}, "markdown.extensions.toc": {}}}
    assert extension_files(markdown) == [(elsewhere / "footnote_style.py").resolve()]
    before = version_of(project, extension_files(markdown))
    (elsewhere / "footnote_style.py").write_text("def makeExtension(**kw): return 1\n")
    assert version_of(project, extension_files(markdown)) != before


def test_what_the_settings_import_from_outside_the_project_is_found_and_what_it_imports(
    project, tmp_path_factory, monkeypatch
):
    """Settings shared by several sites, in a folder of their own: their module, and the
    module it imports in turn, are code of the build; the project's own packages, the
    standard library and installed packages are covered otherwise."""
    shared = tmp_path_factory.mktemp("shared")
    (shared / "clinic_shared.py").write_text("from clinic_names import *\nimport json\n")
    (shared / "clinic_names.py").write_text("from clinic_parts import dates\n")
    (shared / "clinic_parts").mkdir()
    (shared / "clinic_parts" / "__init__.py").write_text("")
    (shared / "clinic_parts" / "dates.py").write_text("TIMEZONE = 'America/Vancouver'\n")
    monkeypatch.syspath_prepend(str(shared))
    (project / "publishing" / "__init__.py").write_text("")
    (project / "publishconf.py").write_text(
        "import os\nimport markdown\nfrom publishing import minify\nfrom clinic_shared import *\n"
    )
    names = [
        "clinic_shared.py",
        "clinic_names.py",
        "clinic_parts/__init__.py",
        "clinic_parts/dates.py",
    ]
    assert imported_files(project) == sorted((shared / name).resolve() for name in names)


def test_the_settings_imports_resolve_to_the_project_first_whatever_this_process_loaded(
    project,
):
    """A copy of the project (a test's, a second checkout) imports its own `publishing`,
    not the one this process imported from elsewhere: else the code version would depend
    on what ran in the process before, and two processes of one build would disagree."""
    import publishing  # from the real project, not `project`

    assert Path(publishing.__file__).resolve().is_relative_to(ROOT)
    (project / "publishing" / "__init__.py").write_text("")
    (project / "publishconf.py").write_text("from publishing import minify\nimport publishing\n")
    assert imported_files(project) == []


def test_the_code_version_is_computed_once_per_process():
    assert code_version({"MARKDOWN": {}}) == code_version({"MARKDOWN": {}})


@pytest.mark.parametrize(
    ("settings", "expected", "warned"),
    [
        ({}, DEFAULTS["SPEED_CACHE_MAX_BYTES"], ""),
        ({"SPEED_CACHE_MAX_BYTES": 1000}, 1000, ""),
        ({"SPEED_CACHE_MAX_BYTES": "1 GB"}, DEFAULTS["SPEED_CACHE_MAX_BYTES"], "whole number"),
        ({"SPEED_CACHE_MAX_BYTES": -1}, DEFAULTS["SPEED_CACHE_MAX_BYTES"], "whole number"),
        ({"SPEED_CACHE_MAX_BYTE": 5}, DEFAULTS["SPEED_CACHE_MAX_BYTES"], "SPEED_CACHE_MAX_BYTES?"),
    ],
)
def test_the_size_bound_setting_falls_back_loudly(settings, expected, warned, caplog):
    with caplog.at_level(logging.WARNING):
        assert setting(settings, "SPEED_CACHE_MAX_BYTES") == expected
    assert warned in caplog.text
    assert bool(caplog.text) == bool(warned)


def test_the_store_is_opened_only_with_the_speed_plugin(tmp_path):
    off = {"PLUGINS": ["clinic"], "CACHE_PATH": str(tmp_path), "MARKDOWN": {}}
    assert open_store(off) is None
    store = open_store({**off, "PLUGINS": ["clinic", "speed"], "SPEED_CACHE_MAX_BYTES": 10})
    assert (store.root, store.max_bytes) == (tmp_path, 10)
    assert store.version == code_version({"MARKDOWN": {}})


def test_a_store_that_cannot_be_written_warns_once_and_the_build_goes_on(tmp_path, caplog):
    (tmp_path / "cache").write_text("a file where the store's folder would be")
    store = Store(tmp_path / "cache", "version")
    with caplog.at_level(logging.WARNING):
        store.put("kind", store.key(1), b"one")
        store.put_object("kind", store.key(2), "two")
    assert store.get("kind", store.key(1)) is None
    [warning] = caplog.records
    assert warning.getMessage().startswith(
        f"warning: cannot keep cache entries in {tmp_path / 'cache'}: "
    )


def test_forget_since_removes_the_entries_written_or_used_since(store):
    store.put("kind", store.key("old"), b"kept before")
    old = store.path("kind", store.key("old"))
    os.utime(old, (1_000_000, 1_000_000))
    store.put("kind", store.key("new"), b"kept during")
    store.forget_since(2_000_000)
    assert old.exists()
    assert store.get("kind", store.key("new")) is None


# A plugin that edits a module of the project as the build ends, as a writer saving a file
# while `invoke build` runs would: the store hashed the code before, Pelican imported it after.
EDITS_CODE = """\
from pathlib import Path

from pelican import signals


def edit(pelican):
    module = Path(__file__).resolve().parents[1] / "clinic" / "faq.py"
    module.write_text(module.read_text() + "\\n# edited while the build ran\\n")


def register():
    signals.finalized.connect(edit)
"""


def store_entries(project):
    return [path for path in (project / "cache").rglob("*") if path.is_file()]


def test_a_build_during_which_the_code_changed_keeps_nothing_in_the_store(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "plugins" / "edits_code").mkdir()
    (project / "plugins" / "edits_code" / "__init__.py").write_text(EDITS_CODE)
    settings = project / "pelicanconf.py"
    plain = settings.read_text()
    settings.write_text(plain + 'PLUGINS += ["edits_code"]\n')
    result = invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning: the project's code changed while this build ran" in result.stderr
    assert store_entries(project) == []
    # The code still now: the next build keeps its work, and says nothing of it.
    settings.write_text(plain)
    result = invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "code changed" not in result.stderr
    assert store_entries(project)
