"""The Handoff MkDocs plugin: a thin adapter from `render_pages` to MkDocs generated files.

It loads and checks the content folder, renders the pages from the *public* view only, hands
them to MkDocs as generated files, applies the brand, and asks `mkdocs serve` to watch the
content folder so that saving a YAML file reloads the browser.

The plugin sets everything the site needs itself (theme overrides, static files, Markdown
extensions, which pages stay out of the navigation), so a project's mkdocs.yml needs only
the theme and ``plugins: [handoff]``, and a new kind of page never needs a change there.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, Environment
from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc

from generator.cache import BuildCache, link, template_cache
from generator.content.load import Parsed, load_content
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
from generator.outputs.site.fields import Fields, swap_out
from generator.outputs.site.media import Media, MediaError, WebImage, web_path
from generator.outputs.site.pagecache import CACHED_TEMPLATE, FieldStore, Kept, PageCache, frame_digest
from generator.outputs.site.pages import Page, Reuse, render_pages, site_nav
from generator.outputs.site.safe import HtmlMemo
from generator.outputs.site.theme import brand_css
from generator.outputs.site.webfonts import font_files
from generator.resources import DEFAULT_MKDOCS, SITE_DOCS, THEME_OVERRIDES, package_dir

#: Set by `handoff serve` (and honoured by the plugin) to preview a project or content folder
#: that is not next to the configuration file.
PROJECT_ENV = "HANDOFF_PROJECT"
CONTENT_ENV = "HANDOFF_CONTENT"
#: Plugins whose part in a page Handoff knows how to redo for one page (the preview) or to
#: restore for a page kept from the last build; with any other, every page is rendered.
KNOWN_PLUGINS = {"handoff", "search", "material/search"}


class HandoffConfig(base.Config):  # type: ignore[no-untyped-call]
    content = c.Type(str, default="content")
    templates = c.Type(str, default="site_templates")
    #: Keep raw HTML, scripts included, from Markdown fields: only for content written by
    #: people you would also let edit the site's code. Off by default.
    unsafe_html_from_content = c.Type(bool, default=False)


@dataclass
class RenderedSite:
    """The site as the plugin renders it from the content: pages, and what every page shares.

    ``frame`` is everything but the pages' own Markdown: while it stays the same between two
    renders, each page's HTML depends only on its own Markdown (see `preview`).
    """

    pages: list[Page]
    errors: list[str] | None = None
    name: str = ""
    description: str = ""
    website: str = ""
    nav: list[dict[str, str]] = field(default_factory=list)
    chrome: dict[str, Any] = field(default_factory=dict)
    css: str = ""
    fonts: list[tuple[Path, str]] = field(default_factory=list)
    logo: tuple[Path, str] | None = None
    images: list[WebImage] = field(default_factory=list)

    def frame(self) -> tuple[object, ...]:
        # Titles and sections too: MkDocs shows a page's title in the navigation of others.
        pages = [(p.path, p.title, p.section, p.nav) for p in self.pages]
        images = [(i.path, i.data) for i in self.images]
        shared = (self.name, self.description, self.website, self.nav, self.chrome, self.css, self.fonts, self.logo)
        return (self.errors, pages, images, *shared)


@dataclass(frozen=True)
class BuiltSite:
    """The MkDocs objects of the last full build, kept to render single pages again."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: Environment


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
        #: The last rendered site the configuration was made from, and one the preview has
        #: rendered already for the next full build to use.
        self.site: RenderedSite | None = None
        self.prepared: RenderedSite | None = None
        #: Under preview: what the next render reuses, and the last build's MkDocs objects.
        self.reuse = Reuse()
        self.parsed = Parsed()
        self.media: Media | None = None
        self.nav: Navigation | None = None
        self.built: BuiltSite | None = None
        #: How fields are put back into converted pages, and each page's fields, by source path.
        self.fields = Fields({})
        self.placed: dict[str, list[str]] = {}
        #: Set by `handoff build`: the build cache, from which pages and field HTML are reused.
        self.cache: BuildCache | None = None
        self.pages_kept: PageCache | None = None
        #: This build's pages: cache key by source path, and those reused from the last build.
        self.keys: dict[str, str] = {}
        self.kept: dict[str, Kept] = {}
        self.kept_count = 0
        self.files: Files | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        if self.serving:
            # MkDocs keeps one instance per process: a preview reads the content on every
            # save, never the context an earlier `handoff build` in this process gave it.
            self.context, self.root = None, None

    def on_shutdown(self) -> None:
        # MkDocs keeps this instance for the rest of the process: a build after a preview
        # must be a plain build again, with nothing kept from the preview.
        self.serving, self.site, self.prepared, self.media, self.nav, self.built = False, None, None, None, None, None
        self.reuse, self.parsed = Reuse(), Parsed()
        self.cache, self.pages_kept, self.files = None, None, None

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
        self.fields = Fields(dict(config.mdx_configs.get("toc", {})))
        build_reuse = None
        if self.cache is not None and self.cache.enabled and not self.serving:
            build_reuse = Reuse(html=HtmlMemo(FieldStore(self.cache).load()))
        site, self.prepared = self.prepared or self.render(config, build_reuse), None
        if site.errors and not self.serving:
            raise PluginError("Handoff content errors:\n" + "\n".join(site.errors))
        if build_reuse is not None and self.cache is not None:
            FieldStore(self.cache).save(build_reuse.html.now)
            self.pages_kept = self._page_cache(config, site, self.cache)
        self.site = site
        self.pages, self.css, self.images, self.fonts = site.pages, site.css, site.images, site.fonts
        self.logo = site.logo[0] if site.logo else None
        if site.errors:
            # Under `mkdocs serve`, show the errors in the browser and keep serving. The plugin
            # outlives rebuilds there, so the last good build's brand and logo are gone with it.
            config.nav = [{"Content errors": "index.md"}]
            config.extra.pop("handoff", None)
            return config
        # Material prints these into HTML, sometimes escaped and sometimes not: escaped once
        # here and marked safe, they read right in both places and never become markup.
        config.site_name = Markup(html.escape(site.name))
        config.site_description = Markup(html.escape(site.description))
        if not config.site_url:
            config.site_url = site.website
        config.nav = site.nav
        config.extra["handoff"] = site.chrome
        if BRAND_CSS not in config.extra_css:
            config.extra_css.insert(0, BRAND_CSS)
        if site.logo is not None:
            config.theme["logo"] = config.theme["favicon"] = site.logo[1]
        return config

    def render(self, config: MkDocsConfig, reuse: Reuse | None = None) -> RenderedSite:
        """Load the content (unless `handoff build` gave it) and render the site, without touching ``config``.

        Under preview, parsed templates, field HTML and web images are reused from the last
        render, which makes the same pages; a build may reuse the last build's field HTML (``reuse``).
        """
        try:
            context = self.context or build_context(load_content(self.content_dir(config), self.parsed if self.serving else None))
            media = (
                self.media.again()
                if self.serving and self.media and self.media.folder == context.folder
                else Media(context.folder)
            )
            view = context.public
            pages = render_pages(
                context.content,
                view,
                [self.templates_dir(config) / "pages"],
                context.plans,
                unsafe_html=self.config.unsafe_html_from_content,
                media=media,
                reuse=self.reuse if self.serving else reuse,
            )
            images = media.files()
        except (ContentError, BuildError, MediaError) as e:
            lines = [str(p) for p in e.problems] if isinstance(e, ContentError) else [str(e)]
            return RenderedSite([_error_page(lines)], errors=lines)
        self.media = media
        company = view["company"]
        nav = site_nav(pages)
        chrome = site_chrome(view, nav, context.moment.year)
        chrome["tagline"] = company["tagline"]  # the home page's <title>
        hero = company["brand"].get("hero_image")
        if hero:
            # The home page has published it; link previews show it too.
            chrome["og_image"] = web_path(hero["file"])
        return RenderedSite(
            pages,
            name=company["name"],
            description=company["description"],
            website=company["website"],
            nav=nav,
            chrome=chrome,
            css=brand_css(company["brand"]),
            fonts=font_files([company["brand"]["heading_font"], company["brand"]["body_font"]]),
            logo=logo_path(context),
            images=images,
        )

    def _page_cache(self, config: MkDocsConfig, site: RenderedSite, cache: BuildCache) -> PageCache | None:
        """Return the pages kept by the last build under this frame, unless a page's part may come from elsewhere."""
        if set(config.plugins) - KNOWN_PLUGINS or self.context is None:
            return None
        config_file = Path(config.config_file_path or "mkdocs.yml")
        assets = self.content_dir(config) / "assets"
        moment = self.context.moment.isoformat()
        return PageCache(cache, frame_digest(site.frame(), config_file, self.templates_dir(config), assets, moment))

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # What the preview needs to render one page again as this build did (see `preview`).
        if self.nav is not None:
            self.built = BuiltSite(config, files, self.nav, env)
        env.bytecode_cache = template_cache()
        if self.kept and env.loader is not None:
            env.loader = ChoiceLoader([DictLoader({CACHED_TEMPLATE: ""}), env.loader])
        return env

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
        self.files, self.keys, self.kept, self.kept_count = files, {}, {}, 0
        for page in self.pages:
            # Detail pages are reached from their section's index page: MkDocs embeds the whole
            # navigation in every page, so it stays one entry per section.
            inclusion = InclusionLevel.UNDEFINED if page.path in in_nav else InclusionLevel.NOT_IN_NAV
            markdown = self._kept_or_engine_source(page)
            files.append(File.generated(config, page.path, content=markdown, inclusion=inclusion))
        if self.css:
            files.append(File.generated(config, BRAND_CSS, content=self.css))
        if self.logo is not None:
            files.append(File.generated(config, str(config.theme["logo"]), content=logo_bytes(self.logo)))
        for image in self.images:
            files.append(File.generated(config, image.path, content=image.data))
        for source, path in self.fonts:
            files.append(File.generated(config, path, abs_src_path=str(source)))
        if not self.serving:
            # The files hold each page's Markdown now; a build has no other use for the bodies
            # (the preview compares them with the next render's), and at 3,000 pages they weigh.
            self.pages = [dataclasses.replace(page, body="", fields=()) for page in self.pages]
            if self.site is not None:
                self.site.pages = self.pages
        return files

    def engine_source(self, page: Page) -> str:
        """Return the page's Markdown as MkDocs gets it: its fields as placeholders (see `fields`)."""
        if not page.fields or not self.fields.usable:
            self.placed.pop(page.path, None)
            return page.source()
        source, self.placed[page.path] = swap_out(page.source(), page.fields)
        return source

    def _kept_or_engine_source(self, page: Page) -> str:
        """Return what MkDocs converts for ``page``: just its front matter when the last build's page is reused."""
        key = self.pages_kept.key(page.path, page.source()) if self.pages_kept is not None else None
        kept = self.pages_kept.get(key) if self.pages_kept is not None and key is not None else None
        if key is None:
            return self.engine_source(page)
        self.keys[page.path] = key
        if kept is None:
            return self.engine_source(page)
        self.kept[page.path] = kept
        return dataclasses.replace(page, body="").source()  # the title and settings its entry in the site needs

    def on_pre_page(self, page: MkDocsPage, *, config: MkDocsConfig, files: Files) -> MkDocsPage:
        if page.file.src_uri in self.kept:
            # Its HTML is kept: no Markdown to convert (MkDocs would make a converter per page).
            page.render = functools.partial(_render_kept, page)  # type: ignore[method-assign]
        return page

    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.kept:
            page.meta["template"] = CACHED_TEMPLATE
        return markdown

    def on_page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        kept = self.kept.get(page.file.src_uri)
        if kept is not None:
            # What other pages' link checks read from this one, as its own build found it.
            page.present_anchor_ids = set(kept.anchors)
            targets = {src: files.get_file_from_path(src) for src in kept.links}
            page.links_to_anchors = {f: kept.links[src] for src, f in targets.items() if f is not None}
            return html
        # A build needs each page's fields once; the preview may convert a page again.
        placed = self.placed.get(page.file.src_uri) if self.serving else self.placed.pop(page.file.src_uri, None)
        if not placed:
            return html
        if page.present_anchor_ids is None:
            page.present_anchor_ids = set()
        html, page.toc = self.fields.fill(html, placed, page.toc, page.present_anchor_ids)
        return html

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        kept = self.kept.get(page.file.src_uri)
        if kept is None:
            return output
        target = Path(page.file.abs_dest_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        link(kept.html, target)
        return ""  # MkDocs writes nothing for an empty page: the kept one is in place

    @event_priority(100)  # before the search plugin writes its index, wherever it is listed
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.pages_kept is None or self.files is None:
            return
        from material.plugins.search.plugin import SearchPlugin  # type: ignore[import-untyped]

        search = next((p for p in config.plugins.values() if isinstance(p, SearchPlugin) and p.config.enabled), None)
        found: dict[str, list[dict[str, Any]]] = {}
        for entry in search.search_index.entries if search is not None else []:
            found.setdefault(str(entry["location"]).partition("#")[0], []).append(entry)
        documents = [f.page for f in self.files.documentation_pages() if f.page is not None]
        for page in documents:
            kept, key = self.kept.get(page.file.src_uri), self.keys.get(page.file.src_uri)
            if kept is not None:
                found[page.url] = kept.entries
            elif key is not None:
                links = {f.src_uri: dict(anchors) for f, anchors in (page.links_to_anchors or {}).items()}
                anchors = page.present_anchor_ids or set()
                self.pages_kept.put(key, Path(page.file.abs_dest_path), anchors, links, found.get(page.url, []))
        if search is not None:
            search.search_index.entries = [e for page in documents for e in found.get(page.url, [])]
        self.pages_kept.save()
        self.kept_count = len(self.kept)
        self.keys, self.kept, self.pages_kept = {}, {}, None

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self.content_dir(config)))
        templates = self.templates_dir(config)
        if templates.is_dir():
            server.watch(str(templates))
        return server


def _render_kept(page: MkDocsPage, config: MkDocsConfig, files: Files) -> None:
    """Stand in for `Page.render` on a page whose HTML the last build kept: an empty page."""
    page.content, page.toc = "", get_toc([])


def _error_page(lines: list[str]) -> Page:
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
    body = (
        "# Content errors\n\n"
        '<p class="hf-lead">Fix these in the content folder and save; this page reloads by itself.</p>\n\n'
        f'<ul class="hf-errors">\n{items}\n</ul>\n'
    )
    return Page("index.md", "Content errors", "The content has errors.", body, "Home")
