"""The site as a buyer meets it, measured in headless Chromium: layout, calls to action, footer,
filters, the ROI calculator's bounds and the comparison table, at desktop and phone widths."""

from __future__ import annotations

import html as html_module
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sitekit import DEFAULT_CONTENT, FIXTURES, build_to, html_pages
from support import copy_content

from generator.content.load import load_content
from generator.context.reproducible import build_moment
from generator.model import Content
from generator.outputs.site.chrome import call_to_action

WIDTHS = [1280, 390]
#: One page of every kind.
PAGE_TYPES = [
    "",
    "offers/",
    "offers/dispatch/",
    "case-studies/",
    "case-studies/kessler-comfort/",
    "who-its-for/",
    "who-its-for/owner/",
    "compare/",
    "compare/slotsimple/",
    "faq/",
    "articles/",
    "articles/dispatch-software-roi/",
    "contact/",
    "about/",
]


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(DEFAULT_CONTENT).content


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    width = getattr(request, "param", 1280)
    tab = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab
    tab.close()
    assert errors == []


def _visible(page: Any, selector: str) -> list[bool]:
    """Return, for each element matching ``selector``, whether it takes up space on screen."""
    return page.eval_on_selector_all(
        selector,
        "els => els.map(e => getComputedStyle(e).display !== 'none' && e.offsetParent !== null && e.getClientRects().length > 0)",
    )


def test_the_page_types_exist(default_site: Path) -> None:
    for path in PAGE_TYPES:
        assert (default_site / path / "index.html").is_file(), path


@pytest.mark.parametrize("page", WIDTHS, indirect=True)
def test_header_call_to_action_on_every_page_type(page: Any, server: str, content: Content) -> None:
    booking = content.company.contact.booking_url
    assert booking
    for path in PAGE_TYPES:
        page.goto(server + path)
        header = page.locator("header.md-header .hf-header-cta")
        assert header.count() == 1, path
        assert header.is_visible(), path
        box = header.bounding_box()
        width = page.viewport_size["width"]
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (path, box)
        assert header.get_attribute("href") == booking, path
        # The visible label is the company's, long on desktops and short on phones.
        label = header.evaluate("e => e.innerText.trim()")
        expected = content.company.cta.label if width >= 960 else content.company.cta.short_label
        assert label == expected, path
        if width < 960:  # where the logo gives way to the name, the button leaves it room
            name = page.locator(".md-header__topic:first-child .md-ellipsis")
            assert name.evaluate("e => e.scrollWidth <= e.clientWidth"), f"{path}: the company name is cut off"
        # Screen readers hear what is shown.
        assert page.locator("header.md-header").get_by_role("link", name=expected, exact=True).count() == 1, path
        # And every page ends with its own call to action in the content, leading to the same place.
        targets = page.eval_on_selector_all(
            ".md-content [data-hf-cta]", "els => els.map(e => e.href || e.closest('form').action)"
        )
        assert targets, f"{path}: no call to action in the page"
        assert any(t == booking for t in targets), (path, targets)


def test_marketing_pages_drop_the_docs_furniture(page: Any, server: str) -> None:
    for path in PAGE_TYPES:
        page.goto(server + path)
        toc = _visible(page, ".md-sidebar--secondary")
        anchors = page.locator(".md-content .headerlink").count()
        assert not any(toc), f"{path}: a table of contents is shown"
        assert not any(_visible(page, ".md-sidebar--primary")), f"{path}: a navigation sidebar is shown"
        assert anchors == 0, f"{path}: {anchors} heading permalinks"
        # No empty columns: the content takes the whole width of the layout grid.
        content_width, grid_width = page.evaluate(
            "() => [document.querySelector('.md-content').getBoundingClientRect().width,"
            " document.querySelector('.md-main__inner').getBoundingClientRect().width]"
        )
        assert content_width >= grid_width - 2, (path, content_width, grid_width)


