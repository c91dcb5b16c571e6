from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.content.load import Loaded
from generator.context import build_context
from generator.outputs.site.build import build_site
from generator.project import Project

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONTENT = ROOT / "content"
FIXTURES = ROOT / "tests" / "fixtures"


def build_to(loaded: Loaded, target: Path) -> Path:
    """Build the public site for ``loaded`` into ``target`` with the repository's mkdocs.yml."""
    build_site(build_context(loaded), target, Project.locate(loaded.folder, root=ROOT))
    return target


def site_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file())


def html_pages(site: Path) -> list[str]:
    """Return the URL path of every HTML page, e.g. 'offers/dispatch/'."""
    pages = []
    for path in site.rglob("index.html"):
        rel = path.parent.relative_to(site).as_posix()
        pages.append("" if rel == "." else rel + "/")
    return sorted(pages)


def copy_project(tmp_path: Path) -> Path:
    """Copy mkdocs.yml, site_templates/ and content/ into a scratch project folder."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "site_templates", project / "site_templates")
    shutil.copytree(DEFAULT_CONTENT, project / "content")
    return project


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serving(site: Path) -> Iterator[str]:
    """Serve a built site on a free local port; yield its base URL."""
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
