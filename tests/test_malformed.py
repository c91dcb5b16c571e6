"""One malformed case per family: each is an exact `file:line:col: field: message` line from
`handoff check`, exit 1, no traceback, and `handoff build` refuses it too."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import DEFAULT_CONTENT, Edits, copy_content

from generator.cli import cli

OFFER = "offers/dispatch.yaml"
EXPR = "      expression: technicians * extra_jobs_per_tech_per_month * 12 * gross_profit_per_job"
LONG = " + ".join(["technicians"] * 120)

CASES: dict[str, tuple[Edits, list[str]]] = {
    "a number too large to compute with": (
        {OFFER: (EXPR, "      expression: technicians * 1e999")},
        [
            "content/offers/dispatch.yaml:122:33: offers.dispatch.roi.outputs.added_gross_profit.expression: "
            "expected a number from -10^15 to 10^15, got 1e999"
        ],
    ),
    "a 400-digit integer": (
        {OFFER: (EXPR, "      expression: technicians * " + "9" * 400)},
        [
            "content/offers/dispatch.yaml:122:33: offers.dispatch.roi.outputs.added_gross_profit.expression: "
            "expected a number from -10^15 to 10^15, got 99999999999999999999... (400 characters)"
        ],
    ),
    "round to 1e999 digits": (
        {OFFER: (EXPR, "      expression: round(technicians, 1e999)")},
        [
            "content/offers/dispatch.yaml:122:38: offers.dispatch.roi.outputs.added_gross_profit.expression: "
            "expected a number from -10^15 to 10^15, got 1e999"
        ],
    ),
    "a 300-term expression": (
        {OFFER: (EXPR, "      expression: " + LONG)},
        [
            "content/offers/dispatch.yaml:122:19: offers.dispatch.roi.outputs.added_gross_profit.expression: "
            "expected an expression of at most 200 numbers, names and operators, got 239; split it into several outputs"
        ],
    ),
    "a huge exponent": (
        {OFFER: (EXPR, "      expression: technicians ** 400")},
        [
            "content/offers/dispatch.yaml:122:34: offers.dispatch.roi.outputs.added_gross_profit.expression: "
            "expected an exponent from -10 to 10, got 400"
        ],
    ),
    "an escape character written into a name": (
        {"company.yaml": ("name: Crewboard", 'name: "Crew\\eboard"')},
        ["content/company.yaml:3:7: company.name: expected text without control characters, got U+001B"],
    ),
    "a raw control character in the file": (
        {"company.yaml": ("name: Crewboard", "name: Crew\x07board")},
        ["content/company.yaml:3:11: expected text without control characters, got U+0007"],
    ),
    "an unknown locale": (
        {"company.yaml": ("locale: en_US", "locale: xx_YY")},
        ['content/company.yaml:44:9: company.locale: expected a locale such as en_US, en_GB, de_DE or fr_FR, got "xx_YY"'],
    ),
    "a path as a locale": (
        {"company.yaml": ("locale: en_US", "locale: ../../etc")},
        ['content/company.yaml:44:9: company.locale: expected a locale such as en_US, en_GB, de_DE or fr_FR, got "../../etc"'],
    ),
    "a name longer than slide titles and document properties allow": (
        {OFFER: ("name: Crewboard Dispatch", "name: " + "Dispatch " * 34)},
        ["content/offers/dispatch.yaml:3:7: offers.dispatch.name: expected at most 120 characters, got 305"],
    ),
    "a font given as a path": (
        {"company.yaml": ("  heading_font: Lato", "  heading_font: /usr/share/fonts/evil.ttf")},
        [
            "content/company.yaml:50:17: company.brand.heading_font: expected a font family name such as Open Sans "
            '(letters, digits, spaces and hyphens; at most 64 characters), got "/usr/share/fonts/evil.ttf"'
        ],
    ),
    "a text file saved as the logo": (
        {"assets/logo.png": "not an image\n"},
        [
            'content/company.yaml:52:9: company.brand.logo: expected a PNG or JPEG image, got "assets/logo.png", which is not an image'
        ],
    ),
}


@pytest.mark.parametrize("edits,expected", CASES.values(), ids=list(CASES))
def test_every_family_is_one_exact_line(
    edits: Edits, expected: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    copy_content(DEFAULT_CONTENT, tmp_path / "content", edits)
    runner = CliRunner()
    checked = runner.invoke(cli, ["check"], catch_exceptions=False)
    assert checked.exit_code == 1
    assert checked.stderr.splitlines() == [*expected, "Error: 1 error"]
    built = runner.invoke(cli, ["build"], catch_exceptions=False)
    assert built.exit_code == 1
    assert "Traceback" not in built.output
    assert not (tmp_path / "build").exists()


def _truncated_png(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def test_a_truncated_logo_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    copy_content(DEFAULT_CONTENT, tmp_path / "content")
    _truncated_png(tmp_path / "content/assets/logo.png")
    result = CliRunner().invoke(cli, ["check"], catch_exceptions=False)
    assert result.exit_code == 1
    line = result.stderr.splitlines()[0]
    assert line.startswith(
        'content/company.yaml:52:9: company.brand.logo: expected a PNG or JPEG image, got "assets/logo.png", which is damaged ('
    )


def test_locales_are_accepted_with_a_hyphen_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    copy_content(DEFAULT_CONTENT, tmp_path / "content", {"company.yaml": ("locale: en_US", "locale: en-US")})
    from generator.content.load import load_content

    assert load_content(tmp_path / "content").content.company.locale == "en_US"


def test_a_link_out_of_the_content_folder_is_refused_naming_the_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    copy_content(DEFAULT_CONTENT, tmp_path / "content")
    secret = tmp_path / "secret.yaml"
    secret.write_text("name: TOP-SECRET-VALUE\n")
    os.symlink(secret, tmp_path / "content/offers/leak.yaml")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "private-file-name.yaml").write_text("x: 1\n")
    (tmp_path / "content/accounts").rename(tmp_path / "accounts-moved")
    os.symlink(outside, tmp_path / "content/accounts")
    result = CliRunner().invoke(cli, ["check"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "content/accounts:1:1: expected a folder inside the content folder, got a link to a folder outside it",
        "content/offers/leak.yaml:1:1: expected a file inside the content folder, got a link to a file outside it",
    ]
    assert "TOP-SECRET" not in result.output and "private-file-name" not in result.output
    assert str(secret) not in result.output
