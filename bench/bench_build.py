"""Benchmark: Handoff against the cost of the same work done bare, measured in one process.

Usage: python bench/bench_build.py [--scale N] [--rounds R] [--pages P] [--write-readme]

Grows the default content N times (every kind: offers, case studies, competitors up to
--competitors, articles, personas, FAQs), then times, interleaved round by round (the
order of the two sides alternating) so that both sides of a ratio see the same machine:

- the whole `handoff build --no-pdf` against a plain Material build of the same pages (the
  folder `handoff pages` writes, built by MkDocs with no Handoff plugin), and each stage of
  that build (load, check and context; data; site; enablement) against the same plain build;
- the site alone (MkDocs with the Handoff plugin) against the same plain build;
- an offer deck and the company deck, each against a bare python-pptx deck with the same
  number of slides and notes; decks are timed cold, as the first deck of a process (every
  cache a deck keeps in memory emptied: measurements, shapes and tables made once, parts
  deflated once; what stays is what any process pays once: imports, fonts found and opened,
  and the word advances measured by earlier builds, kept on disk); the offer deck also as
  the first a machine ever builds (no advances on disk either); both sides have their
  imports done;
- one ROI workbook against a bare openpyxl workbook with the same cells;
- a rebuild after a one-file change, against the full build;
- the whole build again with the articles grown until the site has --pages pages.

Memory is measured in a separate process (the peak resident size of a whole build), never
while timing; nothing is traced while timing. Figures and ratios only: benchmarks print,
tests never assert timings.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import platform
import re
import shutil
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
from generator.pipeline import BuildResult, build  # noqa: E402
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


def _first_on_machine(job: Callable[[], bytes]) -> Callable[[], bytes]:
    """Time a deck as the first a machine builds: cold, and with no word advances kept on disk."""
    from generator.outputs.collateral.deck import measure

    def run() -> bytes:
        saved = os.environ.get("XDG_CACHE_HOME")
        with tempfile.TemporaryDirectory() as empty:
            os.environ["XDG_CACHE_HOME"] = empty  # where measure keeps advances: empty
            try:
                measure.clear_caches()
                return job()
            finally:
                if saved is None:
                    os.environ.pop("XDG_CACHE_HOME", None)
                else:
                    os.environ["XDG_CACHE_HOME"] = saved
                measure.clear_caches()

    return run


def _cold(job: Callable[[], bytes]) -> Callable[[], bytes]:
    """Time a deck as the first deck of a fresh process: the caches a deck keeps in memory emptied first."""
    from generator.outputs.collateral.deck import measure

    def run() -> bytes:
        clear: Callable[[], None] | None = getattr(measure, "clear_caches", None)
        if clear is not None:  # measurements are kept between decks where Handoff keeps them
            clear()
        return job()

    return run


Row = tuple[str, float, float]

#: One-file edits timed as cached rebuilds: (what, content file, edit for round i).
_EDITS: list[tuple[str, str, Callable[[str, int], str]]] = [
    ("an account (a rep's edit)", "accounts/northgate-electric.yaml", lambda t, i: t + f"\n# edit {i}\n"),
    ("one offer's price", "offers/dispatch.yaml", lambda t, i: re.sub(r"amount: \d+", f"amount: {70 + i}", t, count=1)),
    ("one article", "articles/two-hour-arrival-windows.md", lambda t, i: t + f"\nOne more line, round {i}.\n"),
]


class _Pairs:
    """Timings of (ours, baseline) pairs, run interleaved: the order alternates from round to round."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[list[float], list[float]]] = {}

    def pair(self, label: str, ours: Callable[[], object], baseline: Callable[[], object], round_: int) -> None:
        a, b = self.rows.setdefault(label, ([], []))
        if round_ % 2:
            b.append(_time(baseline))
            a.append(_time(ours))
        else:
            a.append(_time(ours))
            b.append(_time(baseline))

    def add(self, label: str, ours: float, baseline: float) -> None:
        a, b = self.rows.setdefault(label, ([], []))
        a.append(ours)
        b.append(baseline)

    def table(self) -> list[Row]:
        return [(label, statistics.median(a), statistics.median(b)) for label, (a, b) in self.rows.items()]


def _whole_build(
    pairs: _Pairs, label: str, stage: str, project: Project, out: Path, pages: Path, plain: Path, round_: int
) -> None:
    """Time `handoff build --no-pdf` against plain Material, and each stage of the build against it too."""
    results: list[BuildResult] = []

    def ours() -> None:
        results.append(build(project, out, render=False, cache=False))  # a full build: nothing reused

    pairs.pair(label, ours, lambda: _plain_material(pages, plain), round_)
    base = pairs.rows[label][1][-1]
    result = results[-1]
    stages = {o.name: o.seconds for o in result.outputs}
    pairs.add(f"{stage}load, check and context", result.seconds - sum(stages.values()), base)
    for name, seconds in stages.items():
        pairs.add(f"{stage}{name}", seconds, base)


