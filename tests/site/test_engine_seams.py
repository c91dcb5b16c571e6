"""The plugin sets everything the site needs: a project's mkdocs.yml names only the theme and
the plugin, and a new kind of page never needs a change there."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from support import DEFAULT_CONTENT

from generator.content.load import load_content
from generator.context import build_context
from generator.outputs.site import pages
from generator.outputs.site.build import build_site
from generator.project import Project
from generator.scaffold import new_project


def test_a_new_page_kind_needs_no_change_to_the_users_mkdocs_yml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new_project(tmp_path / "project")
    project = Project.locate(tmp_path / "project")
    config_before = (tmp_path / "project/mkdocs.yml").read_text()
    original = pages._Renderer.pages

    def with_a_new_kind(self: pages._Renderer) -> list[pages.Page]:
        rendered = original(self)
        # A detail page of a kind Handoff has never had, linked from the home page.
        extra = pages.Page("pricing/estimator.md", "Estimator", "A new kind of page.", "# Estimator\n\nNew.", "Home")
        home = next(p for p in rendered if p.path == "index.md")
        home = dataclasses.replace(home, body=home.body + "\n[Estimator](pricing/estimator.md)\n")
        return [home if p.path == "index.md" else p for p in rendered] + [extra]

    monkeypatch.setattr(pages._Renderer, "pages", with_a_new_kind)
    site = tmp_path / "site"
    build_site(build_context(load_content(project.content)), site, project)  # strict: a nav warning would fail
    assert "New." in (site / "pricing/estimator/index.html").read_text()
    assert (tmp_path / "project/mkdocs.yml").read_text() == config_before


def test_a_project_without_mkdocs_yml_builds_from_the_built_in_one(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(DEFAULT_CONTENT, tmp_path / "content")
    project = Project.locate(root=tmp_path)
    assert project.config_file is None
    build_site(build_context(load_content(project.content)), tmp_path / "site", project)
    assert "Crewboard" in (tmp_path / "site/index.html").read_text()
    assert (tmp_path / "site/assets/handoff/handoff.css").is_file()
