"""`handoff serve` rebuilds when content changes, and shows content errors without dying."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO

import pytest
from sitekit import copy_project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, text: str, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = _get(url)
        if body is not None and text in body:
            return body
        time.sleep(0.5)
    raise AssertionError(f"{text!r} did not appear at {url} within {seconds} s")


def test_editing_yaml_reloads_the_served_site_and_errors_do_not_kill_the_server(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/offers/dispatch/"
    offer = project / "content/offers/dispatch.yaml"
    try:
        _wait_for(url, "$69 per month per technician")
        offer.write_text(offer.read_text().replace("amount: 69", "amount: 74"))
        _wait_for(url, "$74 per month per technician")

        offer.write_text(offer.read_text().replace("amount: 74", 'amount: "free"'))
        page = _wait_for(f"http://127.0.0.1:{port}/", "Content errors")
        assert (
            "offers.dispatch.price.amount: expected a number &gt;= 0, got &#34;free&#34;" in page
            or "offers.dispatch.price.amount: expected a number &gt;= 0, got &quot;free&quot;" in page
        )
        assert server.poll() is None

        offer.write_text(offer.read_text().replace('amount: "free"', "amount: 79"))
        _wait_for(url, "$79 per month per technician")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        if server.stderr:
            server.stderr.close()


def _serve(project: Path, log: IO[bytes]) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,
    )
    return server, f"http://127.0.0.1:{port}"


def _rebuilds(log: Path, count: int, seconds: float = 90) -> list[str]:
    """Return the preview's first ``count`` "Preview: ..." log lines, once there are that many."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        lines = [line.split("Preview: ", 1)[1] for line in log.read_text().splitlines() if "Preview: " in line]
        if len(lines) >= count:
            return lines[:count]
        time.sleep(0.2)
    raise AssertionError(f"the preview logged fewer than {count} rebuilds:\n{log.read_text()}")


def _indexed_pages(site: str) -> set[str]:
    index = json.loads(_get(f"{site}/search/search_index.json") or "{}")
    return {str(doc["location"]).partition("#")[0] for doc in index["docs"]}


def test_a_saved_edit_rebuilds_only_the_pages_it_changed_and_a_title_every_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    articles = project / "content/articles"
    for path in sorted(articles.glob("*.md")):  # a bigger site: 30 more article pages
        for i in range(6):
            (articles / f"{path.stem}-copy{i}.md").write_text(path.read_text())
    # The About page becomes a tab named by its title: its title is in every page's navigation.
    about = project / "content/pages/about.md"
    about.write_text(about.read_text().replace("nav: footer", "nav: header").replace("nav_label: About", ""))
    log = tmp_path / "serve.log"
    output = log.open("wb")
    server, site = _serve(project, output)
    article = articles / "two-hour-arrival-windows.md"
    try:
        assert "About Crewboard" in _wait_for(f"{site}/contact/", "Contact")
        assert _rebuilds(log, 1)[0].startswith("built all")
        pages = _indexed_pages(site)
        assert "articles/two-hour-arrival-windows/" in pages and len(pages) > 40

        # A body edit: one page changes, and only that one is rendered again (when requested).
        article.write_text(article.read_text().replace("\n---\n\n", "\n---\n\nA sentence saved in the preview.\n\n", 1))
        _wait_for(f"{site}/articles/two-hour-arrival-windows/", "A sentence saved in the preview.")
        assert _rebuilds(log, 2)[1].startswith("1 of ")
        assert _rebuilds(log, 2)[1].endswith(": articles/two-hour-arrival-windows.md")
        # The search index still has every page, and finds the new sentence.
        assert _indexed_pages(site) == pages
        assert "A sentence saved in the preview." in (_get(f"{site}/search/search_index.json") or "")

        # A price quoted on several pages: those are rendered again, an unrelated one is not.
        offer = project / "content/offers/dispatch.yaml"
        offer.write_text(offer.read_text().replace("amount: 69", "amount: 74"))
        _wait_for(f"{site}/offers/dispatch/", "$74 per month per technician")
        _wait_for(f"{site}/offers/", "$74")
        rebuilt = _rebuilds(log, 3)[2]
        assert " pages changed" in rebuilt
        assert "offers/dispatch.md" in rebuilt and "offers/index.md" in rebuilt
        assert "contact/index.md" not in rebuilt and "articles/two-hour-arrival-windows.md" not in rebuilt

        # A title in the navigation: every page is built again, and an unrelated page's tabs show it.
        about.write_text(about.read_text().replace("title: About Crewboard", "title: Our story"))
        contact = _wait_for(f"{site}/contact/", "Our story")
        assert "About Crewboard" not in contact
        assert _rebuilds(log, 4)[3].startswith("built all")
        assert "A sentence saved in the preview." in (_get(f"{site}/articles/two-hour-arrival-windows/") or "")
        assert _indexed_pages(site) == pages
        assert server.poll() is None
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        output.close()


def test_pages_rendered_one_by_one_equal_a_full_build_byte_for_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.outputs.site.plugin import CONTENT_ENV, PROJECT_ENV
    from generator.outputs.site.preview import Preview

    project = copy_project(tmp_path)
    monkeypatch.setenv(PROJECT_ENV, str(project))
    monkeypatch.setenv(CONTENT_ENV, str(project / "content"))
    preview = Preview(project / "mkdocs.yml", "127.0.0.1:8000")
    preview.config.plugins.on_startup(command="serve", dirty=False)
    preview.serve_url = preview.config.site_url = "http://127.0.0.1:8000/"
    try:
        preview.stamps = preview._stamps()
        preview._build_all(preview.config)
        offer = project / "content/offers/dispatch.yaml"
        offer.write_text(offer.read_text().replace("amount: 69", "amount: 74"))
        article = project / "content/articles/two-hour-arrival-windows.md"
        article.write_text(article.read_text().replace("\n---\n\n", "\n---\n\nNew text.\n\n## A new heading\n\nMore.\n\n", 1))
        preview.rebuild()
        assert "articles/two-hour-arrival-windows/" in preview.pending and "contact/" not in preview.pending
        preview.before_request("search/search_index.json")  # renders every changed page
        assert not preview.pending
        site = Path(preview.site_dir)
        one_by_one = {str(f.relative_to(site)): f.read_bytes() for f in sorted(site.rglob("*")) if f.is_file()}
        preview._build_all(preview._load())
        full = {str(f.relative_to(site)): f.read_bytes() for f in sorted(site.rglob("*")) if f.is_file()}
        assert one_by_one.keys() == full.keys()
        assert [path for path in full if one_by_one[path] != full[path]] == []
        assert b"A new heading" in full["search/search_index.json"] and b"$74" in full["offers/index.html"]
    finally:
        preview.config.plugins.on_shutdown()
        shutil.rmtree(preview.site_dir, ignore_errors=True)
