"""Markdown fields reach MkDocs as placeholders and are put back after conversion (generator/outputs/site/fields.py).

The proof that nothing is lost: the same project built with the placeholders and with
MkDocs reading every field a second time (a ``toc`` setting the placeholders do not
reproduce turns them off) gives the same site, headings, table of contents and search
index included.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from sitekit import copy_project, site_files

from generator.content.load import load_content
from generator.context import build_context
from generator.outputs.site.build import build_site
from generator.project import Project

ARTICLE = """\
---
title: Pricing
date: 2026-11-02
author: Dana Ortiz, Operations Lead
summary: Why the price of a dispatch board is the smallest number in the decision.
stage: warm
pillars: [fuller-days]
tags: [pricing]
---

The licence is the number on the quote, so it gets the attention.

## Pricing

What the board costs per technician, per month.

## Pricing

What it costs to *not* have one: **overtime** and missed jobs.

### Overtime & missed jobs, in `hours`

Count them for a month before you compare quotes.

## Café <em>numbers</em>

Rough is fine.
"""


def _project(tmp_path: Path, toc: dict[str, object] | None = None) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    project = copy_project(tmp_path)
    (project / "content" / "articles" / "pricing.md").write_text(ARTICLE, encoding="utf-8")
    if toc is not None:
        settings = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
        settings["markdown_extensions"] = [{"toc": toc}]
        (project / "mkdocs.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    return project


def _build(project: Path, target: Path) -> Path:
    build_site(build_context(load_content(project / "content")), target, Project.locate(project / "content", root=project))
    return target


def test_fields_put_back_after_conversion_read_as_mkdocs_second_pass(tmp_path: Path) -> None:
    placeholders = _build(_project(tmp_path / "a"), tmp_path / "a" / "site")
    # toc_depth is not among the settings the placeholders reproduce: MkDocs reads each field again.
    second_pass = _build(_project(tmp_path / "b", {"toc_depth": 6}), tmp_path / "b" / "site")
    ours = [p.relative_to(placeholders) for p in site_files(placeholders)]
    assert ours == [p.relative_to(second_pass) for p in site_files(second_pass)]
    differ = [str(p) for p in ours if (placeholders / p).read_bytes() != (second_pass / p).read_bytes()]
    assert differ == []


def test_field_headings_get_unique_ids_a_table_of_contents_and_search_sections(tmp_path: Path) -> None:
    site = _build(_project(tmp_path), tmp_path / "site")
    page = (site / "articles" / "pricing" / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'<h[1-6] id="([^"]*)"', page)
    # The title's heading (from the page template) keeps "pricing"; the body's repeats count on.
    assert ids == ["pricing", "pricing_1", "pricing_2", "overtime-missed-jobs-in-hours", "cafe-numbers"]
    assert '<h3 id="overtime-missed-jobs-in-hours">Overtime &amp; missed jobs, in <code>hours</code></h3>' in page
    # The drawer's table of contents: Material lists what is under the page's title.
    toc = re.findall(r'<a href="#([^"]*)" class="md-nav__link">', page)
    assert toc == ids[1:]
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    sections = [d["location"] for d in index["docs"] if d["location"].startswith("articles/pricing/")]
    assert sections == ["articles/pricing/", *(f"articles/pricing/#{i}" for i in ids)]


def test_content_cannot_forge_a_placeholder(tmp_path: Path) -> None:
    project = _project(tmp_path)
    placeholder = '<div class="hf-md" data-hf-field="0"></div>'
    forged = ARTICLE.replace("title: Pricing", f"title: '{placeholder}'").replace("## Pricing", f"{placeholder}\n\n## Pricing")
    (project / "content" / "articles" / "forged.md").write_text(forged, encoding="utf-8")
    site = _build(project, tmp_path / "site")
    for slug in ("pricing", "forged"):
        page = (site / "articles" / slug / "index.html").read_text(encoding="utf-8")
        # The body's own copy of a placeholder is markup the sanitiser dropped; the title's is
        # text. Either way the body appears once, where the page put it.
        assert page.count("The licence is the number on the quote") == 1
        assert page.count('data-hf-field="0"></div>') == 0
    page = (site / "articles" / "forged" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="div-classhf-md-data-hf-field0div">&#60;div class&#61;&#34;hf-md&#34;' in page
