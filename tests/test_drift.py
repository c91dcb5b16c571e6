"""Drift lint: prose that types a value the content holds gets a warning naming the reference
to paste; a price-like amount that matches no current price is flagged as likely stale;
--strict turns warnings into a failure; references work in every Markdown field."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import DEFAULT_CONTENT

from generator.content.load import load_content
from generator.errors import ContentError


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT, folder)
    return folder


def _plant(folder: Path, text: str) -> tuple[Path, int]:
    """Append a paragraph to an article; return the file and the paragraph's line."""
    article = folder / "articles" / "two-hour-arrival-windows.md"
    body = article.read_text().rstrip("\n") + "\n\n" + text + "\n"
    article.write_text(body)
    return article, body.count("\n")


def test_the_default_content_has_no_drift() -> None:
    assert [str(w) for w in load_content(DEFAULT_CONTENT).warnings] == []


def test_a_literal_price_gets_the_reference_to_paste(content: Path) -> None:
    text = "Dispatch costs $69 a technician, and saves 40% of office time."
    article, line = _plant(content, text)
    warnings = [str(w) for w in load_content(content).warnings]
    price, share = text.index("$69") + 1, text.index("40%") + 1
    assert (price, share) == (16, 44)
    assert warnings == [
        f"{article}:{line}:{price}: warning: articles.two-hour-arrival-windows.body: expected a reference, got the "
        'literal "$69": paste {{ offers.dispatch.price.amount_label }}',
        f"{article}:{line}:{share}: warning: articles.two-hour-arrival-windows.body: expected a reference, got the "
        'literal "40%": paste {{ offers.dispatch.roi.inputs.scheduling_time_saved.default_label }}',
    ]


def test_a_price_that_matches_no_current_value_is_flagged_as_stale(content: Path) -> None:
    article, line = _plant(content, "Plans start at $64 a technician.")
    (warning,) = [str(w) for w in load_content(content).warnings]
    assert warning == (
        f'{article}:{line}:16: warning: articles.two-hour-arrival-windows.body: "$64" looks like one of our prices '
        "but matches no current value ($69, $299, $3,900); if it is a price of ours, quote it with "
        "{{ offers.<id>.price.amount_label }}"
    )


def test_quoted_values_and_other_amounts_are_left_alone(content: Path) -> None:
    _plant(content, "Dispatch costs {{ offers.dispatch.price.amount_label }}; a tune-up costs the customer $150.")
    # $150 is the ROI model's gross profit per job, so it is flagged; a $12 part is not ours at all.
    warnings = [w.message for w in load_content(content).warnings]
    assert warnings == [
        'expected a reference, got the literal "$150": paste {{ offers.dispatch.roi.inputs.gross_profit_per_job.default_label }}'
    ]
    article = content / "articles" / "two-hour-arrival-windows.md"
    article.write_text(article.read_text().replace("$150", "$12"))
    assert load_content(content).warnings == []


def test_a_markdown_field_is_linted_and_may_quote_references(content: Path) -> None:
    faqs = content / "faqs.yaml"
    text = faqs.read_text()
    assert "about $200 a year" in text
    faqs.write_text(text.replace("about $200 a year", "about $299 a year"))
    (warning,) = load_content(content).warnings
    assert warning.path == "faqs.faqs.agreements-small-list.answer"
    assert warning.message.endswith("paste {{ offers.maintenance-plans.price.amount_label }}")
    faqs.write_text(text.replace("about $200 a year", "about {{ offers.no-such.price.label }} a year"))
    with pytest.raises(ContentError) as info:
        load_content(content)
    assert 'unknown reference "offers.no-such.price.label"' in str(info.value.problems[0])


def _handoff(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)


def test_strict_fails_on_warnings_and_leaves_the_build_as_it_was(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _handoff("build", "--content", str(content), "--out", str(out), "--no-pdf", cwd=tmp_path).returncode == 0
    before = (out / "site" / "index.html").read_bytes()
    _plant(content, "Dispatch costs $69 a technician.")
    loose = _handoff("check", "--content", str(content), cwd=tmp_path)
    assert loose.returncode == 0 and "1 warning(s)" in loose.stdout
    strict = _handoff("check", "--content", str(content), "--strict", cwd=tmp_path)
    assert strict.returncode == 1
    assert "warning: articles.two-hour-arrival-windows.body" in strict.stderr + strict.stdout
    assert "Error: 0 errors, 1 warning (--strict fails on warnings)" in strict.stderr
    build = _handoff("build", "--content", str(content), "--out", str(out), "--no-pdf", "--strict", cwd=tmp_path)
    assert build.returncode == 1
    assert (out / "site" / "index.html").read_bytes() == before
