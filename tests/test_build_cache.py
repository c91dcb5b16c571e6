"""The build cache: a cached build is byte for byte a clean build, and an edit rebuilds what uses it.

The key of each collateral file names what it is made from (`generator.outputs.collateral.inputs`).
These tests edit every content file of the example business, one at a time, and check the
one property the cache rests on: a file whose bytes change always gets a new key.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from canaries import Canaries, plant
from support import DEFAULT_CONTENT, ROOT, build_differences, copy_content

from generator.content.load import Loaded, load_content
from generator.context import build_context
from generator.outputs.collateral import plan_collateral
from generator.outputs.collateral.inputs import CollateralInputs
from generator.outputs.collateral.jobs import run_jobs
from generator.outputs.site.build import build_site, site_key
from generator.pipeline import build
from generator.project import Project

#: Fields an edit leaves alone: ids, references, expressions and enumerations must stay valid.
KEEP = {
    "id", "expression", "pains", "offer", "offers", "competitor", "competitors", "file", "image", "logo", "persona",
    "personas", "case_studies", "stage", "kind", "unit", "format", "currency", "locale", "email", "website", "url",
}  # fmt: skip


def _edit(node: Any, counter: itertools.count[int]) -> Any:
    """Change every sentence and every number above 3 in a YAML document, each differently."""
    if isinstance(node, dict):
        return {k: v if k in KEEP else _edit(v, counter) for k, v in node.items()}
    if isinstance(node, list):
        return [_edit(v, counter) for v in node]
    if isinstance(node, str) and " " in node and "{{" not in node and len(node) < 400:
        return f"{node} Zq{next(counter)}x"
    if isinstance(node, bool):
        return node
    if isinstance(node, int) and node > 3:
        return node + 1
    if isinstance(node, float) and node > 3:
        return round(node * 1.01, 2)
    return node


def edit_file(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        path.write_text(text + "\nOne more sentence for the cache test.\n", encoding="utf-8")
    else:
        edited = _edit(yaml.safe_load(text), itertools.count())
        path.write_text(yaml.safe_dump(edited, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _collateral(project: Project) -> dict[str, tuple[str, bytes]]:
    """Return every collateral file of a project: path -> (cache key, bytes)."""
    context = build_context(load_content(project.content))
    planned = plan_collateral(context, project.enablement)
    inputs = CollateralInputs(context, project.enablement)
    data = run_jobs([make for _, make in planned])
    return {asset.path: (inputs.key(asset), made) for (asset, _), made in zip(planned, data, strict=True)}


def _content_files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.suffix in (".yaml", ".md"))


def test_every_edit_gives_a_new_key_to_each_collateral_file_it_changes(tmp_path: Path) -> None:
    content = copy_content(DEFAULT_CONTENT, tmp_path / "content")
    (tmp_path / "enablement").symlink_to(ROOT / "enablement")
    project = Project.locate(content)
    before = _collateral(project)
    rebuilt: dict[str, set[str]] = {}
    for name in _content_files(content):
        original = (content / name).read_text(encoding="utf-8")
        edit_file(content / name)
        try:
            after = _collateral(project)
        finally:
            (content / name).write_text(original, encoding="utf-8")
        assert after.keys() == before.keys(), name
        changed = {path for path in before if after[path][1] != before[path][1]}
        stale = sorted(path for path in changed if after[path][0] == before[path][0])
        assert stale == [], f"editing {name} changed {stale} but not their cache keys"
        rebuilt[name] = {path for path in before if after[path][0] != before[path][0]}
    # Precise where it matters: a rep's account edit rebuilds only that account's kit, an
    # offer edit leaves the other offers' decks alone, and site-only content rebuilds nothing.
    assert rebuilt["accounts/bayline-mechanical.yaml"] == {p for p in before if p.startswith("accounts/bayline-mechanical/")}
    assert not any("offer-launch-service" in p for p in rebuilt["offers/dispatch.yaml"])
    assert "decks/offer-dispatch.pptx" in rebuilt["offers/dispatch.yaml"]
    for name in ("articles/two-hour-arrival-windows.md", "pages/about.md", "marketing_plan.yaml"):
        assert rebuilt[name] == set(), name


def test_the_site_key_ignores_internal_fields_and_the_site_does_too(tmp_path: Path) -> None:
    """Canaries in every internal field leave the site's key, and the site built from them, unchanged."""
    project = Project.locate(DEFAULT_CONTENT)
    loaded = load_content(DEFAULT_CONTENT)
    planted = Loaded(plant(loaded.content, Canaries()), [], loaded.positions, loaded.folder)
    plain, canaried = build_context(loaded), build_context(planted)
    assert site_key(plain, project) == site_key(canaried, project)
    build_site(plain, tmp_path / "plain", project)
    build_site(canaried, tmp_path / "canaried", project)
    assert build_differences(tmp_path / "plain", tmp_path / "canaried") == []


