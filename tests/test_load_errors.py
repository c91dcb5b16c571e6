"""The malformed-input corpus: each case gives its exact error lines and never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.content.load import load_content
from generator.errors import ContentError

OFFER = "offers/first-offer.yaml"

CASES: dict[str, tuple[dict, list[str]]] = {
    "wrong type": (
        {OFFER: ("amount: 500", 'amount: "free"')},
        ['content/offers/first-offer.yaml:6:11: offers.first-offer.price.amount: expected a number >= 0, got "free"'],
    ),
    "negative number": (
        {OFFER: ("amount: 500", "amount: -5")},
        ["content/offers/first-offer.yaml:6:11: offers.first-offer.price.amount: expected a number >= 0, got -5"],
    ),
    "missing field": (
        {"company.yaml": ("tagline: The one line that says what you do and for whom\n", "")},
        ["content/company.yaml:3:1: company.tagline: expected text, got nothing (the field is required)"],
    ),
    "missing file": (
        {"icp.yaml": None},
        ["content/icp.yaml:1:1: icp: expected the file icp.yaml (a mapping with market, summary, personas), got no such file"],
    ),
    "unknown key": (
        {"company.yaml": ("currency: USD", "currency: USD\nslogan: Fast")},
        [
            'content/company.yaml:16:1: company.slogan: unknown field "slogan"; expected one of: name, tagline, '
            "description, website, legal_name, cta, contact, social, legal_links, made_with, currency, locale, brand, "
            "next_steps, tone_notes"
        ],
    ),
    "typo'd key": (
        {OFFER: ("inclusions:", "inclusoins:")},
        [
            'content/offers/first-offer.yaml:8:1: offers.first-offer.inclusoins: unknown field "inclusoins" (did you mean "inclusions"?)'
        ],
    ),
    "bad reference": (
        {OFFER: ("personas: [buyer]", "personas: [buyer, cfo]")},
        [
            'content/offers/first-offer.yaml:10:19: offers.first-offer.personas[1]: expected the id of a persona, got "cfo"; valid ids: buyer'
        ],
    ),
    "reference cycle in ROI outputs": (
        {OFFER: ("expression: hours_saved_per_week * hourly_cost * 48", "expression: net_benefit + 1")},
        [
            "content/offers/first-offer.yaml:29:19: offers.first-offer.roi.outputs.annual_benefit.expression: "
            "expected outputs that do not depend on themselves, got the cycle annual_benefit -> net_benefit -> annual_benefit"
        ],
    ),
    "unknown name in expression": (
        {OFFER: ("annual_benefit - annual_price", "annual_benefit - anual_price")},
        [
            "content/offers/first-offer.yaml:34:36: offers.first-offer.roi.outputs.net_benefit.expression: expected a known name, "
            'got "anual_price"; valid names: annual_benefit, annual_price, hourly_cost, hours_saved_per_week, net_benefit, price'
        ],
    ),
    "bad expression": (
        {OFFER: ("annual_benefit - annual_price", "annual_benefit // annual_price")},
        [
            "content/offers/first-offer.yaml:34:34: offers.first-offer.roi.outputs.net_benefit.expression: expected one of the operators + - * / **, got //"
        ],
    ),
    "division by a literal zero": (
        {OFFER: ("annual_benefit - annual_price", "annual_benefit / (0)")},
        [
            "content/offers/first-offer.yaml:34:37: offers.first-offer.roi.outputs.net_benefit.expression: expected a divisor other than zero, got a literal 0"
        ],
    ),
    "tab-indented YAML": (
        {"company.yaml": ("  email: hello@example.com", "\temail: hello@example.com")},
        ["content/company.yaml:13:1: expected spaces for indentation, got a tab character"],
    ),
    "duplicate keys": (
        {"company.yaml": ("currency: USD", "currency: USD\nname: Other Name")},
        ['content/company.yaml:16:1: company.name: expected each field once, got "name" again (first at line 3)'],
    ),
    "duplicate ids": (
        {
            "positioning.yaml": (
                "  - id: first-proof\n    claim: A fact",
                "  - id: first-proof\n    claim: Another\n    source: Us\n  - id: first-proof\n    claim: A fact",
            )
        },
        [
            'content/positioning.yaml:26:9: positioning.proof_points.first-proof.id: expected a unique id, got "first-proof" again (first at line 23)'
        ],
    ),
    "empty file": (
        {"icp.yaml": ""},
        ["content/icp.yaml:1:1: expected a mapping of fields, got an empty file"],
    ),
    "binary file": (
        {"case_studies/photo.yaml": "\x89PNG\r\n\x1a\n\x00\x00"},
        ["content/case_studies/photo.yaml:3:1: expected UTF-8 text, got a binary file (NUL byte)"],
    ),
    "alias bomb": (
        {
            "case_studies/bomb.yaml": "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
                for i in range(8)
            )
        },
        [
            "content/case_studies/bomb.yaml:5:4: case_studies.bomb.e: expected at most 50,000 values once aliases are expanded, got more (are aliases nested inside each other?)"
        ],
    ),
    "YAML 1.1 float surprise": (
        {"company.yaml": ("tagline: The one line that says what you do and for whom", "tagline: 1.10")},
        ["content/company.yaml:4:10: company.tagline: expected text, got 1.10"],
    ),
    "unknown content file": (
        {"faq.yaml": "faqs: []\n"},
        [
            "content/faq.yaml:1:1: expected one of the content files company.yaml, icp.yaml, positioning.yaml, faqs.yaml, "
            "comparison.yaml, lead_definition.yaml, proposal.yaml, marketing_plan.yaml, offers, case_studies, competitors, articles, pages, accounts, assets, "
            'schemas, got "faq.yaml" (did you mean "faqs.yaml"?)'
        ],
    ),
    "id that is not the file name": (
        {OFFER: ("name: Your first offer", "id: second\nname: Your first offer")},
        ['content/offers/first-offer.yaml:3:5: id: expected the file name "first-offer" (or no id at all), got "second"'],
    ),
    "unknown article reference": (
        {"articles/welcome.md": ("{{ offers.first-offer.name }}", "{{ offers.first-offer.nmae }}")},
        [
            "content/articles/welcome.md:12:31: articles.welcome.body: expected a public value, got the unknown reference "
            '"offers.first-offer.nmae" ("nmae" is not one of id, name, summary, order, price, inclusions, outcomes, personas, roi in offers.first-offer)'
        ],
    ),
    "internal value in an article": (
        {"articles/welcome.md": ("{{ offers.first-offer.name }}", "{{ offers.first-offer.pricing.floor }}")},
        [
            'content/articles/welcome.md:12:31: articles.welcome.body: expected a public value, got "offers.first-offer.pricing.floor", which is internal and never published'
        ],
    ),
    "wrong literal": (
        {"icp.yaml": ("market: b2b", "market: B2B")},
        ['content/icp.yaml:3:9: icp.market: expected one of "b2b", "b2c", got "B2B"'],
    ),
    "bad colour": (
        {"company.yaml": ('primary: "#1F3A5F"', "primary: navy")},
        ['content/company.yaml:18:12: company.brand.primary: expected a colour as #RRGGBB, got "navy"'],
    ),
    "default outside bounds": (
        {OFFER: ("default: 5\n", "default: 50\n")},
        [
            "content/offers/first-offer.yaml:14:7: offers.first-offer.roi.inputs.hours_saved_per_week: expected default <= max 40, got 50"
        ],
    ),
    "bad date": (
        {"articles/welcome.md": ("date: 2026-01-15", "date: 2026-13-45")},
        ['content/articles/welcome.md:3:7: articles.welcome.date: expected a date as YYYY-MM-DD, got "2026-13-45"'],
    ),
    "logo outside the content folder": (
        {"company.yaml": ("# logo: assets/logo.png", "logo: ../../etc/passwd.png")},
        ['content/company.yaml:23:9: company.brand.logo: expected a path inside the content folder, got "../../etc/passwd.png"'],
    ),
}


@pytest.mark.parametrize("edits, expected", CASES.values(), ids=CASES.keys())
def test_malformed_content_reports_exact_lines(small_content: Callable[..., Path], edits: dict, expected: list[str]) -> None:
    folder = small_content(edits)
    with pytest.raises(ContentError) as info:
        load_content(folder)
    assert [str(p) for p in info.value.problems] == sorted(expected)


def test_non_utf8_file(small_content: Callable[..., Path]) -> None:
    folder = small_content()
    (folder / "icp.yaml").write_bytes(b"market: b2b\nsummary: caf\xe9\n")
    with pytest.raises(ContentError) as info:
        load_content(folder)
    assert [str(p) for p in info.value.problems] == ["content/icp.yaml:2:13: expected UTF-8 text, got the byte 0xe9"]


def test_oversized_file(small_content: Callable[..., Path]) -> None:
    folder = small_content()
    (folder / "icp.yaml").write_text("# padding\n" * 120_000)
    with pytest.raises(ContentError) as info:
        load_content(folder)
    assert [str(p) for p in info.value.problems] == ["content/icp.yaml:1:1: expected a file under 1 MiB, got 1,200,000 bytes"]


def test_every_problem_in_the_folder_is_reported_at_once(small_content: Callable[..., Path]) -> None:
    folder = small_content(
        {
            OFFER: ("amount: 500", "amount: lots"),
            "icp.yaml": ("market: b2b", "market: b2x"),
            "case_studies/broken.yaml": "title: [unclosed\n",
        }
    )
    with pytest.raises(ContentError) as info:
        load_content(folder)
    assert [p.file for p in info.value.problems] == [
        "content/case_studies/broken.yaml",
        "content/icp.yaml",
        "content/offers/first-offer.yaml",
    ]
