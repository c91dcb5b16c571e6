"""Per-account kits: the workbook pre-filled with the account's numbers, the proposal, and
the same ROI figures everywhere; nothing of one account in another's kit or on the site."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from support import DEFAULT_CONTENT, soffice_convert

from generator.content.load import load_content
from generator.context import Context, build_context
from generator.errors import BuildError
from generator.outputs.collateral.accounts import plan_account_kits


@pytest.fixture(scope="module")
def context() -> Context:
    return build_context(load_content(DEFAULT_CONTENT))


def _outputs(data: bytes) -> dict[str, object]:
    wb = load_workbook(io.BytesIO(data), data_only=True)
    values = {}
    for name, dn in wb.defined_names.items():
        if name.startswith("roi_"):
            sheet, ref = dn.attr_text.replace("$", "").split("!")
            values[name.removeprefix("roi_")] = wb[sheet.strip("'")][ref].value
    return values


def test_kits_hold_a_proposal_and_prefilled_workbooks(context: Context) -> None:
    paths = [asset.path for asset, _ in plan_account_kits(context, Path("enablement"))]
    assert paths == [
        "accounts/bayline-mechanical/deck.pptx",
        "accounts/bayline-mechanical/deck-presenter.pptx",
        "accounts/bayline-mechanical/proposal.docx",
        "accounts/bayline-mechanical/dispatch-roi.xlsx",
        "accounts/northgate-electric/deck.pptx",
        "accounts/northgate-electric/deck-presenter.pptx",
        "accounts/northgate-electric/proposal.docx",
        "accounts/northgate-electric/dispatch-roi.xlsx",
    ]


def test_the_account_deck_leads_with_their_pains_and_their_numbers(context: Context) -> None:
    """Prepared for them: their pains first, each proposed offer's worth in their numbers (the
    workbook's numbers), the proposal's matched proof; the battlecard only in the presenter version."""
    import io

    from pptx import Presentation

    from generator.context.formatting import Formatter
    from generator.outputs.collateral.proposal import ProposalFor, matched_studies

    account = context.content.accounts[0]
    jobs = dict(
        (asset.path.rsplit("/", 1)[1], make) for asset, make in plan_account_kits(context, Path("enablement"), only=account.id)
    )
    send, presenter = (Presentation(io.BytesIO(jobs[name]())) for name in ("deck.pptx", "deck-presenter.pptx"))

    def titles(prs: Any) -> list[str]:
        return [next(s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text) for slide in prs.slides]

    def face(slide: Any) -> str:
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        texts += [c.text for s in slide.shapes if s.has_table for row in s.table.rows for c in row.cells]
        return "\n".join(texts)

    sent = titles(send)
    assert sent[0] == f"PREPARED FOR {account.name.upper()}"
    assert sent[1] == f"What we heard from {account.name}"
    assert all(pain.split()[0] in face(send.slides[1]) for pain in account.pains)
    fmt = Formatter(context.content.company)
    worth = send.slides[sent.index(f"What Crewboard Dispatch is worth to {account.name}")]
    values = context.plans["dispatch"].evaluate(account.roi_inputs["dispatch"])
    assert fmt.value(values["annual_benefit"], "currency") in face(worth)
    assert "34 technicians" in face(worth)
    offers = {o.id: o for o in context.content.offers}
    request = ProposalFor([(offers[i.offer], i.quantity) for i in account.offers], account)
    studies = {s.id: s.title for s in context.content.case_studies}
    shown = [studies[i] for i in matched_studies(context, request)]
    assert shown and [t for t in sent if t in studies.values()] == shown
    assert not any("vs" in t for t in sent)
    rival = next(r for r in context.content.competitors if r.id == account.competitor)
    assert titles(presenter)[-1] == f"Crewboard vs {rival.name}"
    assert account.notes and account.notes in presenter.slides[0].notes_slide.notes_text_frame.text
    assert account.notes not in "\n".join(s.notes_slide.notes_text_frame.text for s in send.slides)


def test_the_workbook_carries_the_accounts_numbers_and_results(context: Context, tmp_path: Path) -> None:
    jobs = plan_account_kits(context, Path("enablement"), only="bayline-mechanical")
    data = next(make for asset, make in jobs if asset.path.endswith(".xlsx"))()
    account = context.content.accounts[0]
    expected = context.plans["dispatch"].evaluate(account.roi_inputs["dispatch"])
    cached = _outputs(data)
    for name, value in account.roi_inputs["dispatch"].items():
        assert cached[name] == value
    assert cached["net_benefit"] == pytest.approx(expected["net_benefit"])
    assert load_workbook(io.BytesIO(data)).properties.title == "Crewboard Dispatch ROI calculator for Bayline Mechanical"
    # LibreOffice, recalculating from the inputs, gets the same result the file caches.
    path = tmp_path / "bayline.xlsx"
    path.write_bytes(data)
    soffice_convert([path], "xlsx", tmp_path / "recalculated", tmp_path / "profile")
    recalculated = _outputs((tmp_path / "recalculated/bayline.xlsx").read_bytes())
    assert recalculated["net_benefit"] == pytest.approx(expected["net_benefit"])


def test_an_unknown_account_names_the_valid_ones(context: Context) -> None:
    with pytest.raises(BuildError, match='no account "acme" in accounts/; valid ids: bayline-mechanical, northgate-electric'):
        plan_account_kits(context, Path("enablement"), only="acme")


def test_build_account_rebuilds_one_kit_equal_to_the_full_builds(tmp_path: Path) -> None:
    import shutil

    from generator.pipeline import build, build_account

    shutil.copytree(DEFAULT_CONTENT, tmp_path / "content")
    out = tmp_path / "build"
    build(tmp_path / "content", out)
    kit = out / "enablement/accounts/bayline-mechanical"
    full = {p.relative_to(kit).as_posix(): p.read_bytes() for p in kit.rglob("*") if p.is_file()}
    site = (out / "site/index.html").read_bytes()
    account = tmp_path / "content/accounts/bayline-mechanical.yaml"
    account.write_text(account.read_text().replace("technicians: 34\n", "technicians: 36\n"))
    result = build_account(tmp_path / "content", "bayline-mechanical", out)
    assert [o.folder for o in result.outputs] == ["enablement/accounts/bayline-mechanical/"]
    assert sorted(p.relative_to(kit).as_posix() for p in kit.rglob("*") if p.is_file()) == sorted(full)
    assert (kit / "dispatch-roi.xlsx").read_bytes() != full["dispatch-roi.xlsx"]
    assert _outputs((kit / "dispatch-roi.xlsx").read_bytes())["technicians"] == 36
    assert (out / "site/index.html").read_bytes() == site
    account.write_text(account.read_text().replace("technicians: 36\n", "technicians: 34\n"))
    build_account(tmp_path / "content", "bayline-mechanical", out)
    assert {p.relative_to(kit).as_posix(): p.read_bytes() for p in kit.rglob("*") if p.is_file()} == full
    assert not [p for p in kit.parent.iterdir() if p.name.startswith(".")]
