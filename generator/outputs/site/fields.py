"""Markdown fields through MkDocs without a second Markdown pass.

A Markdown field (an article's body, an FAQ answer) is converted and sanitised once, by
`safe.MarkdownRenderer`, and lands in its page as a block of finished HTML. Left there,
MkDocs would parse that HTML again with the rest of the page (md_in_html rebuilds it as a
tree, then serialises it back): the costliest part of a big site's build, for nothing. So
the plugin hands MkDocs each page with its fields swapped for empty placeholders, and puts
the HTML back once MkDocs has converted the page (`fill`).

What the second pass used to add is added here: each heading of a field gets the id
MkDocs' ``toc`` extension would give it (the same slugify, unique on the page), and the
page's table of contents, which the drawer and the search index read, gains the field's
headings in document order.

Only sanitised fields are swapped out (content may not hold markup of its own), and only
under the ``toc`` settings this module reproduces; otherwise pages go to MkDocs whole, as
before (`Fields.usable`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from markdown.extensions.toc import nest_toc_tokens, slugify, strip_tags, unique
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc

#: How `safe.MarkdownRenderer` wraps a field's HTML in its page: a raw HTML block.
OPEN, CLOSE = '<div class="hf-md">\n', "\n</div>\n"
#: What MkDocs sees instead. Content cannot forge it: page templates escape every value, and
#: a sanitised field keeps no ``data-`` attribute.
PLACEHOLDER = '<div class="hf-md" data-hf-field="{}"></div>'
_PLACEHOLDER = re.compile(r'<div class="hf-md" data-hf-field="(\d+)"></div>')
#: A heading in sanitised HTML: nh3 keeps no attribute on headings.
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
#: Any heading with an id in a converted page, in document order.
_HEADING_ID = re.compile(r'<h[1-6]\b[^>]*?\sid="([^"]*)"')
#: ``toc`` settings whose effect `fill` reproduces; any other setting keeps the second pass.
_TOC_SETTINGS = {"permalink", "slugify", "separator"}


def wrap(html_: str) -> str:
    """Return a field's HTML as the block its page holds."""
    return OPEN + html_ + CLOSE


def swap_out(source: str, fields: Sequence[str]) -> tuple[str, list[str]]:
    """Return ``source`` with each field's block (in order) replaced by a numbered placeholder, and the fields placed.

    A field a template rendered but did not print is not found, and left out.
    """
    parts: list[str] = []
    placed: list[str] = []
    at = 0
    for field in fields:
        block = wrap(field)
        found = source.find(block, at)
        if found < 0:
            continue
        parts += [source[at:found], PLACEHOLDER.format(len(placed)), "\n"]
        placed.append(field)
        at = found + len(block)
    parts.append(source[at:])
    return "".join(parts), placed


class Fields:
    """The page ids and table of contents of filled-in fields, as MkDocs' ``toc`` extension makes them."""

    def __init__(self, toc_settings: dict[str, Any]) -> None:
        self.slugify: Callable[[str, str], str] = toc_settings.get("slugify") or slugify
        self.separator: str = toc_settings.get("separator", "-")
        #: False when a setting would make headings differ from what `fill` writes (permalinks, depth...).
        self.usable = set(toc_settings) <= _TOC_SETTINGS and not toc_settings.get("permalink")

    def fill(self, content: str, fields: Sequence[str], toc: TableOfContents, ids: set[str]) -> tuple[str, TableOfContents]:
        """Put ``fields`` back into a converted page; return its HTML and table of contents.

        ``ids`` holds the ids MkDocs found on the page; the fields' heading ids are added to it.
        """
        counters: dict[str, int] = {}
        tokens = {link.id: _token(link.level, link.id, link.title) for link in _flat(toc)}

        def heading(match: re.Match[str]) -> str:
            level, inner = match.group(1), match.group(2)
            name = strip_tags(inner)
            id_ = unique(self.slugify(html.unescape(name), self.separator), ids, counters)
            tokens[id_] = _token(int(level), id_, name)
            return f'<h{level} id="{html.escape(id_)}">{inner}</h{level}>'

        def field(match: re.Match[str]) -> str:
            return '<div class="hf-md">\n' + _HEADING.sub(heading, fields[int(match.group(1))]) + "\n</div>"

        content = _PLACEHOLDER.sub(field, content)
        # Every heading the page now has, in document order, nested by level as the toc extension nests them.
        order = [html.unescape(id_) for id_ in _HEADING_ID.findall(content)]
        flat = [tokens.pop(id_) for id_ in order if id_ in tokens] + list(tokens.values())
        return content, get_toc(nest_toc_tokens(flat))  # type: ignore[arg-type]


def _flat(toc: Iterable[AnchorLink]) -> Iterable[AnchorLink]:
    for link in toc:
        yield link
        yield from _flat(link.children)


def _token(level: int, id_: str, name: str) -> dict[str, Any]:
    return {"level": level, "id": id_, "name": name, "html": name, "data-toc-label": "", "children": []}
