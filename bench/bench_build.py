"""Benchmark: Handoff against the cost of the same work done bare, measured in one process.

Usage: python bench/bench_build.py [--scale N] [--rounds R] [--write-readme]

Grows the default content N times (every kind: offers, case studies, competitors,
articles, personas, FAQs), then times, interleaved round by round so that both sides of a
ratio see the same machine:

- the whole `handoff build` against a plain Material build of the same pages (the folder
  `handoff pages` writes, built by MkDocs with no Handoff plugin);
- the site alone (MkDocs with the Handoff plugin) against the same plain build;
- one offer deck against a bare python-pptx deck with the same slides and notes;
- one ROI workbook against a bare openpyxl workbook with the same cells;
- a rebuild after a one-file change, against the full build.

Memory is measured in a separate process (the peak resident size of a whole build), never
while timing. Figures and ratios only: benchmarks print, tests never assert timings.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scale import grow  # noqa: E402

from generator.content.load import load_content  # noqa: E402
from generator.context import build_context  # noqa: E402
from generator.outputs.site.build import build_site, write_pages  # noqa: E402
from generator.pipeline import build  # noqa: E402
from generator.project import Project  # noqa: E402

README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    with _quiet():
        fn()
    return time.perf_counter() - start


def _plain_material(pages: Path, target: Path) -> None:
    """Build the `handoff pages` folder with MkDocs and Material only: the baseline site."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    mkdocs_build(load_config(str(pages / "mkdocs.yml"), site_dir=str(target)))


def _bare_deck(slides: int, notes: str) -> bytes:
    """A python-pptx deck with a title, a text box and notes on each slide: the floor for a deck."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    for i in range(slides):
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = f"Slide {i}"
        box = slide.shapes.add_textbox(Inches(0.6), Inches(1.6), Inches(12), Inches(5))
        box.text_frame.text = "A paragraph of slide text that is about as long as a real one."
        box.text_frame.paragraphs[0].runs[0].font.size = Pt(18)
        slide.notes_slide.notes_text_frame.text = notes
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _bare_workbook(cells: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in range(1, cells + 1):
        sheet.cell(row, 1, f"Label {row}")
        sheet.cell(row, 2, row)
        sheet.cell(row, 3, f"=B{row}*2")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _deck_shape(deck: bytes) -> tuple[int, str]:
    from pptx import Presentation

    prs = Presentation(io.BytesIO(deck))
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide]
    return len(prs.slides), max(notes, key=len, default="")


def _workbook_cells(book: bytes) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(book))
    return sum(1 for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None) // 3


def run(scale: int, rounds: int) -> tuple[list[tuple[str, float, float]], dict[str, object]]:
    """Return (label, seconds, baseline seconds) rows, and facts about the run."""
    from generator.outputs.collateral import plan_collateral

    rows: dict[str, tuple[list[float], list[float]]] = {}

    def pair(label: str, ours: Callable[[], object], baseline: Callable[[], object]) -> None:
        a, b = rows.setdefault(label, ([], []))
        a.append(_time(ours))
        b.append(_time(baseline))

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        content = work / "content"
        counts = grow(ROOT / "content", content, scale)
        project = Project.locate(content, root=ROOT)
        context = build_context(load_content(content))
        pages = work / "pages"
        page_count = len(write_pages(context, pages, project))
        jobs = plan_collateral(context, project.enablement)
        deck_job = next(make for asset, make in jobs if asset.path.startswith("decks/") and "-dispatch" in asset.path)
        book_job = next(make for asset, make in jobs if asset.path.endswith("-roi.xlsx"))
        slides, notes = _deck_shape(deck_job())
        cells = _workbook_cells(book_job())
        offer = content / "offers/dispatch.yaml"
        for i in range(rounds):
            pair(
                "whole build vs plain Material site",
                lambda: build(project, work / "out"),
                lambda: _plain_material(pages, work / "plain"),
            )
            pair(
                "site (plugin) vs plain Material site",
                lambda: build_site(build_context(load_content(content)), work / "site", project),
                lambda: _plain_material(pages, work / "plain"),
            )
            pair(f"offer deck ({slides} slides) vs bare python-pptx", deck_job, lambda: _bare_deck(slides, notes))
            pair("ROI workbook vs bare openpyxl", book_job, lambda: _bare_workbook(cells))
            offer.write_text(offer.read_text(encoding="utf-8").replace("amount: 69", f"amount: {69 + i % 2}"))
            pair(
                "rebuild after a one-file change vs full build",
                lambda: build(project, work / "out"),
                lambda: build(project, work / "out2"),
            )
        # Memory in a process of its own: the peak resident size of a whole `handoff build`.
        subprocess.run(
            [sys.executable, "-m", "generator", "build", "--content", str(content), "--out", str(work / "mem")],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    table = [(label, statistics.median(a), statistics.median(b)) for label, (a, b) in rows.items()]
    facts: dict[str, object] = {
        "scale": scale,
        "rounds": rounds,
        "pages": page_count,
        **counts,
        "peak memory (MiB)": round(peak / 2**20, 1),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    return table, facts


def render(table: list[tuple[str, float, float]], facts: dict[str, object]) -> str:
    lines = [
        f"Measured by `python bench/bench_build.py --scale {facts['scale']}` "
        f"({facts['rounds']} interleaved rounds, medians) on {facts['machine']}; "
        f"{facts['pages']} site pages, {facts['offers']} offers, {facts['competitors']} competitors, "
        f"{facts['personas']} personas, {facts['faqs']} FAQs; "
        f"peak resident memory of a whole `handoff build` {facts['peak memory (MiB)']} MiB.",
        "",
        "| what | Handoff | baseline | ratio |",
        "| --- | ---: | ---: | ---: |",
    ]
    for label, ours, base in table:
        lines.append(f"| {label} | {ours:.2f} s | {base:.2f} s | {ours / base:.2f}x |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", type=int, default=3, help="copies of each content item")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; medians are reported")
    parser.add_argument("--write-readme", action="store_true", help="replace the figures in README.md's performance section")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    text = render(*run(args.scale, args.rounds))
    print(text)
    if args.write_readme:
        readme = ROOT / "README.md"
        current = readme.read_text(encoding="utf-8")
        start, end = current.index(README_START) + len(README_START), current.index(README_END)
        readme.write_text(current[:start] + "\n" + text + current[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