def run(
    scale: int, rounds: int, pages_wanted: list[int], big_rounds: int, competitors: int
) -> tuple[list[Row], dict[str, object]]:
    """Return (label, seconds, baseline seconds) rows, and facts about the run."""
    from generator.outputs.collateral import plan_collateral

    pairs = _Pairs()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        content = work / "content"
        counts = grow(ROOT / "content", content, scale, competitors=min(scale, competitors))
        project = Project.locate(content, root=ROOT)
        context = build_context(load_content(content))
        pages = work / "pages"
        page_count = len(write_pages(context, pages, project))
        jobs = plan_collateral(context, project.enablement)
        offer_deck = next(make for asset, make in jobs if asset.path.startswith("decks/") and "-dispatch" in asset.path)
        company_deck = next(make for asset, make in jobs if asset.path == "decks/company-presenter.pptx")
        book_job = next(make for asset, make in jobs if asset.path.endswith("-roi.xlsx"))
        offer_slides, offer_notes = _deck_shape(offer_deck())
        company_slides, company_notes = _deck_shape(company_deck())
        cells = _workbook_cells(book_job())
        # Warm up: imports and fontconfig look-ups are paid once per process, not per build.
        _time(lambda: build(project, work / "out", render=False))
        _time(lambda: _plain_material(pages, work / "plain"))
        _time(lambda: build(project, work / "cached", render=False))  # what the first rebuild reuses
        for i in range(rounds):
            _whole_build(
                pairs,
                "whole build (no PDFs) vs plain Material site",
                "· stage: ",
                project,
                work / "out",
                pages,
                work / "plain",
                i,
            )
            pairs.pair(
                "site (plugin) vs plain Material site",
                lambda: build_site(build_context(load_content(content)), work / "site", project),
                lambda: _plain_material(pages, work / "plain"),
                i,
            )
            pairs.pair(
                f"offer deck ({offer_slides} slides) vs bare python-pptx",
                _cold(offer_deck),
                lambda: _bare_deck(offer_slides, offer_notes),
                i,
            )
            pairs.pair(
                f"offer deck ({offer_slides} slides), first on a machine, vs bare python-pptx",
                _first_on_machine(offer_deck),
                lambda: _bare_deck(offer_slides, offer_notes),
                i,
            )
            pairs.pair(
                f"company deck ({company_slides} slides) vs bare python-pptx",
                _cold(company_deck),
                lambda: _bare_deck(company_slides, company_notes),
                i,
            )
            pairs.pair("ROI workbook vs bare openpyxl", book_job, lambda: _bare_workbook(cells), i)
            for what, path, change in _EDITS:
                edited = content / path
                text = edited.read_text(encoding="utf-8")
                # A different edit each round, so every round's rebuild has something to rebuild.
                edited.write_text(change(text, i), encoding="utf-8")
                pairs.pair(
                    f"rebuild after editing {what} vs full build",
                    lambda: build(project, work / "cached", render=False),
                    lambda: build(project, work / "out2", render=False, cache=False),
                    i,
                )
        # Memory in a process of its own: the peak resident size of a whole `handoff build`.
        peaks = {page_count: _peak_memory(content, work / "mem")}
        sizes: list[int] = []
        for wanted in pages_wanted:
            # Many pages: articles grown until the site has at least `wanted` pages.
            big = work / f"big-{wanted}"
            originals = len(list((ROOT / "content/articles").glob("*.md")))
            articles = scale + -(-max(0, wanted - page_count) // originals)
            grow(ROOT / "content", big, scale, competitors=min(scale, competitors), articles=articles)
            big_project = Project.locate(big, root=ROOT)
            big_pages = len(write_pages(build_context(load_content(big)), work / f"big-pages-{wanted}", big_project))
            sizes.append(big_pages)
            for i in range(big_rounds):
                label = f"whole build at {big_pages} pages (no PDFs) vs plain Material site"
                stage = f"· stage at {big_pages} pages: "
                _whole_build(
                    pairs, label, stage, big_project, work / "big-out", work / f"big-pages-{wanted}", work / "big-plain", i
                )
            # One-file rebuilds at this size, against the full build just timed (nothing reused).
            full = pairs.rows[f"whole build at {big_pages} pages (no PDFs) vs plain Material site"][0][-1]
            _time(lambda p=big_project: build(p, work / "big-cached", render=False))
            for what, path, change in _EDITS:
                edited = big / path
                edited.write_text(change(edited.read_text(encoding="utf-8"), 0), encoding="utf-8")
                seconds = _time(lambda p=big_project: build(p, work / "big-cached", render=False))
                pairs.add(f"rebuild at {big_pages} pages after editing {what} vs full build", seconds, full)
            shutil.rmtree(work / "big-cached", ignore_errors=True)
            peaks[big_pages] = _peak_memory(big, work / "big-mem")
            shutil.rmtree(work / "big-out", ignore_errors=True)
    facts: dict[str, object] = {
        "scale": scale,
        "rounds": rounds,
        "pages": page_count,
        "big pages": sizes,
        "big rounds": big_rounds,
        "competitor cap": competitors,
        **counts,
        "peak memory (MiB)": {pages: (round(own / 2**20, 1), round(child / 2**20, 1)) for pages, (own, child) in peaks.items()},
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    return pairs.table(), facts


def _peak_memory(content: Path, out: Path) -> tuple[int, int]:
    """Return the peak resident sizes, in bytes, of `handoff build --no-pdf` run in a process of its own.

    Two figures: the build process itself, and the largest process it started (a collateral
    worker, or Chromium printing the hand-off agreement when its print is not cached yet).
    """
    # The build's own peak is VmHWM, the high-water mark of its memory since exec: ru_maxrss
    # is kept across exec, so it would report this (large) benchmark process's size instead.
    code = (
        "import re, resource, sys; from pathlib import Path; from generator.pipeline import build; "
        "build(Path(sys.argv[1]), Path(sys.argv[2]), render=False); "
        "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()); "
        "own = int(hwm.group(1)) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; "
        "print(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(content), str(out)], cwd=ROOT, check=True, capture_output=True, text=True
    )
    own, child = done.stdout.split()[-2:]
    return int(own) * 1024, int(child) * 1024


def render(table: list[Row], facts: dict[str, object]) -> str:
    sizes: list[int] = facts["big pages"]  # type: ignore[assignment]
    peaks: dict[int, tuple[float, float]] = facts["peak memory (MiB)"]  # type: ignore[assignment]
    big = (
        f"; the {' and '.join(str(n) for n in sizes)}-page figures grow only the articles ({facts['big rounds']} round{'s' if facts['big rounds'] != 1 else ''})"
        if sizes
        else ""
    )
    memory = ", ".join(f"{own} MiB at {pages} pages (largest child {child} MiB)" for pages, (own, child) in peaks.items())
    lines = [
        f"Measured by `python bench/bench_build.py --scale {facts['scale']}` "
        f"({facts['rounds']} interleaved rounds, medians) on {facts['machine']}; "
        f"{facts['pages']} site pages, {facts['offers']} offers, {facts['competitors']} competitors "
        f"(at most {facts['competitor cap']}), {facts['personas']} personas, {facts['faqs']} FAQs, "
        f"{facts['accounts']} accounts{big}. "
        f"Peak resident memory of a whole `handoff build --no-pdf`, each measured in a separate run, "
        f"the build process (VmHWM) and, apart, the largest process it started (a collateral worker, or "
        f"Chromium printing the hand-off agreement; Linux counts in a child the build's size when it "
        f"started it): {memory}. Full builds reuse nothing (`--no-cache`); "
        "rebuilds reuse the previous build. Decks are timed cold (text measurement caches emptied); "
        "stage rows are parts of the whole build above them, against the same plain build.",
        "",
        "| what | Handoff | baseline | ratio |",
        "| --- | ---: | ---: | ---: |",
    ]
    for label, ours, base in table:
        lines.append(f"| {label} | {ours:.2f} s | {base:.2f} s | {ours / base:.2f}x |")
    if len(sizes) >= 2:
        # Growth: each stage's time per page at the largest size against the smallest big one.
        small, large = sizes[0], sizes[-1]
        times = {label: ours for label, ours, _ in table}
        lines += ["", f"| growth from {small} to {large} pages ({large / small:.1f}x the pages) | time ratio | per page |"]
        lines.append("| --- | ---: | ---: |")
        for label in [f"whole build at {small} pages (no PDFs) vs plain Material site"] + [
            k for k in times if k.startswith(f"· stage at {small} pages: ")
        ]:
            other = label.replace(f"at {small} pages", f"at {large} pages")
            if other in times and times[label] > 0:
                grown = times[other] / times[label]
                name = label.replace(f" at {small} pages", "").replace(" (no PDFs) vs plain Material site", "")
                lines.append(f"| {name} | {grown:.2f}x | {grown / (large / small):.2f}x |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", type=int, default=3, help="copies of each content item")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; medians are reported")
    parser.add_argument(
        "--pages",
        default="1000,3000",
        help="also time whole builds with the site grown to these many pages, comma-separated (empty: skip)",
    )
    parser.add_argument("--big-rounds", type=int, default=1, help="interleaved rounds at --pages")
    parser.add_argument(
        "--competitors", type=int, default=4, help="grow competitors to at most this many (the comparison table's width)"
    )
    parser.add_argument("--write-readme", action="store_true", help="replace the figures in README.md's performance section")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    pages = [int(n) for n in args.pages.split(",") if n.strip()]
    text = render(*run(args.scale, args.rounds, pages, args.big_rounds, args.competitors))
    print(text)
    if args.write_readme:
        readme = ROOT / "README.md"
        current = readme.read_text(encoding="utf-8")
        start, end = current.index(README_START) + len(README_START), current.index(README_END)
        readme.write_text(current[:start] + "\n" + text + current[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
