#!/usr/bin/env python3
"""Encoding one photo into its renditions, cold and cached, and what a 375 px phone downloads.

    .venv/bin/python bench/image_encoding.py            # a generated 2400x1600 JPEG, 3 runs
    .venv/bin/python bench/image_encoding.py -r 5 --width 4000 --height 3000
    .venv/bin/python bench/image_encoding.py --photos 8    # also: 8 photos, at once and not

The photo is generated (gradients, soft noise and shapes, so it compresses like a photograph,
not like a flat drawing). "cold" encodes every rendition into an empty store (the speed
layer's); "cached" writes the same renditions again from the store, as every later build
does. Figures are CPU seconds (user + system, this process and its threads), medians of the
runs, with wall seconds beside. `--photos K` then times the build's step, write_renditions, on
K such photos into an empty store: one image at a time beside one per core, taking turns.
"""

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plugins.clinic.images import ImageSources  # noqa: E402
from plugins.clinic.pictures import write_renditions  # noqa: E402
from plugins.clinic.renditions import RasterOptions, encode_renditions, plan  # noqa: E402
from plugins.clinic.settings import DEFAULTS  # noqa: E402
from plugins.speed.memos import RenditionsMemo  # noqa: E402
from plugins.speed.store import Store  # noqa: E402
from publishing.files import atomic_write  # noqa: E402

OPTIONS = RasterOptions(
    widths=tuple(DEFAULTS["CLINIC_IMAGE_WIDTHS"]),
    formats=tuple(DEFAULTS["CLINIC_IMAGE_FORMATS"]),
    quality=DEFAULTS["CLINIC_IMAGE_QUALITY"],
    sizes=DEFAULTS["CLINIC_IMAGE_SIZES"],
)
# A 375 px wide phone: below 44rem, so `sizes` gives 100vw - 2rem = 343 CSS pixels.
PHONE_SLOT = 375 - 32


def write_photo(file, width, height):
    """Write a generated photograph-like JPEG (quality 90, as cameras save)."""
    size = (width, height)
    gradient = Image.linear_gradient("L").resize(size)
    radial = Image.radial_gradient("L").resize(size)
    noise = Image.effect_noise(size, 40)
    image = Image.merge("RGB", (gradient, radial, noise)).filter(ImageFilter.GaussianBlur(1))
    draw = ImageDraw.Draw(image)
    for i in range(40):
        x, y = i * 57 % width, i * 91 % height
        draw.ellipse((x, y, x + width // 12, y + height // 10), fill=(i * 6, 120, 200 - i * 4))
    image.save(file, "JPEG", quality=90)


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(encode, source, renditions, output):
    """Write the renditions `encode` returns; return (CPU seconds, wall seconds)."""
    cpu, wall = cpu_seconds(), time.perf_counter()
    encoded = encode(source.read_bytes(), renditions, OPTIONS)
    for rendition, data in zip(renditions.files, encoded, strict=True):
        atomic_write(output / rendition.path, data)
    return cpu_seconds() - cpu, time.perf_counter() - wall


def many_photos(folder, count, runs):
    """Time write_renditions on `count` photos, one at a time and at once; print the medians."""
    content = folder / "many"
    (content / "images").mkdir(parents=True)
    for number in range(count):
        write_photo(content / "images" / f"photo-{number}.jpg", 2400, 1600)
    times = {"one at a time": [], "at once": []}
    for run in range(runs):
        for name in list(times)[:: 1 if run % 2 == 0 else -1]:
            images = ImageSources(content, content / "theme", "theme", {}, "alt-text.toml", OPTIONS)
            for number in range(count):
                images.renditions_of(f"images/photo-{number}.jpg")
            store = Store(folder / f"many-cache-{run}-{name.replace(' ', '-')}", "bench")
            output = folder / f"many-output-{run}-{name.replace(' ', '-')}"
            cpu, wall = cpu_seconds(), time.perf_counter()
            problems = []
            workers = 1 if name == "one at a time" else None
            write_renditions(
                output, images, problems, RenditionsMemo(encode_renditions, store), workers
            )
            assert not problems, problems
            times[name].append((cpu_seconds() - cpu, time.perf_counter() - wall))
    print(f"\nwrite_renditions on {count} photos of 2400x1600, medians of {runs} runs:")
    for name, each in times.items():
        cpu, wall = (statistics.median(t[i] for t in each) for i in (0, 1))
        print(f"  {name:18} {cpu:6.3f} s CPU {wall:6.3f} s wall")
    walls = [statistics.median(t[1] for t in each) for each in times.values()]
    print(f"  at once saves {1 - walls[1] / walls[0]:.0%} of the wall time")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-r", "--runs", type=int, default=3)
    parser.add_argument("--width", type=int, default=2400)
    parser.add_argument("--height", type=int, default=1600)
    parser.add_argument("--photos", type=int, default=0, help="also time K photos at once")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="clinic-images-") as temp:
        folder = Path(temp)
        source = folder / "photo.jpg"
        write_photo(source, args.width, args.height)
        renditions = plan("images/photo.jpg", (args.width, args.height), OPTIONS)
        cold, cached = [], []
        for run in range(args.runs):
            store, output = Store(folder / f"cache-{run}", "bench"), folder / f"output-{run}"
            cold.append(timed(RenditionsMemo(encode_renditions, store), source, renditions, output))
            cached.append(
                timed(RenditionsMemo(encode_renditions, store), source, renditions, output)
            )
            assert store.hits == len(renditions.files)  # the second time, every one kept
        output = folder / "output-0"
        print(f"{args.width}x{args.height} JPEG, {source.stat().st_size} bytes; ", end="")
        print(f"{len(renditions.files)} renditions, medians of {args.runs} runs:")
        for name, times in [("cold (encode all)", cold), ("cached (copy all)", cached)]:
            cpu = statistics.median(t[0] for t in times)
            wall = statistics.median(t[1] for t in times)
            print(f"  {name:18} {cpu:6.3f} s CPU {wall:6.3f} s wall")
        print(f"\nA 375 px phone: `sizes` gives {PHONE_SLOT} CSS px")
        for density in (2, 3):
            needed = PHONE_SLOT * density
            for format in ("avif", "webp", renditions.fallback_format):
                files = renditions.in_format(format)
                chosen = next((f for f in files if f.width >= needed), files[-1])
                size = (output / chosen.path).stat().st_size
                ratio = size / source.stat().st_size
                print(
                    f"  at {density}x ({needed} px) {format:>4}: {chosen.path} "
                    f"{size} bytes ({ratio:.1%} of the original)"
                )
        if args.photos:
            many_photos(folder, args.photos, args.runs)


if __name__ == "__main__":
    main()
