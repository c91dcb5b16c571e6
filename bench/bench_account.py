"""Benchmark: `handoff build --account ID`, the rep's own loop, against a full build, in one process.

Usage: python bench/bench_account.py [--rounds R]

Copies the default content into a temporary project, builds it once, then times,
interleaved round by round: rebuilding one account's kit (its deck, presenter deck,
proposal and pre-filled workbook) without PDF conversion, the same with PDFs (LibreOffice,
cached between rounds like a rep's repeated saves, except for the file that changed), and a
whole build without PDFs (`handoff build`, which reuses from its cache what the edit left
unchanged). Each round edits one number in the account file first, so every
round rebuilds changed files. The goal (issue 11) is under 1 s for the kit excluding PDFs.
Figures and ratios only: benchmarks print, tests never assert timings.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.pipeline import build, build_account  # noqa: E402

ACCOUNT = "bayline-mechanical"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="handoff-bench-") as tmp:
        os.environ.setdefault("HANDOFF_CACHE", str(Path(tmp) / "cache"))
        project = Path(tmp) / "project"
        shutil.copytree(ROOT / "content", project / "content")
        shutil.copytree(ROOT / "enablement", project / "enablement")
        out = project / "build"
        build(project / "content", out, render=False)
        account = project / "content" / "accounts" / f"{ACCOUNT}.yaml"
        original = account.read_text()
        kit, kit_pdf, whole = [], [], []
        for round_ in range(args.rounds):
            account.write_text(original.replace("technicians: 34\n", f"technicians: {35 + round_}\n"))
            started = time.perf_counter()
            build_account(project / "content", ACCOUNT, out, render=False)
            kit.append(time.perf_counter() - started)
            started = time.perf_counter()
            build_account(project / "content", ACCOUNT, out, render=True)
            kit_pdf.append(time.perf_counter() - started)
            started = time.perf_counter()
            build(project / "content", out, render=False)
            whole.append(time.perf_counter() - started)
        account.write_text(original)

    def median(values: list[float]) -> float:
        return statistics.median(values)

    print(f"rounds: {args.rounds}, median seconds")
    print(f"  kit of one account, no PDFs     {median(kit):6.2f} s   ({median(kit) / median(whole):.2f}x the whole build)")
    print(f"  kit of one account, with PDFs   {median(kit_pdf):6.2f} s   (LibreOffice converts the changed files)")
    print(f"  whole build, no PDFs            {median(whole):6.2f} s   (reusing what the edit left unchanged)")
    print(f"  goal: kit without PDFs under 1 s: {'met' if median(kit) < 1 else 'not met'}")


if __name__ == "__main__":
    main()
