"""Building the site: strict MkDocs, same output from handoff build, and no internal leaks."""

from __future__ import annotations

import filecmp
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from canaries import Canaries, plant, plant_accounts
from sitekit import DEFAULT_CONTENT, ROOT, build_to, site_files

from generator.content.load import Loaded, load_content
from generator.context.reproducible import build_moment
from generator.context.view import internal_view


def test_mkdocs_build_strict_has_zero_warnings(tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert (tmp_path / "site/offers/dispatch/index.html").exists()


def test_handoff_build_and_mkdocs_build_produce_the_same_site(default_site: Path, tmp_path: Path) -> None:
    loaded = load_content(DEFAULT_CONTENT)
    epoch = str(int(build_moment(loaded.content).timestamp()))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": epoch}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "m")],
        check=True,
        env=env,
        cwd=ROOT,
    )
    ours = [p.relative_to(default_site) for p in site_files(default_site)]
    theirs = [p.relative_to(tmp_path / "m") for p in site_files(tmp_path / "m")]
    assert ours == theirs
    _, mismatch, errors = filecmp.cmpfiles(default_site, tmp_path / "m", [str(p) for p in ours], shallow=False)
    assert (mismatch, errors) == ([], [])


def test_search_index_and_sitemap_cover_the_pages(default_site: Path) -> None:
    index = json.loads((default_site / "search/search_index.json").read_text())
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"offers/dispatch/", "case-studies/kessler-comfort/", "faq/", "compare/tradewell/"} <= locations
    sitemap = (default_site / "sitemap.xml").read_text()
    assert "<loc>https://crewboard.example/offers/dispatch/</loc>" in sitemap


def test_site_build_is_reproducible(default_site: Path, tmp_path: Path) -> None:
    again = build_to(load_content(DEFAULT_CONTENT), tmp_path / "again")
    files = [str(p.relative_to(default_site)) for p in site_files(default_site)]
    assert filecmp.cmpfiles(default_site, again, files, shallow=False)[1:] == ([], [])


# --- Canaries: every internal value gets a unique marker that must not reach the site ---


@pytest.fixture(scope="module")
def canary_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[str]]]:
    loaded = load_content(DEFAULT_CONTENT)
    canaries = Canaries()
    content = plant_accounts(plant(loaded.content, canaries), canaries)
    # Control: the internal view (what collateral sees) carries every text canary.
    internal = json.dumps(internal_view(content))
    assert [c for c in canaries.issued if c.startswith("CANARY") and c not in internal] == []
    site = build_to(Loaded(content, [], loaded.positions, loaded.folder), tmp_path_factory.mktemp("canary") / "site")
    yield site, canaries.issued


def test_canaries_were_planted_everywhere(canary_site: tuple[Path, list[str]]) -> None:
    _, issued = canary_site
    assert len(issued) > 150


def test_no_internal_value_reaches_any_site_file(canary_site: tuple[Path, list[str]]) -> None:
    site, issued = canary_site
    texts = [c for c in issued if c.startswith("CANARY")]
    numbers = [c for c in issued if not c.startswith("CANARY")]
    number_forms = [f for n in numbers for f in (n, f"{float(n):,.0f}", f"{float(n):,.2f}")]
    leaks = []
    for path in site_files(site):
        data = path.read_bytes().decode("utf-8", errors="replace")
        leaks += [(path.name, c) for c in texts + number_forms if c in data]
    assert leaks == []
    assert (site / "search/search_index.json").exists() and (site / "sitemap.xml").exists()


def test_mkdocs_build_stops_on_content_errors_with_exact_lines(tmp_path: Path) -> None:
    from sitekit import copy_project

    project = copy_project(tmp_path)
    offer = project / "content/offers/dispatch.yaml"
    offer.write_text(offer.read_text().replace("amount: 69", 'amount: "free"'))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, capture_output=True, text=True, env=env
    )
    assert result.returncode == 1
    assert 'content/offers/dispatch.yaml:26:11: offers.dispatch.price.amount: expected a number >= 0, got "free"' in result.stderr
    assert "Traceback" not in result.stderr


def test_the_home_page_title_says_what_the_company_does(default_site: Path) -> None:
    company = load_content(DEFAULT_CONTENT).content.company
    home = (default_site / "index.html").read_text()
    assert f"<title>{company.name}: {company.tagline}</title>" in home
    assert "<title>Crewboard Dispatch - Crewboard</title>" in (default_site / "offers/dispatch/index.html").read_text()
