"""Accessibility, fonts and weight of the built site, measured in headless Chromium.

axe-core (bundled by axe-playwright-python) runs on every page of the default business and of
the consumer fixture at desktop and phone widths; a pale brand must pass colour contrast too.
The brand fonts are served by the site itself, and no page asks any other host for anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sitekit import FIXTURES, build_to, html_pages, serving
from support import copy_content

from generator.colour import contrast
from generator.content.load import load_content

WIDTHS = [1280, 390]
#: Axe impacts that fail the build of a page.
BLOCKING = ("serious", "critical")


def _axe_problems(browser: Any, base: str, site: Path, widths: list[int] = WIDTHS) -> tuple[list[str], int]:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems: list[str] = []
    runs = 0
    for width in widths:
        page = browser.new_page(viewport={"width": width, "height": 900})
        for path in html_pages(site):
            page.goto(base + path)
            result = axe.run(page)
            runs += 1
            for violation in result.response["violations"]:
                if violation["impact"] in BLOCKING:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    problems.append(f"{width}px /{path}: {violation['id']} ({violation['impact']}) at {targets}")
        page.close()
    return problems, runs


def test_axe_finds_nothing_serious_on_any_page_of_the_default_business(browser: Any, server: str, default_site: Path) -> None:
    problems, runs = _axe_problems(browser, server, default_site)
    assert runs >= 2 * 20
    assert problems == []


def test_axe_finds_nothing_serious_on_any_page_of_the_consumer_fixture(
    browser: Any, consumer_server: str, consumer_site: Path
) -> None:
    problems, runs = _axe_problems(browser, consumer_server, consumer_site)
    assert runs >= 2 * 8
    assert problems == []


PALE = {"company.yaml": [('primary: "#7A3E22"', 'primary: "#F2C94C"'), ('accent: "#2F6F73"', 'accent: "#F4A261"')]}


def test_a_pale_brand_keeps_every_text_colour_readable(browser: Any, tmp_path: Path) -> None:
    """A yellow primary and a light orange accent: headings, prices and labels take the palette's dark colours."""
    assert contrast("#F2C94C", "#ffffff") < 2 and contrast("#F4A261", "#ffffff") < 4.5
    site = build_to(load_content(copy_content(FIXTURES / "b2c_minimal", tmp_path / "content", PALE)), tmp_path / "site")
    with serving(site) as base:
        problems, _ = _axe_problems(browser, base, site, [1280])
    assert problems == []


