from __future__ import annotations

import shutil
from pathlib import Path

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
