"""The built site in headless Chromium: every page, link, anchor, image and ROI calculator."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import pytest
from sitekit import DEFAULT_CONTENT, ROOT, html_pages

from generator.content.load import load_content
from generator.context.formatting import Formatter
from generator.expr.plan import plan_roi

SCREENSHOTS = ROOT / "tests" / "output" / "screenshots"


def _target_file(site: Path, url_path: str) -> Path:
    path = site / url_path.lstrip("/")
    return path / "index.html" if url_path.endswith("/") or path.is_dir() else path


def test_every_page_loads_cleanly_with_working_links_anchors_and_images(browser: Any, server: str, default_site: Path) -> None:
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    # ERR_ABORTED is the browser cancelling a page's pending requests when we move on.
    page.on(
        "requestfailed",
        lambda r: problems.append(f"request failed: {r.url} {r.failure}") if r.failure != "net::ERR_ABORTED" else None,
    )
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    pages = html_pages(default_site)
    assert len(pages) >= 20
    checked_links = 0
    for path in pages:
        url = server + path
        page.goto(url, wait_until="load")
        # Lazy images below the fold load on scroll: load each now and wait for it to decode,
        # so a slow machine is not read as a broken image (decode() rejects a broken one).
        broken = page.evaluate(
            """async () => {
                const images = [...document.images];
                images.forEach(i => { i.loading = "eager"; });
                const failed = await Promise.all(images.map(i => i.decode().then(() => null, () => i.src)));
                return [...new Set(failed.filter(Boolean).concat(images.filter(i => i.naturalWidth === 0).map(i => i.src)))];
            }"""
        )
        problems += [f"{path}: broken image {src}" for src in broken]
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            target = urlparse(urljoin(url, href))
            if not href.startswith(server) or target.path.startswith("/search"):
                continue
            file = _target_file(default_site, target.path)
            checked_links += 1
            if not file.is_file():
                problems.append(f"{path}: link to missing {target.path}")
            elif target.fragment and f'id="{target.fragment}"' not in file.read_text():
                problems.append(f"{path}: link to missing anchor {target.path}#{target.fragment}")
    page.close()
    assert problems == []
    assert checked_links > 200


INPUT_SETS = {
    "dispatch": [
        {},
        {"technicians": 45, "office_hourly_cost": 35.5},
        {"technicians": 1, "extra_jobs_per_tech_per_month": 0},
        {"scheduling_time_saved": 75, "gross_profit_per_job": 310, "scheduling_hours_per_day": 11},
    ],
    "maintenance-plans": [
        {},
        {"active_agreements": 1800, "current_renewal_rate": 95},
        {"renewal_rate_gain": 1},
        {"agreement_price": 89, "repair_profit_per_member": 0, "active_agreements": 120},
    ],
}


@pytest.mark.parametrize("offer_id", sorted(INPUT_SETS))
def test_roi_calculator_matches_the_python_evaluator(browser: Any, server: str, offer_id: str) -> None:
    content = load_content(DEFAULT_CONTENT).content
    offer = content.offer(offer_id)
    assert offer.roi is not None
    plan, errors = plan_roi(offer.roi, offer.price)
    assert errors == []
    fmt = Formatter(content.company)
    page = browser.new_page()
    page.goto(f"{server}offers/{offer_id}/")
    for inputs in INPUT_SETS[offer_id]:
        values = {**plan.defaults(), **inputs}
        for name, value in values.items():
            page.fill(f"#roi-{offer_id}-{name}", f"{value:g}")
        expected = plan.evaluate(values)
        shown = page.eval_on_selector_all(
            f'.hf-roi[data-offer="{offer_id}"] output',
            "els => els.map(e => [e.dataset.output, e.dataset.value, e.textContent])",
        )
        assert len(shown) == len(offer.roi.outputs)
        for name, raw, text in shown:
            out = next(o for o in offer.roi.outputs if o.id == name)
            want = expected[name]
            if want is None:
                assert (raw, text) == ("", "n/a")
            else:
                assert float(raw) == pytest.approx(want, rel=1e-12, abs=1e-9), (inputs, name)
                assert text == fmt.value(want, out.format, out.unit), (inputs, name)
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_and_no_horizontal_overflow(browser: Any, server: str, width: int) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900})
    for path, name in [
        ("", "home"),
        ("offers/dispatch/", "offer"),
        ("case-studies/kessler-comfort/", "case-study"),
        ("compare/", "compare"),
    ]:
        page.goto(server + path, wait_until="load")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} at {width}px scrolls sideways by {overflow}px"
        shot = SCREENSHOTS / f"{name}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 20_000
    page.close()


def test_faq_stage_filter_hides_other_stages(browser: Any, server: str) -> None:
    page = browser.new_page()
    page.goto(server + "faq/")
    total = page.locator(".hf-faq").count()
    page.click('.hf-filter button[data-value="cold"]')
    visible = page.eval_on_selector_all(".hf-faq", "els => els.filter(e => !e.hidden).map(e => e.dataset.filterValue)")
    assert visible and set(visible) == {"cold"} and len(visible) < total
    page.click('.hf-filter button[data-value=""]')
    assert page.eval_on_selector_all(".hf-faq", "els => els.filter(e => !e.hidden).length") == total
    page.close()


def test_pages_have_description_and_open_graph_tags(default_site: Path) -> None:
    for path in html_pages(default_site):
        html = (default_site / path / "index.html").read_text()
        for pattern in (
            r'<meta name="description" content="[^"]+"',
            r'<meta property="og:title" content="[^"]+"',
            r'<meta property="og:description" content="[^"]+"',
            r"<title>[^<]+</title>",
        ):
            assert re.search(pattern, html), (path, pattern)
