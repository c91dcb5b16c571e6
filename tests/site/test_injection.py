"""Hostile text in every public text field cannot run script on the site.

The fields are found by walking each content kind's JSON Schema (every string without a
pattern or a fixed set of values, and every list of such strings), not from a hand-picked
list, so a field added later is attacked too. One build carries all the payloads; every
page is then loaded in headless Chromium.
"""

from __future__ import annotations

import functools
import http.server
import itertools
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sitekit import DEFAULT_CONTENT, FIXTURES, build_to, html_pages
from support import copy_content

from generator.content.kinds import KINDS
from generator.content.load import load_content
from generator.content.schema import schema_for
from generator.errors import ContentError

#: One string that tries every way in: HTML, Markdown links and images, reference links,
#: attribute lists, script breakouts, srcdoc, a javascript: autolink.
PAYLOAD = (
    '"><img src=x onerror=alert(1)> <script>alert(2)</script> [x](javascript:alert(3)) '
    '![y](javascript:alert(4)) [r] { onclick=alert(5) } <iframe srcdoc="<script>alert(6)</script>"></iframe> '
    '</script><script>alert(7)</script> <a href="javascript:alert(8)">z</a> <javascript:alert(9)>'
)
#: Markdown fields also get a reference-style definition, which only means something there.
MARKDOWN_PAYLOAD = PAYLOAD + "\n\n[r]: javascript:alert(10)\n\n<svg onload=alert(11)></svg>\n"
#: Fields whose text must stay valid for the content to load: code, a locale, font family
#: names, image files, and the names the anonymity check looks for (their own tests cover them).
KEEP = {
    "expression",
    "customer",
    "anonymized_as",
    "body",
    "locale",
    "heading_font",
    "body_font",
    "logo",
    "photo",
    "screenshot",
    "file",
}


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _text_paths(schema: dict[str, Any], node: dict[str, Any], path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Yield the paths of every free-text field (``*`` for list items) a schema allows."""
    node = _resolve(schema, node)
    if node.get("x-handoff-internal"):
        return
    for option in node.get("anyOf", []):
        yield from _text_paths(schema, option, path)
    kind = node.get("type")
    if kind == "object":
        for name, child in node.get("properties", {}).items():
            if name not in KEEP:
                yield from _text_paths(schema, child, (*path, name))
    elif kind == "array":
        yield from _text_paths(schema, node.get("items", {}), (*path, "*"))
    elif (
        kind == "string"
        and "pattern" not in node
        and "enum" not in node
        and "const" not in node
        and "format" not in node
        and node.get("maxLength", 10_000) > len(MARKDOWN_PAYLOAD) + 10
        and path
    ):
        yield path


def _poison(data: Any, path: tuple[str, ...], markdown: bool, counter: Iterator[int]) -> None:
    """Put a payload (numbered, so each field's own text is unique) wherever ``path`` exists in ``data``."""
    *parents, last = path
    nodes = [data]
    for part in parents:
        nodes = [
            n
            for node in nodes
            for n in (node if part == "*" and isinstance(node, list) else [node.get(part)] if isinstance(node, dict) else [])
        ]
        nodes = [n for n in nodes if n is not None]
    for node in nodes:
        if last == "*" and isinstance(node, list):
            node[:] = [f"{PAYLOAD} #{next(counter)}" if isinstance(v, str) else v for v in node]
        elif isinstance(node, dict) and isinstance(node.get(last), str):
            node[last] = f"{MARKDOWN_PAYLOAD if markdown else PAYLOAD} #{next(counter)}"


def poison_content(source: Path, target: Path) -> int:
    """Copy a content folder with a payload in every public free-text field; return how many fields."""
    copy_content(source, target)
    # Accounts are internal, and name their pains in the personas' words: they stay as written.
    shutil.rmtree(target / "accounts", ignore_errors=True)
    counter = itertools.count(1)
    for kind in KINDS:
        if not kind.has_schema or kind.audience == "internal":
            continue
        schema = schema_for(kind.name)
        paths = list(_text_paths(schema, schema))
        files = sorted((target / kind.path).glob("*.yaml")) if kind.many else [target / kind.path]
        for file in files:
            if not file.exists():
                continue
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
            for path in paths:
                markdown = _is_markdown(schema, path)
                _poison(data, path, markdown, counter)
            if kind.name == "case_study" and data.get("publication") == "anonymized" and data.get("quote"):
                # The person quoted in an anonymized story must appear nowhere: a payload as their
                # name would make every other field "name" them. Their name is never published.
                data["quote"]["name"] = "Jordan Quillby"
            file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for article in sorted((target / "articles").glob("*.md")):
        front, body = article.read_text(encoding="utf-8").split("\n---\n", 1)
        article.write_text(front + "\n---\n" + MARKDOWN_PAYLOAD + body, encoding="utf-8")
    return next(counter) - 1


def _is_markdown(schema: dict[str, Any], path: tuple[str, ...]) -> bool:
    node: dict[str, Any] = schema
    for part in path:
        node = _resolve(schema, node)
        options = [node, *node.get("anyOf", [])]
        node = next(
            (
                _resolve(schema, o).get("items", {}) if part == "*" else _resolve(schema, o).get("properties", {}).get(part, {})
                for o in options
                if _resolve(schema, o).get("type") in ("object", "array")
            ),
            {},
        )
    node = _resolve(schema, node)
    return any(_resolve(schema, o).get("x-handoff-markdown") for o in [node, *node.get("anyOf", [])])


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


# `browser` is the session's headless Chromium, from conftest.py.


def _serve(site: Path) -> tuple[str, Callable[[], None]]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()

    def stop() -> None:
        httpd.shutdown()
        httpd.server_close()

    return f"http://127.0.0.1:{httpd.server_address[1]}/", stop


ACTIVE = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const value = attr.value.trim().toLowerCase();
      if (attr.name.startsWith("on")) found.push(el.tagName + " " + attr.name);
      if (["href", "src", "action", "formaction", "xlink:href", "srcdoc"].includes(attr.name)
          && (value.startsWith("javascript:") || attr.name === "srcdoc")) found.push(el.tagName + " " + attr.name + "=" + value);
    }
    if (el.tagName === "IFRAME") found.push("IFRAME");
  }
  return found;
}"""


@pytest.mark.parametrize("source", [DEFAULT_CONTENT, FIXTURES / "b2c_minimal", FIXTURES / "small_b2b"], ids=lambda p: p.name)
def test_hostile_text_in_every_public_field_runs_nothing(source: Path, tmp_path: Path, browser: Any) -> None:
    fields = poison_content(source, tmp_path / "content")
    assert fields >= 20
    try:
        loaded = load_content(tmp_path / "content")
    except ContentError as e:  # the corpus must load: a rejected payload would test nothing
        raise AssertionError("\n".join(str(p)[:300] for p in e.problems[:10])) from None
    site = build_to(loaded, tmp_path / "site")
    url, stop = _serve(site)
    dialogs: list[str] = []
    try:
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        checked = 0
        shown = ""
        for path in html_pages(site):
            page.goto(url + path, wait_until="load")
            page.wait_for_timeout(50)
            assert page.evaluate(ACTIVE) == [], path
            shown += page.inner_text("body")
            checked += 1
        page.close()
    finally:
        stop()
    assert checked >= 8
    assert dialogs == []
    # The payloads are still there, as text a visitor can read.
    assert '"><img src=x onerror=alert(1)> <script>alert(2)</script> [x](javascript:alert(3))' in shown