@pytest.mark.parametrize("page", WIDTHS, indirect=True)
def test_footer_shows_contact_address_social_copyright_and_legal_links(page: Any, server: str, content: Content) -> None:
    company = content.company
    assert company.contact.address and company.legal_links and company.social and company.legal_name
    for path in ("", "offers/dispatch/", "compare/", "articles/dispatch-software-roi/"):
        page.goto(server + path)
        footer = page.locator("footer.hf-footer")
        assert footer.count() == 1
        footer.scroll_into_view_if_needed()
        text = footer.inner_text()
        assert company.contact.address in text
        assert company.contact.email in text
        assert company.contact.phone and company.contact.phone in text
        year = build_moment(content).year
        assert f"© {year} {company.legal_name.rstrip('.')}. All rights reserved." in text
        assert "Made with" not in text  # made_with is false by default
        legal = footer.locator(".hf-footer__legal a")
        # Site paths (the default business links its own Privacy and Terms pages) resolve on the site.
        assert legal.evaluate_all("els => els.map(e => [e.innerText.trim(), e.href])") == [
            [link.label, server + link.url.lstrip("/") if link.url.startswith("/") else link.url] for link in company.legal_links
        ]
        assert all(_visible(page, ".hf-footer__legal a"))
        social = footer.locator(".hf-footer__social a")
        assert social.evaluate_all("els => els.map(e => [e.getAttribute('aria-label'), e.href])") == [
            [s.name, s.url] for s in company.social
        ]
        assert all(_visible(page, ".hf-footer__social a svg")), "known networks show their icon"
        # The footer's text is readable on its background.
        assert page.eval_on_selector("footer.hf-footer", "e => getComputedStyle(e).color") == "rgb(255, 255, 255)"


def test_case_study_filter_hides_cards_and_presses_its_button(page: Any, server: str) -> None:
    page.goto(server + "case-studies/")
    cards = page.locator("#hf-studies li")
    total = cards.count()
    assert total >= 3 and all(_visible(page, "#hf-studies li"))
    buttons = page.locator(".hf-filter button")
    assert buttons.evaluate_all("els => els.map(e => e.getAttribute('aria-pressed'))") == ["true"] + ["false"] * (
        buttons.count() - 1
    )
    industry = buttons.nth(1).get_attribute("data-value")
    buttons.nth(1).click()
    assert buttons.evaluate_all("els => els.map(e => e.getAttribute('aria-pressed'))") == ["false", "true"] + ["false"] * (
        buttons.count() - 2
    )
    shown = page.eval_on_selector_all(
        "#hf-studies li",
        "els => els.map(e => [e.offsetParent !== null, getComputedStyle(e).display, e.querySelector('[data-filter-value]')?.dataset.filterValue])",
    )
    for visible, display, value in shown:
        assert visible == (value == industry), shown
        assert (display == "none") == (value != industry), shown
    assert 0 < sum(v for v, _, _ in shown) < total
    status = page.locator(".hf-filter-status")
    assert status.get_attribute("role") == "status"
    assert status.inner_text() == f"Showing {sum(v for v, _, _ in shown)} of {total} case studies: {industry}."
    buttons.nth(0).click()
    assert all(_visible(page, "#hf-studies li"))
    assert buttons.nth(0).get_attribute("aria-pressed") == "true"


def test_faq_filter_hides_questions_and_empty_topic_headings(page: Any, server: str, content: Content) -> None:
    assert content.faqs is not None
    page.goto(server + "faq/")
    topics_with = {stage: {f.topic for f in content.faqs.faqs if f.stage == stage} for stage in ("cold", "warm", "qualified")}
    assert any(len(t) < len(content.faqs.topics) for t in topics_with.values()), "the fixture must leave a topic empty"
    for stage, topics in topics_with.items():
        button = page.locator(f'.hf-filter button[data-value="{stage}"]')
        button.click()
        assert button.get_attribute("aria-pressed") == "true"
        questions = page.eval_on_selector_all(".hf-faq", "els => els.map(e => [e.dataset.filterValue, e.offsetParent !== null])")
        assert all(visible == (value == stage) for value, visible in questions), (stage, questions)
        headings = page.eval_on_selector_all(
            ".hf-faq-topic h2", "els => els.map(e => [e.textContent.trim(), e.offsetParent !== null])"
        )
        labels = {t.id: t.label for t in content.faqs.topics}
        assert {text for text, visible in headings if visible} == {labels[t] for t in topics}, stage
    page.locator('.hf-filter button[data-value=""]').click()
    assert all(_visible(page, ".hf-faq-topic h2"))
    assert all(_visible(page, ".hf-faq"))


