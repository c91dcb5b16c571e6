"""Anonymized stories name nobody: not the customer, not the person quoted, in no public
field of the story or of a proof point that cites it; internal stories shape no public byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import DEFAULT_CONTENT, Edits, copy_content

from generator.content.load import load_content
from generator.errors import ContentError

STORY = "case_studies/southeast-agreements.yaml"
FILE = f"content/{STORY}"
PATH = "case_studies.southeast-agreements"
WORDS = "expected no part of the customer's or the quoted person's name in an anonymized case study, got"

CASES: dict[str, tuple[Edits, list[str]]] = {
    "a possessive of the company's name": (
        {STORY: ("summary: >-\n  A 40-technician", "summary: >-\n  Halloway's 40-technician")},
        # Placed where the name is written, inside the folded block.
        [f'{FILE}:13:3: {PATH}.summary: {WORDS} "Halloway"'],
    ),
    "the quoted person's first name, in lower case, in the challenge": (
        {STORY: ("The renewal rate sat at **{{", "The renewal rate, marcus says, sat at **{{")},
        [f'{FILE}:23:61: {PATH}.challenge: {WORDS} "marcus"'],
    ),
    "a surname in the quote's role, the region and a result's label": (
        {
            STORY: [
                ("  role: General Manager", "  role: General Manager, Trent family firm"),
                ("region: Southeastern United States", "region: Halloway County"),
                ("  - label: Agreement renewal rate", "  - label: Halloway renewal rate"),
            ]
        },
        [
            f'{FILE}:10:9: {PATH}.region: {WORDS} "Halloway"',
            f'{FILE}:34:12: {PATH}.results[0].label: {WORDS} "Halloway"',
            f'{FILE}:53:26: {PATH}.quote.role: {WORDS} "Trent"',
        ],
    ),
    "a proof point that cites the story": (
        {
            "positioning.yaml": (
                "raised agreement renewals from 58 % to 74 %.",
                "(Halloway) raised agreement renewals from 58 % to 74 %.",
            )
        },
        [f'content/positioning.yaml:131:58: positioning.proof_points.renewal-rate.claim: {WORDS} "Halloway"'],
    ),
}


@pytest.mark.parametrize("edits,expected", CASES.values(), ids=list(CASES))
def test_an_anonymized_story_names_nobody(
    edits: Edits, expected: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    content = copy_content(DEFAULT_CONTENT, tmp_path / "content", edits)
    with pytest.raises(ContentError) as caught:
        load_content(content)
    assert [str(p) for p in caught.value.problems] == expected


def test_generic_words_of_a_company_name_are_no_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    # "Halloway Home Services": "home services" and "HVAC" describe a trade, not the customer.
    content = copy_content(
        DEFAULT_CONTENT,
        tmp_path / "content",
        {
            STORY: ("summary: >-\n  A 40-technician", "summary: >-\n  A home services firm with 40"),
        },
    )
    load_content(content)


def test_an_internal_storys_date_shapes_no_public_byte(tmp_path: Path) -> None:
    from generator.pipeline import build

    internal = "case_studies/summit-ridge-electric.yaml"
    base = build(DEFAULT_CONTENT, tmp_path / "before")
    content = copy_content(DEFAULT_CONTENT, tmp_path / "content", {internal: ("date: ", "date: 2031-07-04\n# was: ")})
    after = build(content, tmp_path / "after")
    assert base.context.moment == after.context.moment
    for name in ("sitemap.xml", "index.html", "search/search_index.json"):
        assert (tmp_path / "before/site" / name).read_bytes() == (tmp_path / "after/site" / name).read_bytes(), name
    assert "2031" not in (tmp_path / "after/site/sitemap.xml").read_text()


ARTICLE = "articles/maintenance-agreement-renewals.md"

MORE: dict[str, tuple[Edits, list[str]]] = {
    # The issue's own example: the quoted person's first name as a possessive.
    "the quoted person's first name as a possessive, in a literal block, placed where it is written": (
        {STORY: ("  The company had sold maintenance", "  Marcus's company had sold maintenance")},
        [f'{FILE}:17:3: {PATH}.challenge: {WORDS} "Marcus"'],
    ),
    "the full customer name is one problem, reported once": (
        {STORY: ("summary: >-\n  A 40-technician", "summary: >-\n  Halloway Home Services, a 40-technician")},
        [f'{FILE}:13:3: {PATH}.summary: {WORDS} "Halloway"'],
    ),
    "a surname in capitals in an article that quotes the story": (
        {ARTICLE: ("started with 1,900 members in a", "started with 1,900 members (TRENT's team) in a")},
        [
            "content/articles/maintenance-agreement-renewals.md:74:78: articles.maintenance-agreement-renewals.body: "
            f'{WORDS} "TRENT"'
        ],
    ),
    "the company's name in the title of an article that links to the story": (
        {
            ARTICLE: [
                ("title: Why maintenance", "title: Halloway and why maintenance"),
                ("stage: warm", "stage: warm\n# links to the story below"),
                (
                    "started with 1,900 members in a",
                    "started with 1,900 members ([story](page:case-studies/southeast-agreements)) in a",
                ),
            ]
        },
        [
            "content/articles/maintenance-agreement-renewals.md:2:8: articles.maintenance-agreement-renewals.title: "
            f'{WORDS} "Halloway"'
        ],
    ),
    "a surname in an FAQ answer that links to the story": (
        {
            "faqs.yaml": (
                "      but below about six technicians a shared calendar is often enough.",
                "      but below about six technicians a shared calendar is often enough; ask Trent's\n"
                "      [renewal story](page:case-studies/southeast-agreements).",
            )
        },
        [f'content/faqs.yaml:25:78: faqs.faqs.who-is-it-for.answer: {WORDS} "Trent"'],
    ),
    "a first name on a page of the site that links to the story": (
        {
            "pages/about.md": (
                "## Who we build for",
                "## Who we build for\n\nAsk Marcus how [renewals rose](page:case-studies/southeast-agreements).",
            )
        },
        [f'content/pages/about.md:26:5: pages.about.body: {WORDS} "Marcus"'],
    ),
}


@pytest.mark.parametrize("edits,expected", MORE.values(), ids=list(MORE))
def test_no_part_of_a_name_anywhere_that_tells_the_story(
    edits: Edits, expected: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    content = copy_content(DEFAULT_CONTENT, tmp_path / "content", edits)
    with pytest.raises(ContentError) as caught:
        load_content(content)
    assert [str(p) for p in caught.value.problems] == expected


def test_words_that_merely_contain_a_name_are_no_leak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    # "Trenton" holds "Trent", "Marcuses" holds "Marcus": whole words only.
    content = copy_content(
        DEFAULT_CONTENT, tmp_path / "content", {STORY: ("region: Southeastern United States", "region: Near Trenton")}
    )
    load_content(content)
