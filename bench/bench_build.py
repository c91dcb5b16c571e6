"""Benchmark: how long loading and building take, and how much memory, as content grows.

Usage: python bench/bench_build.py [--scale N] [--content DIR]

Makes a synthetic content folder by copying the default content and cloning its offers,
case studies and articles N times each, then prints wall time and peak memory for
`load_content` and for the full `handoff build`. Figures only; no pass/fail.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.load import load_content  # noqa: E402
from generator.pipeline import build  # noqa: E402


def _grow(source: Path, target: Path, scale: int) -> dict[str, int]:
    shutil.copytree(source, target)
    counts = {}
    for folder, suffix in (("offers", ".yaml"), ("case_studies", ".yaml"), ("articles", ".md")):
        originals = sorted((target / folder).glob(f"*{suffix}"))
        for i in range(1, scale):
            for path in originals:
                (target / folder / f"{path.stem}-copy{i}{suffix}").write_text(path.read_text())
        counts[folder] = len(list((target / folder).glob(f"*{suffix}")))
    return counts


def _measure(label: str, fn) -> None:  # type: ignore[no-untyped-def]
    tracemalloc.start()
    start = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<28} {elapsed:8.2f} s   peak Python memory {peak / 2**20:8.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10, help="copies of each offer, case study and article")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        counts = _grow(args.content, content, args.scale)
        print(f"content: {counts} (scale {args.scale})")
        _measure("load_content", lambda: load_content(content))
        _measure("handoff build", lambda: build(content, Path(tmp) / "out"))
    print(f"max resident set size      {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:8.1f} MiB")


if __name__ == "__main__":
    main()