def _roi_state(page: Any, field_id: str) -> dict[str, Any]:
    return page.evaluate(
        """id => {
            const field = document.getElementById(id);
            const message = document.getElementById(id + '-error');
            const root = field.closest('.hf-roi');
            return {
                invalid: field.getAttribute('aria-invalid'),
                message: message.offsetParent !== null ? message.textContent.trim() : null,
                described: (field.getAttribute('aria-describedby') || '').split(' ').includes(id + '-error'),
                values: [...root.querySelectorAll('output')].map(o => o.dataset.value),
                texts: [...root.querySelectorAll('output')].map(o => o.textContent.trim()),
            };
        }""",
        field_id,
    )


@pytest.mark.parametrize("page", WIDTHS, indirect=True)
def test_calculator_refuses_out_of_range_and_fractional_counts(page: Any, server: str, content: Content) -> None:
    offer = content.offer("dispatch")
    assert offer.roi is not None
    whole = next(i for i in offer.roi.inputs if i.whole and i.min is not None and i.min >= 0)
    field_id = f"roi-dispatch-{whole.id}"
    page.goto(server + "offers/dispatch/")
    start = _roi_state(page, field_id)
    assert start["invalid"] == "false" and start["message"] is None and start["described"]
    assert all(v != "" for v in start["values"])
    for bad, words in (("-5", f"from {whole.min:g} to {whole.max:g}"), ("20.5", "whole number"), ("", "Enter a number")):
        page.fill(f"#{field_id}", bad)
        state = _roi_state(page, field_id)
        assert state["invalid"] == "true", bad
        assert state["message"] and words in state["message"], (bad, state["message"])
        assert all(v == "" for v in state["values"]), f"{bad}: a result is shown for an impossible input"
        assert not any(any(ch.isdigit() for ch in t) for t in state["texts"]), (bad, state["texts"])
        assert page.locator(".hf-roi-status").is_visible()
        # The message sits next to its input, not somewhere else on the page.
        field_box = page.locator(f"#{field_id}").bounding_box()
        message_box = page.locator(f"#{field_id}-error").bounding_box()
        assert 0 <= message_box["y"] - (field_box["y"] + field_box["height"]) < 40
    page.fill(f"#{field_id}", "45")
    state = _roi_state(page, field_id)
    assert state["invalid"] == "false" and state["message"] is None
    assert all(v != "" for v in state["values"]) and state["values"] != start["values"]
    assert not page.locator(".hf-roi-status").is_visible()


def test_calculator_results_are_announced_and_followed_by_a_call_to_action(page: Any, server: str, content: Content) -> None:
    page.goto(server + "offers/dispatch/")
    live = page.locator('.hf-roi [aria-live="polite"]')
    assert live.count() == 1
    assert live.locator("output").count() == len(content.offer("dispatch").roi.outputs)  # type: ignore[union-attr]
    # Record what the live region says as it changes, as a screen reader would hear it.
    page.evaluate(
        """() => {
            window.announced = [];
            const region = document.querySelector('.hf-roi [aria-live="polite"]');
            new MutationObserver(() => window.announced.push(region.innerText)).observe(region, {subtree: true, childList: true, characterData: true});
        }"""
    )
    before = live.inner_text()
    page.fill("#roi-dispatch-technicians", "45")
    page.wait_for_function("() => window.announced.length > 0")
    assert live.inner_text() != before
    # The call to action comes right after the results, before anything else on the page.
    order = page.evaluate(
        """() => {
            const roi = document.querySelector('.hf-roi');
            const next = roi.nextElementSibling;
            return [next.className, next.querySelector('[data-hf-cta]') !== null];
        }"""
    )
    assert order == ["hf-roi-next", True]
    assert page.locator('[data-hf-cta="calculator"]').is_visible()


