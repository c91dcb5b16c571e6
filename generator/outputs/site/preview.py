"""`handoff serve`: the site under preview, rebuilt page by page as content is saved.

`mkdocs serve` rebuilds every page on every save, and its ``--dirty`` mode leaves the
navigation of other pages stale. Here, as in the fast render modes of Hugo and Zola, a save
renders the Handoff pages again (cheaply: templates, field HTML and web images are reused,
see `Reuse`), compares them with the last round's, and then either

- renders through MkDocs only the pages whose Markdown changed, and replaces their entries in
  the search index in place, when everything the pages share is unchanged (the set of pages,
  their titles and sections, the navigation, the brand, the site's name, the images). As in
  Hugo's fast render, the browser reloads at once: a changed page is rendered when it is
  requested, or by a background thread before that, whichever comes first; the search index
  is written once every changed page is (or when it is requested); or
- builds the whole site, as `mkdocs serve` would, when any of that changed, or mkdocs.yml,
  the theme overrides or the content's assets did, or when the content has errors (the
  plugin's error page).

Either way every page served is the page a full build would make.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer

from generator.outputs.site.pages import Page
from generator.outputs.site.plugin import KNOWN_PLUGINS, BuiltSite, HandoffPlugin
from generator.resources import SITE_DOCS, package_dir

log = logging.getLogger("mkdocs.handoff.preview")

#: How often the watched folders are polled, in seconds. MkDocs polls every 0.5 s; a content
#: folder of a few hundred files takes about a millisecond to poll.
POLL_SECONDS = 0.1


class Preview:
    """The site served from a temporary folder, rebuilt on every save of a watched file."""

    def __init__(self, config_file: Path, dev_addr: str) -> None:
        self.config_file = config_file
        self.dev_addr = dev_addr
        self.site_dir = tempfile.mkdtemp(prefix="handoff_preview_")
        self.serve_url = ""
        self.config = self._load()
        self.plugin = self._plugin(self.config)
        #: (size, modification time) of every watched file, as of the last rebuild.
        self.stamps: dict[str, tuple[int, int]] = {}
        #: True when the last rebuild failed: the next builds the whole site.
        self.broken = False
        #: Pages whose Markdown changed since MkDocs rendered them, by URL.
        self.pending: dict[str, Page] = {}
        #: Held while the site changes: a rebuild, and each page rendered on request or in the background.
        self.lock = threading.RLock()
        #: Rebuilds and requests waiting for the lock: the background thread lets them go first.
        self.waiting = 0
        self._count = threading.Lock()
        self.finisher: threading.Thread | None = None

    def _load(self) -> MkDocsConfig:
        from mkdocs.config import load_config

        # docs_dir must exist before plugins run; the plugin points it at the package's files.
        config = load_config(
            str(self.config_file), site_dir=self.site_dir, dev_addr=self.dev_addr, docs_dir=str(package_dir(*SITE_DOCS))
        )
        if self.serve_url:
            config.site_url = self.serve_url
        return config

    @staticmethod
    def _plugin(config: MkDocsConfig) -> HandoffPlugin:
        plugin = config.plugins.get("handoff")
        if not isinstance(plugin, HandoffPlugin):
            from generator.errors import BuildError

            raise BuildError(f"{config.config_file_path} does not enable the handoff plugin: add `plugins: [handoff, search]`")
        return plugin

    def serve(self, open_in_browser: bool = False) -> None:
        """Build the site, then serve it with live reload until interrupted."""
        from mkdocs.livereload import _serve_url

        config = self.config
        config.plugins.on_startup(command="serve", dirty=False)
        host, port = config.dev_addr
        mount_path = urlsplit(config.site_url or "/").path
        config.site_url = self.serve_url = _serve_url(host, port, mount_path)
        server = _Server(
            self,
            builder=self.rebuild,
            host=host,
            port=port,
            root=self.site_dir,
            mount_path=mount_path,
            polling_interval=POLL_SECONDS,
        )
        server.error_handler = self._error_page
        try:
            self.stamps = self._stamps()
            self._build_all(config)
            for path in self._watched():
                if path.exists():
                    server.watch(str(path))
            try:
                server.serve(open_in_browser=open_in_browser)  # type: ignore[no-untyped-call]
            except KeyboardInterrupt:
                log.info("Shutting down...")
            finally:
                server.shutdown()
        finally:
            config.plugins.on_shutdown()
            shutil.rmtree(self.site_dir, ignore_errors=True)

    def _error_page(self, code: int) -> bytes | None:
        page = Path(self.site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    def _watched(self) -> list[Path]:
        return [self.config_file, self.plugin.content_dir(self.config), self.plugin.templates_dir(self.config)]

    def _stamps(self) -> dict[str, tuple[int, int]]:
        stamps = {}
        for root in self._watched():
            for folder, _, names in os.walk(root) if root.is_dir() else [(str(root.parent), [], [root.name])]:
                for name in names:
                    try:
                        stat = os.stat(os.path.join(folder, name))
                    except OSError:
                        continue
                    stamps[os.path.join(folder, name)] = (stat.st_size, stat.st_mtime_ns)
        return stamps

    def rebuild(self) -> None:
        """Bring the served site up to date after a save (called by the live-reload server)."""
        with self._turn():
            stamps = self._stamps()
            changed = {path for path in stamps.keys() | self.stamps.keys() if stamps.get(path) != self.stamps.get(path)}
            self.stamps = stamps
            try:
                if self.broken or self._needs_full_build(changed) or not self._rebuild_pages():
                    self._build_all(self._load())
            except Exception:
                self.broken = True
                raise
            self.broken = False
        if self.pending and not (self.finisher and self.finisher.is_alive()):
            self.finisher = threading.Thread(target=self._finish, name="handoff-preview-pages", daemon=True)
            self.finisher.start()

    def before_request(self, path: str) -> None:
        """Render a changed page before it is served (the search index: every changed page)."""
        if not self.pending:
            return
        with self._turn():
            if path == "search/search_index.json":
                self._render_pending(list(self.pending))
            elif path.removesuffix("index.html") in self.pending:
                self._render_pending([path.removesuffix("index.html")])

    def _finish(self) -> None:
        """Render the changed pages nobody has requested yet, one at a time (requests go between)."""
        while self.pending:
            if self.waiting:
                time.sleep(0.005)
                continue
            with self.lock:
                if self.pending:
                    self._render_pending([next(iter(self.pending))])

    @contextlib.contextmanager
    def _turn(self) -> Iterator[None]:
        """Hold the lock, ahead of the background thread."""
        with self._count:
            self.waiting += 1
        self.lock.acquire()
        with self._count:
            self.waiting -= 1
        try:
            yield
        finally:
            self.lock.release()

    def _render_pending(self, urls: list[str]) -> None:
        built = self.plugin.built
        try:
            if built is None:
                raise RuntimeError("no build to render pages into")
            pages = [self.pending.pop(url) for url in urls]
            # The index once every changed page is in it: it is one file for the whole site.
            _render_again(built, self.plugin, pages, write_index=not self.pending)
        except Exception:
            log.exception("Preview: a page could not be rendered; the next save rebuilds the whole site")
            self.broken = True
            self.pending.clear()
            raise

    def _needs_full_build(self, changed: set[str]) -> bool:
        """Whether a changed file is read by every page in a way the page comparison cannot see."""
        if set(self.config.plugins) - KNOWN_PLUGINS or self.plugin.built is None:
            return True
        assets = self.plugin.content_dir(self.config) / "assets"  # the logo, fonts and images
        overrides = self.plugin.templates_dir(self.config) / "overrides"  # the theme's templates
        shared = (str(self.config_file), str(assets) + os.sep, str(overrides) + os.sep)
        return any(path == shared[0] or path.startswith(shared[1:]) for path in changed)

    def _build_all(self, config: MkDocsConfig) -> None:
        from mkdocs.commands.build import build

        self.config = config
        self.plugin = self._plugin(config)
        self.pending.clear()  # every page is rendered afresh
        start = time.perf_counter()
        build(config, serve_url=self.serve_url)
        log.info("Preview: built all %d pages in %.2f s", len(self.plugin.pages), time.perf_counter() - start)

    def _rebuild_pages(self) -> bool:
        """Render the site again and rebuild only the pages that changed; False when all must be rebuilt."""
        plugin, before = self.plugin, self.plugin.site
        built = plugin.built
        start = time.perf_counter()
        site = plugin.render(built.config if built else self.config)
        if before is None or built is None or site.frame() != before.frame():
            plugin.prepared = site  # the full build uses this render rather than making another
            return False
        # Same frame: the same pages in the same order, so they pair up.
        changed = [new for new, old in zip(site.pages, before.pages, strict=True) if new.source() != old.source()]
        for page in changed:
            file = built.files.get_file_from_path(page.path)
            if file is None or file.page is None:
                return False
            self.pending[file.page.url] = page
        plugin.site, plugin.pages = site, site.pages
        names = ", ".join(page.path for page in changed[:10]) + (", ..." if len(changed) > 10 else "")
        log.info(
            "Preview: %d of %d pages changed, found in %.2f s%s",
            len(changed),
            len(site.pages),
            time.perf_counter() - start,
            f": {names}" if changed else "",
        )
        return True


class _Server(LiveReloadServer):
    """MkDocs' live-reload server, which has the preview render a changed page before serving it."""

    def __init__(self, preview: Preview, **settings: Any) -> None:
        super().__init__(**settings)
        self.preview = preview

    def serve_request(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO", ""))
        if path.startswith(self.mount_path):
            self.preview.before_request(path[len(self.mount_path) :])
        return super().serve_request(environ, start_response)


def _render_again(built: BuiltSite, plugin: HandoffPlugin, pages: list[Page], write_index: bool = True) -> None:
    """Render ``pages`` through MkDocs as the last full build did, and update the search index
    (written to the site when ``write_index``)."""
    # MkDocs has no public call for one page; these are the two steps its build runs for each.
    from material.plugins.search.plugin import SearchPlugin  # type: ignore[import-untyped]
    from mkdocs.commands.build import _build_page, _populate_page
    from mkdocs.structure.files import InclusionLevel

    config, files = built.config, built.files
    documents = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    search = next((p for p in config.plugins.values() if isinstance(p, SearchPlugin) and p.config.enabled), None)
    # Each page's search entries, by page URL: a page rendered again adds its entries anew.
    entries: dict[str, list[dict[str, object]]] = {}
    if search is not None:
        for entry in search.search_index.entries:
            entries.setdefault(str(entry["location"]).partition("#")[0], []).append(entry)
        search.search_index.entries = []
    for page in pages:
        file = files.get_file_from_path(page.path)
        if file is None or file.page is None:
            raise RuntimeError(f"{page.path} is not a page of the last build")
        entries[file.page.url] = []  # it may have lost every section it was found by
        file.content_string = plugin.engine_source(page)
        _populate_page(file.page, config, files)
        excluded = bool(file.inclusion.is_excluded())  # type: ignore[no-untyped-call]
        _build_page(file.page, config, documents, built.nav, built.env, excluded=excluded)
    if search is not None:
        for entry in search.search_index.entries:
            entries[str(entry["location"]).partition("#")[0]].append(entry)
        # In the order a full build indexes the pages in, so the index is the one it writes.
        search.search_index.entries = [e for f in documents if f.page is not None for e in entries.get(f.page.url, [])]
        if write_index:
            search.on_post_build(config=config)
