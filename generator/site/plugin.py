"""The Handoff MkDocs plugin: a thin adapter from `render_pages` to MkDocs generated files.

It loads and checks the content folder, renders the pages from the *public* view only, hands
them to MkDocs as generated files, applies the brand, and asks `mkdocs serve` to watch the
content folder so that saving a YAML file reloads the browser.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator.errors import BuildError, ContentError
from generator.load import Loaded, load_content
from generator.site.pages import Page, render_pages, site_nav
from generator.site.theme import brand_css
from generator.view import public_view


class HandoffConfig(base.Config):  # type: ignore[no-untyped-call]
    content = c.Type(str, default="content")
    templates = c.Type(str, default="site_templates")


class HandoffPlugin(BasePlugin[HandoffConfig]):  # type: ignore[no-untyped-call]
    """Build the public site's pages from a Handoff content folder."""

    def __init__(self) -> None:
        #: Set by `handoff build`, which has already loaded and checked the content.
        self.loaded: Loaded | None = None
        self.serving = False
        self.pages: list[Page] = []
        self.logo: Path | None = None
        self.css = ""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def _root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or ".").resolve().parent

    def content_dir(self, config: MkDocsConfig) -> Path:
        return self._root(config) / self.config.content

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = self._root(config)
        try:
            loaded = self.loaded or load_content(self.content_dir(config))
            view = public_view(loaded.content)
            self.pages = render_pages(loaded.content, view, [root / self.config.templates / "pages"])
        except (ContentError, BuildError) as e:
            lines = [str(p) for p in e.problems] if isinstance(e, ContentError) else [str(e)]
            if not self.serving:
                raise PluginError("Handoff content errors:\n" + "\n".join(lines)) from None
            # Under `mkdocs serve`, show the errors in the browser and keep serving. The plugin
            # outlives rebuilds there, so forget the last good build's brand and logo.
            self.pages, self.css, self.logo = [_error_page(lines)], "", None
            config.nav = [{"Content errors": "index.md"}]
            return config
        company = view["company"]
        config.site_name = company["name"]
        config.site_description = company["description"]
        if not config.site_url:
            config.site_url = company["website"]
        config.nav = site_nav(self.pages)
        self.css = brand_css(company["brand"])
        config.extra_css.insert(0, "assets/handoff/brand.css")
        logo = company["brand"].get("logo")
        self.logo = loaded.folder.resolve() / logo if logo else None
        if self.logo is not None:
            config.theme["logo"] = "assets/handoff/logo" + self.logo.suffix.lower()
            config.theme["favicon"] = config.theme["logo"]
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for page in self.pages:
            files.append(File.generated(config, page.path, content=page.source()))
        if self.css:
            files.append(File.generated(config, "assets/handoff/brand.css", content=self.css))
        if self.logo is not None:
            files.append(File.generated(config, str(config.theme["logo"]), abs_src_path=str(self.logo)))
        return files

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self.content_dir(config)))
        templates = self._root(config) / self.config.templates
        if templates.is_dir():
            server.watch(str(templates))
        return server


def _error_page(lines: list[str]) -> Page:
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
    body = (
        "# Content errors\n\n"
        '<p class="hf-lead">Fix these in the content folder and save; this page reloads by itself.</p>\n\n'
        f'<ul class="hf-errors">\n{items}\n</ul>\n'
    )
    return Page("index.md", "Content errors", "The content has errors.", body, "Home")

