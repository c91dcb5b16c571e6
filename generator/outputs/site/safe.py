"""Content text becomes page text, never markup: the one choke point for the site's pages.

Content authors are trusted to write content, not code. Every value a page template prints
goes through one of three doors:

- **structured text** (names, titles, inclusions, claims...) is inline text: HTML special
  characters and every character Markdown gives a meaning to become character references,
  so no link, image, attribute list, heading or tag can come out of it
  (`inline_text`, installed as the template environment's ``finalize``);
- **Markdown fields** (descriptions, answers, article bodies) are rendered here, with a
  fixed set of extensions, and the HTML is cleaned by an allowlist sanitiser (nh3, the
  binding of Rust's ammonia): no scripts, event handlers, iframes or styles, and links only
  to http, https, mailto and tel, or to site pages written ``page:offers/dispatch``
  (`MarkdownRenderer`);
- **markup Handoff itself makes** (links between pages, JSON for the calculators and for
  search engines) is marked safe where it is made.

Because the pages leave here already safe, any engine that builds them (MkDocs, Zensical)
publishes the same safe HTML.
"""

from __future__ import annotations

import functools
import hashlib
import json
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import markdown
import nh3
from markupsafe import Markup

from generator.outputs.site.fields import wrap
from generator.outputs.site.media import Media

#: Characters HTML or Markdown give a meaning to, written as character references instead.
_SPECIAL = {c: f"&#{ord(c)};" for c in "&<>\"'`*_[](){}#!|~^=+\\:"}
_SPECIAL_RE = re.compile("[" + re.escape("".join(_SPECIAL)) + "]")
#: Runs of whitespace, which become one space; no-break spaces stay, as a locale writes them
#: between a number and its currency ("41.200\u00a0€", "1\u202f234").
_WHITESPACE = re.compile(r"[^\S\u00a0\u202f]+")

#: Markdown extensions for content fields: tables and lists, nothing that writes attributes.
FIELD_EXTENSIONS = ["tables", "sane_lists", "fenced_code"]
URL_SCHEMES = {"http", "https", "mailto", "tel"}
#: Tags a Markdown field may produce (and a marketer may reasonably type).
TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
}

#: ``[see pricing](page:offers)``: a link to a page of the site, checked like any reference.
PAGE_LINK = re.compile(r"\]\(\s*page:([^)\s]*)\s*\)")
#: ``![alt text](assets/photo.jpg)``: an image from the content folder, checked like any reference.
IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(\s+\"[^\"]*\")?\s*\)")
#: Where a Markdown image from the content folder must live.
ASSETS = "assets/"


@dataclass(frozen=True)
class ImageReference:
    """One Markdown image: where it starts (the ``!``), its alt text, its source and where that starts."""

    offset: int
    alt: str
    src: str
    src_offset: int


#: Code, where an image's Markdown is shown as written: fenced blocks and inline code spans.
_CODE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?^ {0,3}\1[ \t]*$|(`+)(?!`).+?(?<!`)\2(?!`)", re.MULTILINE | re.DOTALL)


def _in_code(text: str) -> Callable[[int], bool]:
    spans = _code_spans(text) if "`" in text or "~~~" in text else ()
    return lambda offset: any(start <= offset < end for start, end in spans)


@functools.lru_cache(maxsize=4096)
def _code_spans(text: str) -> tuple[tuple[int, int], ...]:
    # Cached: the check and every render of the site look at the same texts, and the search
    # is slow on long ones.
    return tuple(m.span() for m in _CODE.finditer(text))


def image_references(text: str) -> list[ImageReference]:
    """Return every Markdown image in a text, in order (not those shown as code)."""
    in_code = _in_code(text)
    return [ImageReference(m.start(), m.group(1), m.group(2), m.start(2)) for m in IMAGE.finditer(text) if not in_code(m.start())]


def resolve_images(text: str, to_url: Callable[[str], str]) -> str:
    """Replace the source of every ``assets/`` image with the address ``to_url`` gives it."""
    in_code = _in_code(text)

    def replace(match: re.Match[str]) -> str:
        src = match.group(2)
        if not src.startswith(ASSETS) or in_code(match.start()):
            return match.group(0)
        return f"![{match.group(1)}]({to_url(src)}{match.group(3) or ''})"

    return IMAGE.sub(replace, text)


def inline_text(value: Any) -> Markup:
    """Return a value as inline text that neither HTML nor Markdown can read as markup."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    text = _WHITESPACE.sub(" ", str(value)).strip() if isinstance(value, str) else str(value)
    return Markup(_SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], text))


def json_for_script(value: Any) -> Markup:
    """Return JSON that is safe inside a <script> element: no ``</``, no HTML comments."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return Markup(text)


def page_url(current: str, target: str) -> str:
    """Return the relative URL from page ``current`` to page ``target`` (both source paths)."""

    def directory(path: str) -> str:
        stem = path.removesuffix(".md")
        stem = stem.removesuffix("index").rstrip("/")
        return stem + "/" if stem else ""

    here, there = directory(current), directory(target)
    relative = posixpath.relpath(there or ".", here.rstrip("/") or ".")
    return "./" if relative == "." else relative + "/"


@dataclass(frozen=True)
class PageLinkError(Exception):
    """A ``page:`` link to a page the site does not have."""

    offset: int
    target: str
    valid: tuple[str, ...]

    def __str__(self) -> str:
        return f'expected a link to a page of the site, got "page:{self.target}"; pages: {", ".join(self.valid)}'