@pytest.mark.parametrize("page", WIDTHS, indirect=True)
def test_offer_price_box_keeps_its_button_label_on_one_line(page: Any, server: str) -> None:
    for offer in ("dispatch", "maintenance-plans", "launch-service"):
        page.goto(f"{server}offers/{offer}/")
        lines = page.evaluate(
            """() => {
                const button = document.querySelector('.hf-price-box [data-hf-cta]');
                const range = document.createRange();
                range.selectNodeContents(button);
                return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
            }"""
        )
        assert lines == 1, f"{offer}: the price box's button wraps onto {lines} lines"


def _luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _rgb(css: str) -> tuple[float, ...]:
    inside = css[css.index("(") + 1 : css.index(")")]
    return tuple(float(part) for part in inside.replace("/", " ").replace(",", " ").split()[:3])


def test_comparison_table_is_readable(page: Any, server: str) -> None:
    page.goto(server + "compare/")
    cells = page.eval_on_selector_all(
        "table.hf-matrix td, table.hf-matrix th",
        """els => els.map(e => {
            const s = getComputedStyle(e);
            return [e.tagName, e.getAttribute('scope'), parseFloat(s.paddingLeft), parseFloat(s.paddingTop),
                    s.textAlign, parseFloat(s.borderBottomWidth)];
        })""",
    )
    assert all(left >= 8 and top >= 6 for _, _, left, top, _, _ in cells), "cells need padding"
    rows = [c for c in cells if c[1] == "row"]
    assert rows and all(align in ("left", "start") for _, _, _, _, align, _ in rows), "the feature column reads left-aligned"
    ruled = [border for _, _, _, _, _, border in rows[:-1]]
    assert all(border >= 1 for border in ruled), "rows are separated by a rule"
    marks = page.eval_on_selector_all(
        ".hf-yes, .hf-no",
        """els => els.map(e => {
            let bg = 'rgba(0, 0, 0, 0)', node = e;
            while (node && /rgba\\(0, 0, 0, 0\\)|transparent/.test(bg)) { bg = getComputedStyle(node).backgroundColor; node = node.parentElement; }
            return [e.className, getComputedStyle(e).color, bg, e.innerText.trim()];
        })""",
    )
    assert {cls for cls, *_ in marks} == {"hf-yes", "hf-no"}
    for cls, colour, background, _ in marks:
        ratio = _contrast(_rgb(colour), _rgb(background))
        assert ratio >= 4.5, f"{cls} {colour} on {background}: {ratio:.2f}:1"
    # Screen readers hear Yes and No, not "check mark" and "em dash".
    spoken = page.eval_on_selector_all(".hf-yes .hf-sr-only, .hf-no .hf-sr-only", "els => els.map(e => e.textContent)")
    assert set(spoken) == {"Yes", "No"}


@pytest.mark.parametrize("page", [390], indirect=True)
def test_comparison_table_scrolls_in_its_frame_with_the_feature_column_held(page: Any, server: str) -> None:
    page.goto(server + "compare/")
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    wrap = page.locator(".hf-table-wrap").first
    scroll_width, client_width = wrap.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert scroll_width > client_width, "at 390 px the table scrolls inside its frame"
    assert page.locator(".hf-scroll-hint").first.is_visible(), "and says so"
    assert wrap.get_attribute("tabindex") == "0", "keyboard users can scroll it too"
    left_before = page.eval_on_selector("table.hf-matrix tbody th", "e => e.getBoundingClientRect().left")
    last_before = page.eval_on_selector("table.hf-matrix thead th:last-child", "e => e.getBoundingClientRect().right")
    assert last_before > page.viewport_size["width"], "the last column starts off screen"
    wrap.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    left_after = page.eval_on_selector("table.hf-matrix tbody th", "e => e.getBoundingClientRect().left")
    wrap_right = wrap.evaluate("e => e.getBoundingClientRect().right")
    last_after = page.eval_on_selector("table.hf-matrix thead th:last-child", "e => e.getBoundingClientRect().right")
    assert abs(left_after - left_before) < 1, "the feature column stays put"
    assert last_after <= wrap_right + 1, "and the last column can be reached"


