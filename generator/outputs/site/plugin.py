"""The Handoff MkDocs plugin: a thin adapter from `render_pages` to MkDocs generated files.

It loads and checks the content folder, renders the pages from the *public* view only, hands
them to MkDocs as generated files, applies the brand, and asks `mkdocs serve` to watch the
content folder so that saving a YAML file reloads the browser.

The plugin sets everything the site needs itself (theme overrides, static files, Markdown
extensions, which pages stay out of the navigation), so a project's mkdocs.yml needs only
the theme and ``plugins: [handoff]``, and a new kind of page never needs a change there.
"""

from __future__ import annotations

import html
import logging
import os
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.content.load import load_content
from generator.context import Context, build_context
from generator.errors import BuildError, ContentError
from generator.outputs.site.chrome import site_chrome
from generator.outputs.site.engine import (
    BRAND_CSS,
    MARKDOWN_EXTENSIONS,
    STATIC_FILES,
    THEME_FEATURES,
    logo_bytes,
    logo_path,
)
from generator.outputs.site.media import Media, MediaError, WebImage, web_path
from generator.outputs.site.pages import Page, render_pages, site_nav
from generator.outputs.site.theme import brand_css
from generator.outputs.site.webfonts import font_files
from generator.resources import DEFAULT_MKDOCS, SITE_DOCS, THEME_OVERRIDES, package_dir

#: Set by `handoff serve` (and honoured by the plugin) to preview a project or content folder
#: that is not next to the configuration file.
PROJECT_ENV = "HANDOFF_PROJECT"
CONTENT_ENV = "HANDOFF_CONTENT"


class HandoffConfig(base.Config):  # type: ignore[no-untyped-call]
    content = c.Type(str, default="content")
    templates = c.Type(str, default="site_templates")
    #: Keep raw HTML, scripts included, from Markdown fields: only for content written by
    #: people you would also let edit the site's code. Off by default.
    unsafe_html_from_content = c.Type(bool, default=False)