@pytest.fixture
def recorded(browser: Any) -> Iterator[tuple[Any, list[Any]]]:
    """A fresh page (empty cache) that records every request it makes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[Any] = []
    page.on("request", lambda r: requests.append(r))
    yield page, requests
    context.close()


def _loaded_fonts(page: Any) -> list[str]:
    page.evaluate("() => document.fonts.ready")
    return page.evaluate(
        "() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replace(/[\"']/g, '') + ' ' + f.weight)"
    )


def test_brand_fonts_are_served_by_the_site_and_nothing_leaves_it(
    recorded: tuple[Any, list[Any]], server: str, default_site: Path
) -> None:
    page, requests = recorded
    for path in ["", "offers/dispatch/", "case-studies/kessler-comfort/"]:
        page.goto(server + path, wait_until="networkidle")
        loaded = _loaded_fonts(page)
        # Body text in Open Sans, bold and headings in Lato (heading weights above 700 use 700).
        assert {"Open Sans 400", "Lato 700"} <= set(loaded), (path, loaded)
        assert page.evaluate("() => document.fonts.check('700 16px Lato') && document.fonts.check('400 16px \"Open Sans\"')")
        heading = page.eval_on_selector("h1", "e => getComputedStyle(e).fontFamily")
        assert heading.startswith('"Lato"') or heading.startswith("Lato"), heading
    urls = [r.url for r in requests if not r.url.startswith(("data:", "blob:"))]
    outside = [u for u in urls if not u.startswith(server)]
    assert outside == []
    fonts = [u for u in urls if u.endswith(".woff2")]
    assert fonts and all("/assets/handoff/fonts/" in u for u in fonts), fonts
    # The licences travel with the files.
    assert (default_site / "assets/handoff/fonts/lato-LICENSE.txt").read_text().count("SIL Open Font License") >= 1
    assert (default_site / "assets/handoff/fonts/open-sans-LICENSE.txt").read_text().count("SIL Open Font License") >= 1


def test_a_brand_font_without_files_falls_back_to_the_system_stack_with_a_warning(
    recorded: tuple[Any, list[Any]], consumer_server: str, consumer_site: Path
) -> None:
    warnings = [str(w) for w in load_content(FIXTURES / "b2c_minimal").warnings]
    assert any("company.yaml" in w and "brand.heading_font" in w and '"Fraunces"' in w for w in warnings), warnings
    assert any('"Inter"' in w and "system font" in w for w in warnings), warnings
    assert not (consumer_site / "assets/handoff/fonts").exists()
    page, requests = recorded
    page.goto(consumer_server, wait_until="networkidle")
    assert _loaded_fonts(page) == []
    assert [r.url for r in requests if not r.url.startswith(consumer_server) and not r.url.startswith("data:")] == []
    body = page.eval_on_selector("body", "e => getComputedStyle(e).fontFamily")
    assert "Inter" in body and "sans-serif" in body


def test_html_lang_comes_from_the_locale(default_site: Path, consumer_site: Path) -> None:
    for site, lang in ((default_site, "en-US"), (consumer_site, "en-GB")):
        for path in html_pages(site):
            text = (site / path / "index.html").read_text(encoding="utf-8")
            assert f'<html lang="{lang}"' in text, (site, path)


#: Bytes a first visit may transfer (HTML, CSS, JavaScript, fonts, images), per page: about
#: twice the measured figures (see README, Performance), leaving room for the marketer's images.
PAGE_BUDGET = 1_000_000
WEIGHED = {"home": "", "offer": "offers/dispatch/", "case study": "case-studies/kessler-comfort/"}


def test_page_weight_stays_within_budget(browser: Any, server: str) -> None:
    weights: dict[str, tuple[int, int]] = {}
    for name, path in WEIGHED.items():
        context = browser.new_context(viewport={"width": 1280, "height": 900})  # an empty cache
        page = context.new_page()
        finished: list[Any] = []
        page.on("requestfinished", lambda r, seen=finished: seen.append(r))
        page.goto(server + path, wait_until="networkidle")
        page.evaluate("() => document.fonts.ready")
        sizes = [r.sizes() for r in finished]
        weights[name] = (sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes), len(sizes))
        context.close()
    print()
    for name, (total, count) in weights.items():
        print(f"page weight {name} (/{WEIGHED[name]}): {total / 1024:.0f} KiB in {count} requests")
    over = {name: total for name, (total, _) in weights.items() if total > PAGE_BUDGET}
    assert over == {}
    assert all(total > 50_000 for total, _ in weights.values())  # the measurement saw the page


def test_brand_css_takes_text_colours_from_the_palette_and_faces_only_for_vendored_fonts() -> None:
    from generator.outputs.site.theme import brand_css

    pale = brand_css(
        {"primary": "#F2C94C", "secondary": "#FFF8E1", "accent": "#F4A261", "heading_font": "Lato", "body_font": "Inter"}
    )
    variables = dict(re.findall(r"(--hf-[a-z-]+): (#[0-9a-f]{6});", pale))
    # Headings, prices and labels leave the pale brand colours for readable ones.
    assert variables["--hf-heading"] == variables["--hf-card-heading"] == "#1b1f23"
    for name in ("--hf-heading", "--hf-label", "--hf-muted"):
        assert contrast(variables[name], "#ffffff") >= 4.5, name
    for name in ("--hf-card-heading", "--hf-on-secondary", "--hf-muted-on-secondary"):
        assert contrast(variables[name], "#FFF8E1") >= 4.5, name
    faces = re.findall(r'@font-face \{ font-family: "([^"]+)"; font-style: normal; font-weight: (\d+)', pale)
    assert faces == [("Lato", "400"), ("Lato", "700")]  # Inter ships no files: the system font stands in
    assert "googleapis" not in pale
