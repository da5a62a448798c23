"""A same-size code edit restored to its old time runs the new code: bytecode goes by hash."""

import os
import py_compile
import subprocess
import sys

from publishing.bytecode import check_bytecode_by_hash, checked_by_hash


def write_module(folder, value):
    """Write m.py holding `value` (always the same length), keeping the file's old times."""
    source = folder / "m.py"
    times = (source.stat().st_atime_ns, source.stat().st_mtime_ns) if source.exists() else None
    source.write_text(f"VALUE = {value!r}\n", encoding="utf-8")
    if times:
        os.utime(source, ns=times)  # as cp -p, rsync -a and tar leave it
    return source


def imported_value(folder):
    """Return m.VALUE as a new interpreter imports it from `folder`."""
    result = subprocess.run(
        [sys.executable, "-c", "import m; print(m.VALUE)"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_python_alone_runs_the_old_code_after_a_same_size_edit_with_its_old_time(tmp_path):
    # The behaviour the check exists for: if this ever stops failing, the check is not needed.
    source = write_module(tmp_path, "old")
    py_compile.compile(str(source), doraise=True)  # checked by time, as an import writes it
    write_module(tmp_path, "new")
    assert imported_value(tmp_path) == "old"


def test_after_the_check_the_new_code_runs(tmp_path):
    source = write_module(tmp_path, "old")
    py_compile.compile(str(source), doraise=True)
    write_module(tmp_path, "new")
    check_bytecode_by_hash(tmp_path)
    assert imported_value(tmp_path) == "new"


def test_bytecode_checked_by_hash_stays_right_through_later_edits(tmp_path):
    source = write_module(tmp_path, "one")
    py_compile.compile(str(source), doraise=True)
    check_bytecode_by_hash(tmp_path)
    cached = tmp_path / "__pycache__" / f"m.{sys.implementation.cache_tag}.pyc"
    assert checked_by_hash(cached)
    write_module(tmp_path, "two")  # no check this time: Python compares the hash itself
    assert imported_value(tmp_path) == "two"


def test_bytecode_of_a_module_that_no_longer_compiles_is_removed(tmp_path):
    source = write_module(tmp_path, "old")
    py_compile.compile(str(source), doraise=True)
    cached = tmp_path / "__pycache__" / f"m.{sys.implementation.cache_tag}.pyc"
    times = (source.stat().st_atime_ns, source.stat().st_mtime_ns)
    source.write_text("VALUE = (\n", encoding="utf-8")
    os.utime(source, ns=times)
    check_bytecode_by_hash(tmp_path)
    assert not cached.exists()


def test_tests_and_benches_are_left_alone(tmp_path):
    (tmp_path / "tests").mkdir()
    source = write_module(tmp_path / "tests", "old")
    py_compile.compile(str(source), doraise=True)
    check_bytecode_by_hash(tmp_path)
    assert not checked_by_hash(
        tmp_path / "tests" / "__pycache__" / f"m.{sys.implementation.cache_tag}.pyc"
    )
