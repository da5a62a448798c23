#!/usr/bin/env python3
"""What the build record (plugins/speed/record.py) costs a build that it does not spare.

    .venv/bin/python bench/record_cost.py            # N=1000, 5 rounds
    .venv/bin/python bench/record_cost.py -n 300 -r 3

Builds the generated site once with the publish settings, then times, in this process, the
record's work on a build that changes something: the key (every input hashed), before the
build and again after it, the code version hashed again, and the manifest of output/. A build
with nothing changed does the key and the manifest only (bench/build_speed.py times it whole,
beside Pelican with its own cache).
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build_speed import measured, write_site  # noqa: E402


def timed(function):
    """Return the CPU seconds of one call."""
    start = time.process_time()
    function()
    return time.process_time() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="number of articles")
    parser.add_argument("-r", "--runs", type=int, default=5, help="rounds of timings")
    options = parser.parse_args()

    from pelican.settings import read_settings

    from plugins.speed import open_store
    from plugins.speed.record import BuildRecord, manifest_of
    from plugins.speed.version import current_code_version
    from publishing.pipeline import HEADERS_FILE

    with tempfile.TemporaryDirectory(prefix="clinic-record-") as temp:
        folder = Path(temp)
        settings_file = write_site(folder, options.n)["publish"]
        output = folder / "output"
        measured("publish", settings_file, output)
        settings = read_settings(str(settings_file))
        store = open_store(settings)

        def key():
            content = settings["PATH"]
            BuildRecord(store, settings, settings_file, output, content, (), [HEADERS_FILE])

        key()  # the imports of its first call (the editor's files) are the build's anyway
        costs = {
            "key (inputs hashed)": key,
            "code version again": lambda: current_code_version(settings),
            "manifest of output/": lambda: manifest_of(output),
        }
        results = {name: [] for name in costs}
        for _ in range(options.runs):
            for name, function in costs.items():
                results[name].append(timed(function))
        files = len(manifest_of(output))
    print(f"N={options.n}: median CPU s of {options.runs} ({files} files in output/)")
    medians = {name: statistics.median(values) for name, values in results.items()}
    for name, value in medians.items():
        print(f"  {name:24}{value:8.3f}")
    key, manifest = medians["key (inputs hashed)"], medians["manifest of output/"]
    print(f"  {'a build spared':24}{key + manifest:8.3f}  (then it prints the report, stops)")
    not_spared = 2 * key + medians["code version again"] + manifest
    print(f"  {'a build not spared':24}{not_spared:8.3f}  (the key before and after it)")


if __name__ == "__main__":
    main()
