"""Benchmark: the preview loop, from a saved edit to the page served with it, against a full rebuild.

Usage: python bench/bench_preview.py [--pages P] [--rounds R]

Grows the default content until the site has at least --pages pages (the articles, as
bench/bench_build.py does), starts `handoff serve` on it in a process of its own, and, round
by round:

- saves an edit that changes some pages only (an offer's price, which pages and articles
  quote; an article's body), and times from the save until the served page shows it, polling
  the page every 10 ms: the watcher's delay, the rebuild and the request;
- saves an edit to a title, which every page's navigation may show: the whole site is built
  again, timed the same way;
- times a full build of the same site (content loaded, checked and rendered, then MkDocs with
  the Handoff plugin) in this process: what every save cost before the preview rebuilt page
  by page.

Figures and ratios only: benchmarks print, tests never assert timings.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scale import grow  # noqa: E402

from generator.content.load import load_content  # noqa: E402
from generator.context import build_context  # noqa: E402
from generator.outputs.site.build import build_site, write_pages  # noqa: E402
from generator.project import Project  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _until(url: str, text: str, seconds: float = 120) -> float:
    """Return when ``text`` first appeared at ``url`` (polled every 10 ms)."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        if text in _get(url):
            return time.perf_counter()
        time.sleep(0.01)
    raise SystemExit(f"{text!r} did not appear at {url} within {seconds} s")


def _save(path: Path, old: str, new: str) -> float:
    """Replace ``old`` by ``new`` in a content file, the way an editor saves; return when."""
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"{old!r} is not in {path}")
    start = time.perf_counter()
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return start


def _full_build(content: Path, target: Path, project: Project) -> float:
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        build_site(build_context(load_content(content)), target, project)
    return time.perf_counter() - start


def run(pages_wanted: int, rounds: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        originals = len(list((ROOT / "content/articles").glob("*.md")))
        small = work / "small"
        grow(ROOT / "content", small, 1)
        base_pages = len(write_pages(build_context(load_content(small)), work / "small-pages", Project.locate(small, root=ROOT)))
        content = work / "content"
        grow(ROOT / "content", content, 1, articles=1 + -(-max(0, pages_wanted - base_pages) // originals))
        project = Project.locate(content, root=ROOT)
        page_count = len(write_pages(build_context(load_content(content)), work / "pages", project))

        port = _free_port()
        log = (work / "serve.log").open("w")
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--content", str(content), "-a", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        site = f"http://127.0.0.1:{port}"
        offer, article = content / "offers/dispatch.yaml", content / "articles/two-hour-arrival-windows.md"
        timings: dict[str, list[float]] = {"price": [], "article body": [], "title": [], "full": []}
        try:
            _until(f"{site}/offers/dispatch/", "per month per technician")
            _full_build(content, work / "site", project)  # warm up: imports, fonts, caches of this process
            price = 69
            for i in range(rounds):
                start = _save(offer, f"amount: {price}", f"amount: {price + 1}")
                price += 1
                timings["price"].append(_until(f"{site}/offers/dispatch/", f"${price} per month per technician") - start)
                start = _save(article, "\n\n", f"\n\nEdit number {i} of the preview benchmark.\n\n")
                timings["article body"].append(
                    _until(f"{site}/articles/two-hour-arrival-windows/", f"Edit number {i} of the preview benchmark.") - start
                )
                timings["full"].append(_full_build(content, work / "site", project))
                start = _save(offer, "name: ", f"name: Round {i} ")
                timings["title"].append(_until(f"{site}/offers/dispatch/", f"Round {i} ") - start)
        finally:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)
            log.close()
        lines = (work / "serve.log").read_text(encoding="utf-8").splitlines()
        rebuilt = [line.split("Preview: ", 1)[1].split(":")[0] for line in lines if "Preview: " in line]
    edits = timings["price"] + timings["article body"]
    full = statistics.median(timings["full"])
    return {
        "pages": page_count,
        "rounds": rounds,
        "edit": statistics.median(edits),
        "price": statistics.median(timings["price"]),
        "article": statistics.median(timings["article body"]),
        "title": statistics.median(timings["title"]),
        "full": full,
        "rebuilt": rebuilt,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pages", type=int, default=300, help="grow the articles until the site has this many pages")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of edits; medians are reported")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    r = run(args.pages, args.rounds)
    edit, full = float(r["edit"]), float(r["full"])  # type: ignore[arg-type]
    print(f"Preview at {r['pages']} pages, {r['rounds']} rounds, medians, on {r['machine']}:")
    print(f"  saved edit to served page (price and article-body edits): {edit:.2f} s")
    print(f"    an offer's price:                                       {r['price']:.2f} s")
    print(f"    an article's body:                                      {r['article']:.2f} s")
    print(f"  saved title edit to served page (every page rebuilt):     {r['title']:.2f} s")
    print(f"  full site rebuild in this process (load, render, MkDocs): {full:.2f} s")
    print(f"  ratio, saved edit to page / full rebuild:                 {edit / full:.2f}x")
    print("  what the preview rebuilt, save by save:")
    for line in r["rebuilt"]:  # type: ignore[attr-defined]
        print(f"    {line}")


if __name__ == "__main__":
    main()