@pytest.mark.parametrize("page", [390], indirect=True)
def test_no_page_type_scrolls_sideways_on_a_phone(page: Any, server: str) -> None:
    for path in PAGE_TYPES:
        page.goto(server + path, wait_until="load")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 390 px"


def test_call_to_action_falls_back_to_the_form_then_to_email_and_made_with_is_opt_in(tmp_path: Path) -> None:
    def build(name: str, edits: list[tuple[str, str]]) -> Path:
        folder = copy_content(FIXTURES / "small_b2b", tmp_path / name / "content", {"company.yaml": edits})
        return build_to(load_content(folder), tmp_path / name / "site")

    no_url = ("  url: /contact/\n", "")
    email = load_content(FIXTURES / "small_b2b").content.company.contact.email
    mailto = build("mailto", [no_url])
    html = (mailto / "offers" / "index.html").read_text()
    assert 'class="md-button md-button--primary hf-header-cta" data-hf-cta="header"' in html
    assert f'href="mailto:{email}" class="md-button md-button--primary hf-header-cta"' in html
    assert "Made with" not in html

    form = build(
        "form",
        [
            no_url,
            (f"  email: {email}\n", f"  email: {email}\n  form_action: https://forms.example.com/f/abc\n"),
            ("\nbrand:", "\nmade_with: true\nbrand:"),
        ],
    )
    html = (form / "offers" / "index.html").read_text()
    assert 'href="../contact/#contact-form" class="md-button md-button--primary hf-header-cta"' in html
    assert "Made with" in html
    contact = html_module.unescape((form / "contact" / "index.html").read_text())
    assert 'id="contact-form"' in contact and 'action="https://forms.example.com/f/abc"' in contact


def test_no_page_shows_markup_meant_for_an_extension(default_site: Path) -> None:
    """Icons and attribute lists render; their source never reaches the reader."""
    for path in html_pages(default_site):
        text = (default_site / path / "index.html").read_text()
        for leak in (":material-", ":fontawesome-", "{ .lg", "{ .md-button"):
            assert leak not in text, (path, leak)
    home = (default_site / "index.html").read_text()
    assert home.count('<span class="hf-icon" aria-hidden="true"><svg') == 3


@pytest.mark.parametrize(
    "cta, contact, expected",
    [
        ({"url": "/offers/"}, {"booking_url": "https://book.example.com/x", "form_action": "https://f.example.com/"}, "/offers/"),
        (
            {},
            {"booking_url": "https://book.example.com/x", "form_action": "https://f.example.com/"},
            "https://book.example.com/x",
        ),
        ({}, {"form_action": "https://f.example.com/"}, "/contact/#contact-form"),
        ({}, {}, "mailto:hello@example.com"),
    ],
)
def test_call_to_action_target_order(cta: dict[str, str], contact: dict[str, str], expected: str) -> None:
    company = {"cta": {"label": "Book a call", **cta}, "contact": {"email": "hello@example.com", **contact}}
    assert call_to_action(company) == {"label": "Book a call", "short_label": "Book a call", "url": expected}


def test_hero_eyebrow_reads_on_the_hero(page: Any, server: str) -> None:
    """The accent-coloured line over the headline passes 4.5:1 on the hero's lightest colour."""
    page.goto(server)
    colour, primary = page.evaluate(
        """() => [getComputedStyle(document.querySelector('.hf-hero .hf-eyebrow')).color,
                  getComputedStyle(document.documentElement).getPropertyValue('--hf-primary').trim()]"""
    )
    hex_rgb = tuple(float(int(primary[i : i + 2], 16)) for i in (1, 3, 5))
    assert _contrast(_rgb(colour), hex_rgb) >= 4.5, (colour, primary)