class HandoffPlugin(BasePlugin[HandoffConfig]):  # type: ignore[no-untyped-call]
    """Build the public site's pages from a Handoff content folder."""

    def __init__(self) -> None:
        #: Set by `handoff build`, which has already loaded, checked and prepared the content.
        self.context: Context | None = None
        #: Set by `handoff build`: the project folder, when mkdocs.yml is not in it.
        self.root: Path | None = None
        self.serving = False
        self.pages: list[Page] = []
        self.logo: Path | None = None
        self.images: list[WebImage] = []
        self.css = ""
        self.fonts: list[tuple[Path, str]] = []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def project_root(self, config: MkDocsConfig) -> Path:
        """Return the marketer's project folder: where mkdocs.yml is, or where handoff runs."""
        if self.root is not None:
            return self.root
        if os.environ.get(PROJECT_ENV):
            return Path(os.environ[PROJECT_ENV]).resolve()
        config_file = Path(config.config_file_path or "mkdocs.yml").resolve()
        if config_file == package_dir(*DEFAULT_MKDOCS[:-1]) / DEFAULT_MKDOCS[-1]:
            return Path.cwd().resolve()  # the built-in configuration of a project without one
        return config_file.parent

    def content_dir(self, config: MkDocsConfig) -> Path:
        if os.environ.get(CONTENT_ENV):
            return Path(os.environ[CONTENT_ENV]).resolve()
        return self.project_root(config) / self.config.content

    def templates_dir(self, config: MkDocsConfig) -> Path:
        return self.project_root(config) / self.config.templates

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._configure_engine(config)
        try:
            context = self.context or build_context(load_content(self.content_dir(config)))
            media = Media(context.folder)
            view = context.public
            self.pages = render_pages(
                context.content,
                view,
                [self.templates_dir(config) / "pages"],
                context.plans,
                unsafe_html=self.config.unsafe_html_from_content,
                media=media,
            )
            images = media.files()
        except (ContentError, BuildError, MediaError) as e:
            lines = [str(p) for p in e.problems] if isinstance(e, ContentError) else [str(e)]
            if not self.serving:
                raise PluginError("Handoff content errors:\n" + "\n".join(lines)) from None
            # Under `mkdocs serve`, show the errors in the browser and keep serving. The plugin
            # outlives rebuilds there, so forget the last good build's brand and logo.
            self.pages, self.css, self.logo, self.images, self.fonts = [_error_page(lines)], "", None, [], []
            config.nav = [{"Content errors": "index.md"}]
            config.extra.pop("handoff", None)
            return config
        self.images = images
        company = view["company"]
        # Material prints these into HTML, sometimes escaped and sometimes not: escaped once
        # here and marked safe, they read right in both places and never become markup.
        config.site_name = Markup(html.escape(company["name"]))
        config.site_description = Markup(html.escape(company["description"]))
        if not config.site_url:
            config.site_url = company["website"]
        config.nav = site_nav(self.pages)
        config.extra["handoff"] = site_chrome(view, config.nav, context.moment.year)
        config.extra["handoff"]["tagline"] = company["tagline"]  # the home page's <title>
        hero = company["brand"].get("hero_image")
        if hero:
            # The home page has published it; link previews show it too.
            config.extra["handoff"]["og_image"] = web_path(hero["file"])
        self.css = brand_css(company["brand"])
        self.fonts = font_files([company["brand"]["heading_font"], company["brand"]["body_font"]])
        if BRAND_CSS not in config.extra_css:
            config.extra_css.insert(0, BRAND_CSS)
        logo = logo_path(context)
        self.logo = logo[0] if logo else None
        if logo is not None:
            config.theme["logo"] = config.theme["favicon"] = logo[1]
        return config

    def _configure_engine(self, config: MkDocsConfig) -> None:
        """Set what the pages need, so a project's mkdocs.yml only names the theme and the plugin."""
        # Static files come from the package; docs_dir never points at the content folder,
        # whose YAML holds internal fields.
        config.docs_dir = str(package_dir(*SITE_DOCS))
        dirs = config.theme.dirs
        ours = str(package_dir(*THEME_OVERRIDES))
        if ours not in dirs:
            dirs.insert(0, ours)
        users = self.templates_dir(config) / "overrides"
        if users.is_dir() and str(users) not in dirs:
            dirs.insert(0, str(users))
        config.theme["font"] = False  # brand fonts come from content, not from Google Fonts
        config.theme["palette"] = {"primary": "custom", "accent": "custom"}
        features = list(config.theme.get("features") or [])
        config.theme["features"] = features + [f for f in THEME_FEATURES if f not in features]
        for name, settings in MARKDOWN_EXTENSIONS.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
            config.mdx_configs.setdefault(name, dict(settings))
        for path in reversed(STATIC_FILES):
            target = config.extra_javascript if path.endswith(".js") else config.extra_css
            if path not in [str(t) for t in target]:
                target.insert(0, path)
        # Broken links between pages are build errors under --strict, not info lines.
        links = config.validation.links
        links.not_found = links.absolute_links = links.unrecognized_links = links.anchors = logging.WARNING
        config.validation.nav.omitted_files = logging.WARNING

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        in_nav = {path for entry in config.nav or [] for path in entry.values()}
        for page in self.pages:
            # Detail pages are reached from their section's index page: MkDocs embeds the whole
            # navigation in every page, so it stays one entry per section.
            inclusion = InclusionLevel.UNDEFINED if page.path in in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.path, content=page.source(), inclusion=inclusion))
        if self.css:
            files.append(File.generated(config, BRAND_CSS, content=self.css))
        if self.logo is not None:
            files.append(File.generated(config, str(config.theme["logo"]), content=logo_bytes(self.logo)))
        for image in self.images:
            files.append(File.generated(config, image.path, content=image.data))
        for source, path in self.fonts:
            files.append(File.generated(config, path, abs_src_path=str(source)))
        return files

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self.content_dir(config)))
        templates = self.templates_dir(config)
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