def page_targets(paths: Iterable[str]) -> dict[str, str]:
    """Return ``page:`` target -> page source path: ``offers`` for offers/index.md, ``offers/dispatch``."""
    targets = {}
    for path in paths:
        name = path.removesuffix(".md").removesuffix("index").rstrip("/")
        targets[name or "home"] = path
    return targets


def resolve_page_links(text: str, current: str, targets: dict[str, str]) -> str:
    """Replace ``page:`` links in Markdown with relative URLs; raise `PageLinkError` for unknown pages."""

    def replace(match: re.Match[str]) -> str:
        target = match.group(1).strip("/")
        if target not in targets:
            raise PageLinkError(match.start(1) - len("page:"), target, tuple(sorted(targets)))
        return f"]({page_url(current, targets[target])})"

    return PAGE_LINK.sub(replace, text)


def page_link_errors(text: str, targets: dict[str, str]) -> list[PageLinkError]:
    """Return every unknown ``page:`` link in a Markdown text (for `handoff check`)."""
    return [
        PageLinkError(m.start(1) - len("page:"), m.group(1).strip("/"), tuple(sorted(targets)))
        for m in PAGE_LINK.finditer(text)
        if m.group(1).strip("/") not in targets
    ]


class HtmlMemo:
    """The sanitised HTML of Markdown fields, by digest of (resolved Markdown, unsafe_html).

    Converting and cleaning is most of a page's cost, and a pure function of these two, so
    the preview keeps the HTML from one render to the next, and a build from the last build
    (`pagecache.FieldStore`). Only what the last render used is kept.
    """

    def __init__(self, kept: dict[str, str] | None = None) -> None:
        self.last: dict[str, str] = kept or {}
        self.now: dict[str, str] = {}

    @staticmethod
    def key(source: str, unsafe_html: bool) -> str:
        return hashlib.sha256(f"{'unsafe' if unsafe_html else 'safe'}\0{source}".encode()).hexdigest()

    def get(self, key: str) -> str | None:
        html = self.now.get(key, self.last.get(key))
        if html is not None:
            self.now[key] = html
        return html

    def put(self, key: str, html: str) -> None:
        self.now[key] = html

    def turn(self) -> None:
        """Start the next render: forget what this one did not use."""
        self.last, self.now = self.now, {}


class MarkdownRenderer:
    """Render Markdown fields to sanitised HTML for one page.

    ``unsafe_html`` is the project's explicit opt-out (``unsafe_html_from_content`` in
    mkdocs.yml): it keeps whatever HTML the content holds, scripts included.
    """

    def __init__(
        self,
        targets: dict[str, str],
        unsafe_html: bool = False,
        media: Media | None = None,
        view: dict[str, Any] | None = None,
        memo: HtmlMemo | None = None,
    ) -> None:
        self.targets = targets
        self.unsafe_html = unsafe_html
        self.media = media if media is not None else Media(None)
        #: The public view: ``{{ path }}`` references in any Markdown field quote values from it.
        self.view = view
        self._md = markdown.Markdown(extensions=FIELD_EXTENSIONS, output_format="html")
        self.memo = memo
        #: Each page's sanitised field HTML, in the order rendered, by page path: the MkDocs
        #: plugin hands these to MkDocs as placeholders (see `fields`). None for unsafe HTML,
        #: which MkDocs must read with the page.
        self.fields: dict[str, list[str]] | None = None if unsafe_html else {}

    def for_page(self, current: str) -> Callable[[str | None], Markup]:
        def render(text: str | None) -> Markup:
            if not text:
                return Markup("")
            if self.view is not None:
                from generator.context.view import resolve_references

                text = resolve_references(text, self.view)[0]
            source = resolve_page_links(text, current, self.targets)
            ours: dict[str, str] = {}

            def to_url(src: str) -> str:
                url = self.media.url(current, src)
                ours[url] = src
                return url

            source = resolve_images(source, to_url)
            html = self._html(source)
            if ours:
                html = self._sized(html, ours)
            if self.fields is not None:
                self.fields.setdefault(current, []).append(html)
            # A raw HTML block for the page's own Markdown: starts at the margin, ends with a blank line.
            return Markup(wrap(html))

        return render

    def _html(self, source: str) -> str:
        """Return the sanitised HTML of resolved Markdown (links and images already made addresses)."""
        key = HtmlMemo.key(source, self.unsafe_html) if self.memo is not None else ""
        kept = self.memo.get(key) if self.memo is not None else None
        if kept is not None:
            return kept
        html = self._md.reset().convert(source)
        if not self.unsafe_html:
            html = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer")
        if self.memo is not None:
            self.memo.put(key, html)
        return html

    def _sized(self, html: str, ours: dict[str, str]) -> str:
        """Give the content folder's images their size (no layout shift) and load them lazily."""

        def size(match: re.Match[str]) -> str:
            src = ours.get(match.group(2))
            made = self.media.image(src) if src else None
            extra = f' width="{made.width}" height="{made.height}"' if made and made.width and made.height else ""
            if not src:
                return match.group(0)
            return f'{match.group(1)}{extra} loading="lazy" decoding="async"{match.group(3)}'

        return re.sub(r'(<img\b[^>]*?\bsrc="([^"]*)"[^>]*?)(\s*/?>)', size, html)