@pytest.mark.parametrize(
    ("edited", "site_summary", "portal_reused"),
    [
        ("accounts/northgate-electric.yaml", "(unchanged: reused from the last build)", False),
        # Every sentence of the offer changes, its name too: every page's navigation changes.
        ("offers/dispatch.yaml", "27 pages, the public site: publish this folder", False),
        # The portal shows no article: every file it is built from is the same.
        ("articles/dispatch-software-roi.md", "(26 pages unchanged, kept from the last build)", True),
    ],
)
def test_a_cached_rebuild_after_an_edit_equals_a_clean_build(
    tmp_path: Path, edited: str, site_summary: str, portal_reused: bool
) -> None:
    content = copy_content(DEFAULT_CONTENT, tmp_path / "project" / "content")
    (tmp_path / "project" / "enablement").symlink_to(ROOT / "enablement")
    out = tmp_path / "project" / "build"
    first = build(content, out, render=False)
    assert first.outputs[1].summary == "27 pages, the public site: publish this folder"
    portal_page = (out / "enablement" / "index.html").stat().st_ino
    edit_file(content / edited)
    cached = build(content, out, render=False)
    assert cached.outputs[1].summary.endswith(site_summary)
    # A reused portal is the last build's files, linked: the same inode.
    assert ((out / "enablement" / "index.html").stat().st_ino == portal_page) is portal_reused
    assert (out / ".cache").is_dir()
    clean = build(content, tmp_path / "clean", render=False, cache=False)
    assert not (clean.out / ".cache").exists()
    assert build_differences(out, clean.out) == []


def _article_edit_rebuild(tmp_path: Path, between: Callable[[Path], object]) -> tuple[str, list[str]]:
    """Build, run ``between`` on the build folder, edit an article, build again: (site summary, differences from a clean build)."""
    content = copy_content(DEFAULT_CONTENT, tmp_path / "project" / "content")
    (tmp_path / "project" / "enablement").symlink_to(ROOT / "enablement")
    out = tmp_path / "project" / "build"
    build(content, out, render=False)
    between(out)
    edit_file(content / "articles" / "dispatch-software-roi.md")
    summary = build(content, out, render=False).outputs[1].summary
    return summary, build_differences(out, build(content, tmp_path / "clean", render=False, cache=False).out)


def test_pages_kept_through_a_build_that_reused_the_whole_site(tmp_path: Path) -> None:
    """A build that reuses the site whole carries its kept pages, so the next edit still renders one page."""
    content = tmp_path / "project" / "content"
    summary, differences = _article_edit_rebuild(tmp_path, lambda out: build(content, out, render=False))
    assert summary.endswith("(26 pages unchanged, kept from the last build)")
    assert differences == []


def test_a_published_page_changed_after_its_build_is_rendered_again(tmp_path: Path) -> None:
    """Kept pages are hard links to the published ones: a page edited in place is not served from the cache."""

    def edit_in_place(out: Path) -> None:
        with (out / "site" / "faq" / "index.html").open("a", encoding="utf-8") as page:
            page.write("<!-- added by a deploy step -->")

    summary, differences = _article_edit_rebuild(tmp_path, edit_in_place)
    assert summary.endswith("(25 pages unchanged, kept from the last build)")
    assert differences == []


