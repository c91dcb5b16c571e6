"""Pages as data: which pages exist, the navigation, and escaping of structured text."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitekit import DEFAULT_CONTENT, FIXTURES, build_to

from generator.content.load import load_content
from generator.context.view import public_view
from generator.outputs.site.pages import render_pages, site_nav


def _pages(folder: Path) -> dict[str, str]:
    content = load_content(folder).content
    return {p.path: p.source() for p in render_pages(content, public_view(content))}


def test_default_content_pages_and_small_navigation() -> None:
    content = load_content(DEFAULT_CONTENT).content
    pages = render_pages(content, public_view(content))
    paths = {p.path for p in pages}
    assert {
        "index.md",
        "offers/index.md",
        "offers/dispatch.md",
        "case-studies/kessler-comfort.md",
        "case-studies/southeast-agreements.md",
        "faq/index.md",
        "compare/index.md",
        "compare/tradewell.md",
        "who-its-for/owner.md",
        "articles/dispatch-software-roi.md",
        "contact/index.md",
    } <= paths
    # The internal case study has no page; the anonymized one is there under its alias.
    assert "case-studies/summit-ridge-electric.md" not in paths
    assert site_nav(pages) == [
        {"Home": "index.md"},
        {"Offers": "offers/index.md"},
        {"Case studies": "case-studies/index.md"},
        {"Who it's for": "who-its-for/index.md"},
        {"Compare": "compare/index.md"},
        {"FAQ": "faq/index.md"},
        {"Articles": "articles/index.md"},
        {"Contact": "contact/index.md"},
    ]


def test_pages_carry_title_and_description_front_matter() -> None:
    page = _pages(DEFAULT_CONTENT)["offers/dispatch.md"]
    assert page.startswith('---\ntitle: "Crewboard Dispatch"\ndescription: "The drag-and-drop dispatch board')


def test_b2c_site_has_no_empty_sections() -> None:
    pages = _pages(FIXTURES / "b2c_minimal")
    assert not any(p.startswith("compare/") for p in pages)
    assert all("hf-roi" not in body for body in pages.values())
    assert "offers/index.md" in pages and "faq/index.md" in pages


def test_faq_page_has_faqpage_json_ld_with_public_answers_only() -> None:
    import json
    import re

    page = _pages(DEFAULT_CONTENT)["faq/index.md"]
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    content = load_content(DEFAULT_CONTENT).content
    assert data["@type"] == "FAQPage"
    assert len(data["mainEntity"]) == len(content.faqs.faqs)  # type: ignore[union-attr]
    talk_tracks = [f.talk_track for f in content.faqs.faqs if f.talk_track]  # type: ignore[union-attr]
    assert talk_tracks and not any(t in page for t in talk_tracks)


HOSTILE = {
    "offers/first-offer.yaml": [
        ("name: Your first offer", "name: '\"><img src=x onerror=alert(1)>'"),
        ("inclusions: [What is included]", "inclusions: ['<script>alert(1)</script>']"),
        (
            "summary: What the buyer gets, in one or two sentences.",
            "summary: What the buyer gets.\ndescription: 'Markdown **still works** here.'",
        ),
    ],
}


class _Elements(HTMLParser):
    """Collect the elements a browser would create, with their attributes and script text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        else:
            self.text.append(data)


def test_structured_text_is_escaped_but_markdown_renders(small_content: Callable[..., Path], tmp_path: Path) -> None:
    site = build_to(load_content(small_content(HOSTILE)), tmp_path / "site")
    html = (site / "offers/first-offer/index.html").read_text()
    # Shown as text where people read it...
    page = _Elements()
    page.feed(html)
    text = "".join(page.text)
    assert "<script>alert(1)</script>" in text
    assert '"><img src=x onerror=alert(1)>' in text
    # ...and Markdown fields still render as Markdown.
    assert "<strong>still works</strong>" in html
    for path in site.rglob("*.html"):
        parser = _Elements()
        parser.feed(path.read_text())
        assert [t for t, attrs in parser.tags if "onerror" in attrs] == [], path
        assert [s for s in parser.scripts if "alert(1)" in s] == [], path


PAGE_LINKS = {
    "articles/welcome.md": (
        "{{ offers.first-offer.price.label }}.",
        "{{ offers.first-offer.price.label }}. See [the offer](page:offers/first-offer) and [all offers](page:offers).",
    ),
    "offers/first-offer.yaml": (
        "summary: What the buyer gets, in one or two sentences.",
        "summary: What the buyer gets, in one or two sentences.\ndescription: Questions? [Ask us](page:contact).",
    ),
}


def test_page_links_in_markdown_become_relative_links(small_content: Callable[..., Path], tmp_path: Path) -> None:
    site = build_to(load_content(small_content(PAGE_LINKS)), tmp_path / "site")
    article = (site / "articles/welcome/index.html").read_text()
    assert '<a href="../../offers/first-offer/" rel="noopener noreferrer">the offer</a>' in article
    assert '<a href="../../offers/" rel="noopener noreferrer">all offers</a>' in article
    offer = (site / "offers/first-offer/index.html").read_text()
    assert '<a href="../../contact/" rel="noopener noreferrer">Ask us</a>' in offer


def test_check_names_a_page_link_or_call_to_action_to_a_missing_page(small_content: Callable[..., Path]) -> None:
    from generator.errors import ContentError

    folder = small_content(
        {
            "articles/welcome.md": (
                "{{ offers.first-offer.price.label }}.",
                "{{ offers.first-offer.price.label }}.\nSee [pricing](page:pricing).",
            ),
            "offers/first-offer.yaml": (
                "summary: What the buyer gets, in one or two sentences.",
                "summary: What the buyer gets, in one or two sentences.\ndescription: '[Ask us](page:kontakt)'",
            ),
            "company.yaml": ("  url: /contact/", "  url: /book-a-call/"),
        }
    )
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    pages = "articles, articles/welcome, contact, home, offers, offers/first-offer, who-its-for, who-its-for/buyer"
    assert [str(p) for p in caught.value.problems] == [
        f'content/articles/welcome.md:14:15: articles.welcome.body: expected a link to a page of the site, got "page:pricing"; pages: {pages}',
        'content/company.yaml:11:8: company.cta.url: expected a page of the site, got "/book-a-call/"; pages: /articles/, '
        "/articles/welcome/, /contact/, /, /offers/, /offers/first-offer/, /who-its-for/, /who-its-for/buyer/",
        f'content/offers/first-offer.yaml:5:24: offers.first-offer.description: expected a link to a page of the site, got "page:kontakt"; pages: {pages}',
    ]


def test_a_render_that_reuses_the_last_one_makes_the_same_pages_and_sees_new_templates(tmp_path: Path) -> None:
    from generator.outputs.site.pages import Reuse

    content = load_content(DEFAULT_CONTENT).content
    view = public_view(content)
    templates = tmp_path / "pages"
    templates.mkdir()
    fresh = {p.path: p.source() for p in render_pages(content, view, [templates])}
    reuse = Reuse()
    for _ in range(2):
        assert {p.path: p.source() for p in render_pages(content, view, [templates], reuse=reuse)} == fresh
    # A template of the project's that now overrides one Handoff ships is used at once.
    (templates / "contact.md.j2").write_text("# Call us\n")
    pages = {p.path: p.source() for p in render_pages(content, view, [templates], reuse=reuse)}
    assert "# Call us" in pages["contact/index.md"] and pages["index.md"] == fresh["index.md"]
