"""The site's pages and field HTML reused from the last build: a one-page edit renders one page.

MkDocs has no incremental build (its ``--dirty`` mode leaves other pages' navigation stale),
so on its own every `handoff build` converts and renders every page. Two things make the
work per page a pure function of what can be digested, as the preview already relies on
(see `preview`):

- a Markdown field's HTML depends only on its resolved text (`safe.HtmlMemo`), kept between
  builds by `FieldStore`;
- while the *frame* stays the same (everything pages share: the set of pages, their titles
  and sections, the navigation, the brand, the images, mkdocs.yml, the theme overrides,
  Handoff's code and the libraries', the build moment), a page's HTML depends only on its
  own Markdown. `PageCache` keeps, by digest of frame and Markdown, each page's HTML as
  MkDocs wrote it, with what the rest of the build reads from a page: its anchors (to check
  links into it), its links to other pages' anchors (to check them again) and its search
  entries.

A page found there is handed to MkDocs as an empty page rendered with an empty template
(`CACHED_TEMPLATE`); the plugin links the kept HTML into place and restores the rest. So a
cached build writes the same bytes as a clean one (tested on every page of the example).
Entries live in the build cache (`generator.cache`): carried into each build that uses
them, gone with the build that stops using them. Kept HTML is a hard link to the page
published by the build that wrote it; its size and time are recorded, so a published page
changed in place afterwards is rendered afresh, never served from the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.cache import FOLDER, BuildCache, Digest, FileDigests, code_digest, link

#: The site's entries in the build cache: the kept pages, their manifest, the field HTML.
SITE_ENTRIES = ("pages", "pages.json", "field-html.json")
#: The template a cached page is rendered with: nothing, the kept HTML is linked in instead.
CACHED_TEMPLATE = "handoff/cached-page.html"


class FieldStore:
    """The sanitised HTML of every Markdown field of the last build, by digest (see `safe.HtmlMemo`)."""

    NAME = "field-html.json"

    def __init__(self, cache: BuildCache) -> None:
        self.cache = cache

    def load(self) -> dict[str, str]:
        kept = self.cache.read_json(self.NAME)
        # Another version of Handoff, Markdown or nh3 may convert differently.
        if not isinstance(kept, dict) or kept.get("code") != code_digest():
            return {}
        return dict(kept["html"])

    def save(self, used: dict[str, str]) -> None:
        self.cache.write_json(self.NAME, {"code": code_digest(), "html": dict(sorted(used.items()))})


@dataclass
class Kept:
    """One page as the build that rendered it left it."""

    html: Path
    #: Ids present on the page, and its links to anchors of other pages: source path -> {anchor: link}.
    anchors: list[str]
    links: dict[str, dict[str, str]]
    #: Its entries in the search index, in order.
    entries: list[dict[str, Any]] = field(default_factory=list)


class PageCache:
    """Pages kept by the last build, by digest of the frame and their own Markdown.

    One manifest (``pages.json``) holds what each page's build found; the HTML files are
    hard links named by key beside it.
    """

    NAME = "pages"

    def __init__(self, cache: BuildCache, frame: str | None) -> None:
        self.cache = cache
        #: None: nothing is reused or kept (caching off, or settings the digest cannot see).
        self.frame = frame if cache.enabled else None
        self.kept: dict[str, dict[str, Any]] = {}
        self.known: dict[str, dict[str, Any]] = {}
        if self.frame is not None and cache.previous is not None:
            try:
                manifest = json.loads((cache.previous / FOLDER / f"{self.NAME}.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                manifest = {}
            self.known = manifest.get(self.frame, {})  # another frame's pages are no use

    def key(self, path: str, source: str) -> str | None:
        return None if self.frame is None else Digest("page", path, source).hexdigest()

    def _html(self, root: Path, key: str) -> Path:
        return root / FOLDER / self.NAME / f"{key}.html"

    def get(self, key: str) -> Kept | None:
        """Return the page kept under ``key`` and keep it in the build being written, or None."""
        meta = self.known.get(key)
        if meta is None or self.cache.previous is None:
            return None
        html = self._html(self.cache.previous, key)
        try:
            stat = html.stat()
        except OSError:
            return None
        if [stat.st_size, stat.st_mtime_ns] != meta["stamp"]:
            return None  # the published page was changed after its build
        self._store(key, html, meta)
        return Kept(html, meta["anchors"], meta["links"], meta["entries"])

    def put(
        self, key: str, html: Path, anchors: set[str], links: dict[str, dict[str, str]], entries: list[dict[str, Any]]
    ) -> None:
        """Keep a page this build rendered, ``html`` being where it was written."""
        if html.is_file():
            self._store(key, html, {"anchors": sorted(anchors), "links": links, "entries": entries})

    def _store(self, key: str, html: Path, meta: dict[str, Any]) -> None:
        if self.cache.current is None:
            return
        target = self._html(self.cache.current, key)
        if not self.kept:
            target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            link(html, target)
        stat = target.stat()
        self.kept[key] = {**meta, "stamp": [stat.st_size, stat.st_mtime_ns]}

    def save(self) -> None:
        """Write the manifest of the pages this build kept."""
        if self.cache.current is None or self.frame is None:
            return
        self.cache.write_json(f"{self.NAME}.json", {self.frame: dict(sorted(self.kept.items()))})


def frame_digest(frame: tuple[object, ...], config_file: Path, templates: Path, assets: Path, moment: str) -> str | None:
    """Return a digest of everything a page's HTML depends on besides its own Markdown; None
    when settings come from elsewhere too (``!ENV``, ``INHERIT``): then pages are never reused."""
    settings = config_file.read_text(encoding="utf-8") if config_file.is_file() else "no mkdocs.yml"
    if "!ENV" in settings or "INHERIT" in settings:
        return None
    files = FileDigests(templates)
    errors, pages, images, *shared = frame
    assert isinstance(images, list)
    return (
        Digest("handoff site frame", code_digest(), moment, os.environ.get("SOURCE_DATE_EPOCH", ""))
        .text(settings)
        .text(files.tree(templates))
        .text(files.tree(assets))  # the logo and fonts, which the frame names but does not hold
        .text(json.dumps([errors, pages], ensure_ascii=False, default=str))
        .texts(f"{path}:{hashlib.sha256(data).hexdigest()}" for path, data in images)
        .text(json.dumps(shared, ensure_ascii=False, default=str))
        .hexdigest()
    )