def test_no_cache_and_handoff_cache_off_build_everything_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"

    def site_reused(**options: Any) -> bool:
        return "reused" in build(DEFAULT_CONTENT, out, render=False, **options).outputs[1].summary

    assert not site_reused()
    monkeypatch.setenv("HANDOFF_CACHE", "off")
    assert not site_reused()  # the first build's cache was there, and not read
    monkeypatch.delenv("HANDOFF_CACHE")
    assert not site_reused()  # the second build kept no cache
    assert site_reused()
    assert not site_reused(cache=False)


def test_a_site_changed_after_its_build_is_built_again(tmp_path: Path) -> None:
    """A step that post-processed build/site (a file added or edited) must not be carried into the next build."""
    out = tmp_path / "out"
    build(DEFAULT_CONTENT, out, render=False)
    (out / "site" / "index.html").write_text("edited after the build")
    rebuilt = build(DEFAULT_CONTENT, out, render=False)
    assert "reused" not in rebuilt.outputs[1].summary
    assert "edited after the build" not in (out / "site" / "index.html").read_text()
    assert "reused" in build(DEFAULT_CONTENT, out, render=False).outputs[1].summary


def test_shards_built_in_different_folders_merge(tmp_path: Path) -> None:
    """CI machines check out the project in different places; the shards still belong together."""
    from generator.outputs.collateral.shards import Shard
    from generator.pipeline import build_shard, merge

    checkouts = []
    for machine in ("one", "two", "three"):
        checkouts.append(copy_content(DEFAULT_CONTENT, tmp_path / machine / "content"))
        (tmp_path / machine / "enablement").symlink_to(ROOT / "enablement")
    shards = [build_shard(checkouts[k - 1], Shard(k, 2), tmp_path / f"shard-{k}", render=False).out for k in (1, 2)]
    merged = merge(checkouts[2], shards, tmp_path / "merged")
    assert merged.outputs[2].summary.startswith("25 files")


def test_serial_and_parallel_builds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One worker or one per core (collateral drawn while the site builds): the same bytes."""
    monkeypatch.setenv("HANDOFF_JOBS", "1")
    serial = build(DEFAULT_CONTENT, tmp_path / "serial", render=False, cache=False)
    monkeypatch.setenv("HANDOFF_JOBS", "3")
    parallel = build(DEFAULT_CONTENT, tmp_path / "parallel", render=False, cache=False)
    assert build_differences(serial.out, parallel.out) == []


def test_an_edited_theme_override_shows_on_every_page_of_the_next_build(tmp_path: Path) -> None:
    """Compiled templates are kept on the machine and pages between builds: neither may hide a template edit."""
    copy_content(DEFAULT_CONTENT, tmp_path / "project" / "content")
    (tmp_path / "project" / "enablement").symlink_to(ROOT / "enablement")
    footer = tmp_path / "project" / "site_templates" / "overrides" / "partials" / "handoff-footer.html"
    footer.parent.mkdir(parents=True)
    out = tmp_path / "project" / "build"
    footer.write_text('<footer class="hf-test">Alpha footer</footer>\n', encoding="utf-8")
    project = tmp_path / "project"  # the project folder: its site_templates/ are used
    first = build(project, out, render=False)
    assert "Alpha footer" in (first.out / "site" / "index.html").read_text(encoding="utf-8")
    footer.write_text('<footer class="hf-test">Beta footer</footer>\n', encoding="utf-8")
    summary = build(project, out, render=False).outputs[1].summary
    assert summary == "27 pages, the public site: publish this folder"  # nothing kept: the frame changed
    pages = sorted((out / "site").rglob("index.html"))
    assert len(pages) == 27
    assert all("Beta footer" in p.read_text(encoding="utf-8") and "Alpha" not in p.read_text(encoding="utf-8") for p in pages)
    assert build_differences(out, build(project, tmp_path / "clean", render=False, cache=False).out) == []
