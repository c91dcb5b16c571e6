"""Proposals: every section in order, prices and outcomes equal to the evaluator's, the
matching rule, nothing internal, a marketer's own template, and LibreOffice reads them."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from docx import Document
from support import DEFAULT_CONTENT, FIXTURES, copy_content, soffice_convert

from generator.content.load import load_content
from generator.context import Context, build_context
from generator.errors import BuildError
from generator.outputs.collateral.accounts import plan_account_kits
from generator.outputs.collateral.proposal import ProposalFor, build_proposal, plan_proposals, proposal_data
from generator.resources import COLLATERAL_TEMPLATES, package_dir

SECTIONS = [
    "Executive summary",
    "Proposed solution",
    "Crewboard Dispatch",
    "Crewboard Launch",
    "Expected outcomes",
    "Customers like you",
    "Seven hours of scheduling a day, down to under three",
    "Agreement renewals up from 58 % to 74 % in two seasons",
    "Investment",
    "Timeline and next steps",
    "Terms",
    "Acceptance",
]


@pytest.fixture(scope="module")
def context() -> Context:
    return build_context(load_content(DEFAULT_CONTENT))


def _request(context: Context, account_id: str) -> ProposalFor:
    account = next(a for a in context.content.accounts if a.id == account_id)
    offers = {o.id: o for o in context.content.offers}
    return ProposalFor([(offers[i.offer], i.quantity) for i in account.offers], account)


def _text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_account_proposal_has_every_section_in_order(context: Context) -> None:
    doc = Document(io.BytesIO(build_proposal(context, _request(context, "bayline-mechanical"))))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == SECTIONS
    assert doc.paragraphs[0]._p.xpath(".//pic:pic")  # the company logo on the cover
    title = next(p.text for p in doc.paragraphs if p.style.name == "Title")
    assert title == "Proposal for Bayline Mechanical"
    cover = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert cover == [
        ["Prepared for", "Marcus Bell, Owner"],
        ["Prepared by", "Dana Whitfield, Account Executive · dana.whitfield@crewboard.example"],
        ["Date", "October 13, 2026"],
        ["Proposal number", "CB-20261013-BAYLINE-MECHANICAL"],
        ["Valid until", "November 12, 2026"],
    ]


def test_prices_and_outcomes_are_the_evaluators(context: Context) -> None:
    request = _request(context, "bayline-mechanical")
    data = proposal_data(context, request)
    account = request.account
    assert account is not None
    values = context.plans["dispatch"].evaluate(account.roi_inputs["dispatch"])
    # 34 technicians at $69 a month with 10 % off, for a year, plus Launch at $3,900 with 10 % off.
    assert round(34 * 69 * 0.9 * 12 + 3900 * 0.9) == 28847
    assert data["total"] == "$28,847"
    assert [line["total"] for line in data["lines"]] == ["$2,111 / month", "$3,510"]
    by_label = {row["label"]: row["value"] for row in data["outcomes"]}
    assert by_label["Net benefit after Crewboard's cost"] == f"${values['net_benefit']:,.0f}"
    assert by_label["Payback period"] == f"{values['payback_months']:.1f} months"
    doc = Document(io.BytesIO(build_proposal(context, request)))
    rows = [[c.text for c in row.cells] for row in doc.tables[2].rows]
    assert rows[-1] == ["First-year total", "", "", "", "$28,847"]
    assert rows[1] == ["Crewboard Dispatch (per technician)", "$69 / month", "34", "10%", "$2,111 / month"]


def test_case_studies_are_matched_by_the_documented_rule(context: Context) -> None:
    bayline = proposal_data(context, _request(context, "bayline-mechanical"))["proof"]
    # Kessler used Dispatch (3), is residential HVAC (2), 24 technicians vs 34 (1), and Dispatch is for the owner (1).
    assert [p["title"] for p in bayline] == [
        "Seven hours of scheduling a day, down to under three",
        "Agreement renewals up from 58 % to 74 % in two seasons",
    ]
    # An electrical contractor shares no industry word with the HVAC stories: offer and size decide.
    northgate = proposal_data(context, _request(context, "northgate-electric"))["proof"]
    assert northgate and all("Summit Ridge" not in p["who"] for p in northgate)  # internal story, never shown


def test_nothing_internal_reaches_a_proposal(context: Context) -> None:
    text = "\n".join(
        _text(make())
        for asset, make in plan_account_kits(context, DEFAULT_CONTENT.parent / "enablement")
        if asset.path.endswith(".docx")
    )
    bayline = next(a for a in context.content.accounts if a.id == "bayline-mechanical")
    assert bayline.notes and bayline.notes[:40] not in text
    assert "SlotSimple" not in text  # the competitor in play is for the rep, not the buyer
    assert "floor" not in text.lower() and "$58" not in text
    for offer in context.content.offers:
        assert offer.talk_track is None or offer.talk_track[:30] not in text
    northgate = next(a for a in context.content.accounts if a.id == "northgate-electric")
    bayline_doc = _text(build_proposal(context, _request(context, "bayline-mechanical")))
    assert northgate.name not in bayline_doc and "Priya" not in bayline_doc


def test_generic_proposal_has_placeholders_for_the_buyer(context: Context) -> None:
    offer = next(o for o in context.content.offers if o.id == "dispatch")
    text = _text(build_proposal(context, ProposalFor([(offer, 1.0)])))
    assert "Proposal for [Customer name]" in text and "[Your name]" in text
    assert "the calculator's example inputs" in text


def test_a_marketers_template_is_honoured_and_a_broken_tag_is_named(context: Context, tmp_path: Path) -> None:
    shipped = package_dir(*COLLATERAL_TEMPLATES) / "proposal.docx"
    mine = Document(str(shipped))
    mine.paragraphs[-1].add_run(" Signed copies to contracts@example.com, {{ rep.name }}.")
    mine.save(str(tmp_path / "proposal.docx"))
    text = _text(build_proposal(context, _request(context, "bayline-mechanical"), tmp_path / "proposal.docx"))
    assert "Signed copies to contracts@example.com, Dana Whitfield." in text

    mine.paragraphs[-1].add_run(" {{ account.name | }}")
    mine.save(str(tmp_path / "broken.docx"))
    with pytest.raises(BuildError) as caught:
        build_proposal(context, _request(context, "bayline-mechanical"), tmp_path / "broken.docx")
    assert str(caught.value).startswith(
        f'the proposal template {tmp_path / "broken.docx"} has a broken tag at "{{{{ account.name | }}}}": '
    )


def test_proposals_are_reproducible_and_hostile_text_stays_text(tmp_path: Path) -> None:
    content = copy_content(
        DEFAULT_CONTENT,
        tmp_path / "content",
        {
            "accounts/bayline-mechanical.yaml": ("name: Bayline Mechanical", 'name: "Bayline <w:p> & {{ 7*7 }}"'),
        },
    )
    context = build_context(load_content(content))
    request = _request(context, "bayline-mechanical")
    first, second = build_proposal(context, request), build_proposal(context, request)
    assert first == second
    assert "Proposal for Bayline <w:p> & {{ 7*7 }}" in _text(first)


def test_libreoffice_converts_every_proposal(context: Context, tmp_path: Path) -> None:
    files = []
    jobs = plan_proposals(context, DEFAULT_CONTENT.parent / "enablement")
    jobs += [job for job in plan_account_kits(context, DEFAULT_CONTENT.parent / "enablement") if job[0].path.endswith(".docx")]
    assert len(jobs) == 5
    for asset, make in jobs:
        path = tmp_path / asset.path.replace("/", "-")
        path.write_bytes(make())
        files.append(path)
    soffice_convert(files, "pdf", tmp_path / "pdf", tmp_path / "profile")
    pdfs = sorted(p.name for p in (tmp_path / "pdf").glob("*.pdf"))
    assert pdfs == sorted(p.with_suffix(".pdf").name for p in files)


def test_a_consumer_business_gets_proposals_without_roi(tmp_path: Path) -> None:
    fixture = tmp_path / "b2c"
    shutil.copytree(FIXTURES / "b2c_minimal", fixture)
    context = build_context(load_content(fixture))
    jobs = plan_proposals(context, tmp_path)
    assert [asset.path for asset, _ in jobs] == ["proposals/beginner-course-proposal.docx", "proposals/membership-proposal.docx"]
    text = _text(jobs[0][1]())
    assert "We will estimate the outcomes with you" in text
