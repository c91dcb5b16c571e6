"""One locale everywhere: a de_DE business paying in euros reads the same strings in the
page as built (Python), in the calculator after every edit (JavaScript, in Chromium), in the
ROI workbook as LibreOffice shows it and in the offer deck; dates and the page's language
follow the locale."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sitekit import DEFAULT_CONTENT, build_to, html_pages, serving
from support import copy_content, soffice_convert

from generator.content.load import load_content
from generator.context.formatting import Formatter
from generator.context.view import public_content
from generator.expr.plan import plan_roi
from generator.model import Content
from generator.outputs.collateral.deck import build_deck
from generator.outputs.collateral.outline import load_outlines
from generator.outputs.collateral.workbook import build_workbook

GERMAN = {"company.yaml": [("currency: USD", "currency: EUR"), ("locale: en_US", "locale: de_DE")]}
MOMENT = dt.datetime(2026, 10, 13, tzinfo=dt.UTC)
OFFER = "dispatch"
#: Default inputs, then edits that make the numbers large, small, fractional and negative.
INPUT_SETS: list[dict[str, float]] = [
    {},
    {"technicians": 45, "office_hourly_cost": 35.5},
    {"technicians": 1, "extra_jobs_per_tech_per_month": 0},
    {"technicians": 1, "extra_jobs_per_tech_per_month": 0, "scheduling_time_saved": 5, "scheduling_hours_per_day": 1},
]


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> Content:
    folder = copy_content(DEFAULT_CONTENT, tmp_path_factory.mktemp("de") / "content", GERMAN)
    return load_content(folder).content


@pytest.fixture(scope="module")
def german_site(german: Content, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = copy_content(DEFAULT_CONTENT, tmp_path_factory.mktemp("de-site") / "content", GERMAN)
    return build_to(load_content(folder), tmp_path_factory.mktemp("de-site") / "site")


@pytest.fixture(scope="module")
def german_server(german_site: Path) -> Iterator[str]:
    with serving(german_site) as url:
        yield url


def test_the_formatter_writes_german_money_percentages_and_dates(german: Content) -> None:
    fmt = Formatter(german.company)
    assert fmt.money(41200) == "41.200\u00a0€"
    assert fmt.money(-1234.5) == "-1.235\u00a0€"  # half away from zero, as Excel and the calculator round
    assert fmt.money(12.5) == "12,50\u00a0€"
    assert fmt.value(35.5, "percent") == "35,5\u00a0%"
    assert fmt.value(2.25, "number", "Monate") == "2,25 Monate"
    assert fmt.date(dt.date(2026, 10, 13)) == "13.10.2026"


def test_page_language_and_dates_follow_the_locale(german: Content, german_site: Path) -> None:
    for path in html_pages(german_site):
        assert '<html lang="de-DE"' in (german_site / path / "index.html").read_text(encoding="utf-8"), path
    fmt = Formatter(german.company)
    for article in german.articles:
        text = (german_site / "articles" / article.id / "index.html").read_text(encoding="utf-8")
        assert f'<time datetime="{article.date.isoformat()}">{fmt.date(article.date)}</time>' in text
        assert re.search(r"\d\d\.\d\d\.\d{4}", fmt.date(article.date))


def _shown(page: Any) -> dict[str, str]:
    outputs = page.eval_on_selector_all(
        f'.hf-roi[data-offer="{OFFER}"] output', "els => els.map(e => [e.dataset.output, e.textContent])"
    )
    bars = page.eval_on_selector_all(
        f'.hf-roi[data-offer="{OFFER}"] .hf-roi-bar',
        "els => els.map(e => ['bar:' + e.dataset.bar, e.querySelector('.hf-roi-bar__value').textContent])",
    )
    return dict(outputs + bars)


def _expected(content: Content, inputs: dict[str, float]) -> dict[str, str]:
    offer = content.offer(OFFER)
    assert offer.roi is not None
    plan, errors = plan_roi(offer.roi, offer.price)
    assert errors == []
    values = plan.evaluate({**plan.defaults(), **inputs})
    fmt = Formatter(content.company)
    expected = {o.id: fmt.value(values[o.id], o.format, o.unit) for o in offer.roi.outputs}
    roles = {o.role: o.id for o in offer.roi.outputs if o.role}
    for role in ("cost", "benefit"):
        value = values[roles[role]]
        assert value is not None
        expected["bar:" + role] = fmt.money(value)
    return expected


def test_calculator_shows_the_python_formatters_strings_before_and_after_edits(
    browser: Any, german_server: str, german_site: Path, german: Content
) -> None:
    built = html.unescape((german_site / "offers" / OFFER / "index.html").read_text(encoding="utf-8"))
    defaults = _expected(german, {})
    # As built, before any script runs: Python's strings.
    for name, text in defaults.items():
        if not name.startswith("bar:"):
            assert f'data-output="{name}"' in built and f">{text}</output>" in built, name
    assert any("\u00a0€" in text and "." in text for text in defaults.values())
    assert any(text.endswith("\u00a0%") for text in defaults.values())
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(german_server + f"offers/{OFFER}/")
    offer = german.offer(OFFER)
    assert offer.roi is not None
    defaults_in = {i.id: i.default for i in offer.roi.inputs}
    for inputs in INPUT_SETS:
        for name, value in {**defaults_in, **inputs}.items():
            page.fill(f"#roi-{OFFER}-{name}", f"{value:g}")
        assert _shown(page) == _expected(german, inputs), inputs
    assert any(text.startswith("-") for text in _expected(german, INPUT_SETS[-1]).values())  # a loss reads right too
    # The chart's text alternative says the same numbers in words.
    text = page.text_content(f"#roi-{OFFER}-chart-text") or ""
    last = _expected(german, INPUT_SETS[-1])
    assert last["bar:benefit"] in text and last["bar:cost"] in text
    page.close()
    assert errors == []


def test_workbook_in_libreoffice_shows_the_same_strings(german: Content, tmp_path: Path) -> None:
    offer = german.offer(OFFER)
    source = tmp_path / "roi.xlsx"
    source.write_bytes(build_workbook(german, offer, MOMENT))
    # One CSV per sheet, each cell as LibreOffice shows it (its number format applied), UTF-8.
    soffice_convert(
        [source],
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
        tmp_path / "out",
        tmp_path / "profile",
    )
    with (tmp_path / "out" / "roi-Calculator.csv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    shown = {row[4]: row[5] for row in rows if len(row) > 5 and row[4]}
    expected = _expected(german, {})
    assert offer.roi is not None
    compared = 0
    for output in offer.roi.outputs:
        if output.label in shown:
            assert shown[output.label] == expected[output.id], output.label
            compared += 1
    formats = {o.format for o in offer.roi.outputs if o.label in shown}
    assert compared >= 3 and {"currency", "percent"} <= formats, shown


def _slide_text(data: bytes) -> str:
    from pptx import Presentation

    parts = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_offer_deck_shows_the_same_strings_as_the_site(german: Content, german_site: Path, tmp_path: Path) -> None:
    folder = copy_content(DEFAULT_CONTENT, tmp_path / "content", GERMAN)
    offer = german.offer(OFFER)
    outline = load_outlines(None).decks[1]
    face = _slide_text(build_deck(public_content(german), german, folder, outline, offer, MOMENT))
    page = html.unescape((german_site / "offers" / OFFER / "index.html").read_text(encoding="utf-8"))
    fmt = Formatter(german.company)
    expected = _expected(german, {})
    assert offer.roi is not None
    headline = [expected[o.id] for o in offer.roi.outputs if o.headline]
    assert "70.800\u00a0€" in headline and "328\u00a0%" in headline and "2,8 months" in headline
    for text in [fmt.price(offer.price), *headline]:
        assert text in face, text
        assert text in page, text
