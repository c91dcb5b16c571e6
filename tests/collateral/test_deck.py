"""Pitch decks: outline order, speaker notes, what stays off slide faces, and real rendering."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu
from support import DEFAULT_CONTENT, FIXTURES, ROOT, require_program, soffice_convert

from generator.content.load import load_content
from generator.context import build_context
from generator.context.formatting import Formatter
from generator.context.view import public_content
from generator.errors import ContentError
from generator.outputs.collateral import build_collateral
from generator.outputs.collateral.deck import build_deck, fit_size, split_to_fit, text_height
from generator.outputs.collateral.deck.measure import line_count, match_font
from generator.outputs.collateral.outline import DeckOutline, load_outlines

MOMENT = dt.datetime(2026, 10, 13, tzinfo=dt.UTC)


def _titles(data: bytes) -> list[str]:
    prs = Presentation(io.BytesIO(data))
    titles = []
    for slide in prs.slides:
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip()]
        titles.append(texts[0] if texts else "")
    return titles


def _face_text(data: bytes) -> str:
    prs = Presentation(io.BytesIO(data))
    parts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def test_company_deck_follows_the_outline_with_notes_on_every_slide() -> None:
    loaded = load_content(DEFAULT_CONTENT)
    c = loaded.content
    outline = load_outlines(None).decks[0]
    data = build_deck(public_content(c), c, loaded.folder, outline, None, MOMENT)
    titles = _titles(data)
    public_studies = [s.title for s in c.case_studies if s.publication != "internal"]
    assert titles[:4] == [
        "SCHEDULING AND DISPATCH SOFTWARE FOR RESIDENTIAL SERVICE CONTRACTORS",
        "The problem",
        "Who it's for",
        "Why Crewboard",
    ]
    assert titles[4:7] == [p.headline for p in c.positioning.value_pillars]
    assert titles[7 : 7 + len(public_studies)] == public_studies
    rest = titles[7 + len(public_studies) :]
    assert rest == [
        "Ways to work with us",
        "Crewboard compared",
        "Crewboard compared (continued)",
        "Next steps",
        "Appendix: questions we hear",
        "Appendix: questions we hear (continued)",
        "Appendix: questions we hear (continued)",
    ]
    # The offers side by side on one slide, each with its price as the website shows it.
    prs = Presentation(io.BytesIO(data))
    overview = prs.slides[titles.index("Ways to work with us")]
    face = "\n".join(shape.text_frame.text for shape in overview.shapes if shape.has_text_frame)
    fmt = Formatter(c.company)
    for offer in c.offers:
        assert offer.name in face and fmt.price(offer.price) in face
    prs = Presentation(io.BytesIO(data))
    for i, slide in enumerate(prs.slides):
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip(), f"slide {i + 1} has no notes"


def test_internal_material_stays_in_the_notes() -> None:
    loaded = load_content(DEFAULT_CONTENT)
    c = loaded.content
    outline = load_outlines(None).decks[1]
    for offer in c.offers:
        data = build_deck(public_content(c), c, loaded.folder, outline, offer, MOMENT)
        face = _face_text(data)
        notes = "\n".join(s.notes_slide.notes_text_frame.text for s in Presentation(io.BytesIO(data)).slides)
        secrets = [offer.talk_track, c.positioning.talk_track]
        secrets += [f.talk_track for f in c.faqs.faqs if f.talk_track] if c.faqs else []
        secrets += [s.customer for s in c.case_studies if s.publication in ("internal", "anonymized")]
        secrets += [s.quote.name for s in c.case_studies if s.publication == "anonymized" and s.quote]
        secrets += [line for r in c.competitors if r.battlecard for line in r.battlecard.landmines]
        assert [s for s in secrets if s and s in face] == []
        if offer.talk_track:
            assert offer.talk_track in notes
        if offer.pricing:
            floor = Formatter(c.company).money(offer.pricing.floor)
            assert [r for r in [*offer.pricing.discount_rules, offer.pricing.approval] if r and r in face] == []
            assert "Pricing floor" not in face and f"Pricing floor: {floor}" in notes


def test_offer_deck_shows_the_sites_price_and_roi_numbers() -> None:
    loaded = load_content(DEFAULT_CONTENT)
    c = loaded.content
    outline = load_outlines(None).decks[1]
    face = _face_text(build_deck(public_content(c), c, loaded.folder, outline, c.offer("dispatch"), MOMENT))
    assert "$69 per month per technician" in face
    for label in ("$70,800", "$54,240", "328%", "2.8 months"):
        assert label in face


def test_reordered_and_trimmed_outline(tmp_path: Path) -> None:
    (tmp_path / "decks.yaml").write_text(
        "decks:\n  - id: short\n    title: Short\n    for_each: company\n    slides: [next_steps, title, problem]\n"
    )
    loaded = load_content(DEFAULT_CONTENT)
    (outline,) = load_outlines(tmp_path / "decks.yaml").decks
    titles = _titles(build_deck(public_content(loaded.content), loaded.content, loaded.folder, outline, None, MOMENT))
    assert titles == ["Next steps", "SCHEDULING AND DISPATCH SOFTWARE FOR RESIDENTIAL SERVICE CONTRACTORS", "The problem"]


def test_bad_outline_reports_exact_lines(tmp_path: Path) -> None:
    path = tmp_path / "decks.yaml"
    path.write_text("decks:\n  - id: x\n    title: X\n    for_each: company\n    slides: [title, pilars]\n")
    with pytest.raises(ContentError) as info:
        load_outlines(path)
    assert [p.line for p in info.value.problems] == [5]
    assert 'got "pilars"' in info.value.problems[0].message


def test_branded_template_layouts_are_used(tmp_path: Path) -> None:
    Presentation().save(tmp_path / "template.pptx")  # stands in for a brand's master
    loaded = load_content(DEFAULT_CONTENT)
    outline = load_outlines(None).decks[0]
    prs = Presentation(
        io.BytesIO(
            build_deck(
                public_content(loaded.content), loaded.content, loaded.folder, outline, None, MOMENT, tmp_path / "template.pptx"
            )
        )
    )
    layouts = [s.slide_layout.name for s in prs.slides]
    assert layouts[0] == "Title Slide" and set(layouts[1:]) == {"Title Only"}
    assert prs.slides[1].shapes.title.text == "The problem"


def test_text_measuring_shrinks_then_splits() -> None:
    assert text_height(["word " * 10], 5, 18) < text_height(["word " * 40], 5, 18)
    assert fit_size(["short"], 5, 1, 30, 10) == 30
    assert fit_size(["word " * 400], 5, 1, 30, 10) is None
    chunks = split_to_fit([f"item {i} " * 10 for i in range(30)], 6, 4, 16)
    assert len(chunks) > 1 and sum(len(c) for c in chunks) == 30
    assert all(text_height(c, 6, 16) <= 4 for c in chunks)


def test_measurement_uses_the_installed_font_and_never_breaks_a_word() -> None:
    """An email address wider than a narrow box fails the size instead of breaking mid-word."""
    require_font = os.environ.get("HANDOFF_REQUIRE_TOOLS") == "1"
    lato = match_font("Lato", bold=True)
    if not lato.installed:
        if require_font:
            pytest.fail("fonts-lato is not installed")
        pytest.skip("fonts-lato is not installed")
    email = "service@northgate-electric.example"
    size = fit_size([email], 3.0, 2.0, 28, 10, "Lato")
    assert size is not None and 10 < size < 28
    assert line_count(email, 3.0, size, "Lato") == 1
    assert line_count(email, 3.0, 28, "Lato") is None  # too wide at 28 pt: not broken, refused


def test_a_comparison_with_many_competitors_still_builds_on_its_slides() -> None:
    """Narrow columns: a word wider than its column is broken by the viewer, not a crash."""
    loaded = load_content(DEFAULT_CONTENT)
    c = loaded.content
    rival = c.competitors[0]
    many = [rival.model_copy(update={"id": f"rival-{i}", "name": f"Extraordinarilyunbreakable{i} Platform"}) for i in range(8)]
    c = c.model_copy(update={"competitors": many})
    one = DeckOutline(id="comparison", title="Comparison", for_each="company", slides=["comparison"], one_page=True)
    prs = Presentation(io.BytesIO(build_deck(public_content(c), None, loaded.folder, one, None, MOMENT)))
    table = next(shape for shape in prs.slides[0].shapes if shape.has_table)
    assert len(table.table.columns) == 1 + 1 + len(many) + 1
    assert table.top + table.height <= Emu(914400 * 7.5)


def test_decks_are_reproducible() -> None:
    loaded = load_content(DEFAULT_CONTENT)
    outline = load_outlines(None).decks[1]
    offer = loaded.content.offer("dispatch")
    first = build_deck(public_content(loaded.content), loaded.content, loaded.folder, outline, offer, MOMENT)
    assert build_deck(public_content(loaded.content), loaded.content, loaded.folder, outline, offer, MOMENT) == first


def test_b2c_content_builds_collateral_without_roi_or_competitors(tmp_path: Path) -> None:
    assets = build_collateral(build_context(load_content(FIXTURES / "b2c_minimal")), tmp_path / "e", ROOT / "enablement")
    paths = [a.path for a in assets]
    assert not any(p.startswith(("calculators/", "comparison/")) for p in paths)
    assert "decks/company.pptx" in paths
    for path in paths:
        assert (tmp_path / "e" / path).stat().st_size > 10_000


@pytest.fixture(scope="module")
def deck_pdfs(enablement: tuple[Path, list], tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Path]]:
    """Every deck of the enablement output with its PDF rendered by LibreOffice."""
    target, assets = enablement
    decks = [target / a.path for a in assets if a.path.endswith(".pptx")]
    out = tmp_path_factory.mktemp("pdf")
    # Unique names: every account kit has its own deck.pptx.
    inbox = out / "in"
    inbox.mkdir()
    copies = []
    for deck in decks:
        copy = inbox / deck.relative_to(target).as_posix().replace("/", "-")
        shutil.copyfile(deck, copy)
        copies.append(copy)
    soffice_convert(copies, "pdf", out / "pdf", out / "profile")
    return [(deck, out / "pdf" / (copy.stem + ".pdf")) for deck, copy in zip(decks, copies, strict=True)]


def test_every_deck_converts_to_pdf_with_its_slide_count(
    enablement: tuple[Path, list], deck_pdfs: list[tuple[Path, Path]]
) -> None:
    target, _ = enablement
    assert len(deck_pdfs) >= 7
    # The stand-alone comparison is one printable page.
    assert len(Presentation(str(target / "comparison/comparison.pptx")).slides) == 1
    pdfinfo = require_program("pdfinfo")
    for deck, pdf in deck_pdfs:
        info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
        assert pages == len(Presentation(str(deck)).slides), deck.name


def test_no_slide_text_runs_into_the_footer_or_off_the_slide(deck_pdfs: list[tuple[Path, Path]]) -> None:
    """Read every word's position from the rendered PDFs: body text must end above the footer."""
    pdftotext = require_program("pdftotext")
    footer_words = {"Crewboard"}
    for _, pdf in deck_pdfs:
        xml = subprocess.run([pdftotext, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        for number, page in enumerate(re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S), 1):
            width, height, body = float(page[0]), float(page[1]), page[2]
            footer_top = height * 6.95 / 7.5
            for x_min, y_min, x_max, y_max, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', body
            ):
                assert float(x_min) >= -0.5 and float(x_max) <= width + 0.5 and float(y_max) <= height + 0.5, (
                    pdf.name,
                    number,
                    word,
                )
                if float(y_min) >= footer_top:
                    assert word in footer_words or word.isdigit(), (pdf.name, number, word)
                else:
                    assert float(y_max) <= height * 6.9 / 7.5, (pdf.name, number, word)


def test_collateral_writes_each_asset_with_its_thumbnail_and_pdf(enablement: tuple[Path, list]) -> None:
    target, assets = enablement
    files = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    thumbnails = [a.thumbnail for a in assets if a.thumbnail]
    pdfs = [a.pdf for a in assets if a.pdf]
    assert sorted([a.path for a in assets] + thumbnails + pdfs) == files
    for thumbnail in thumbnails:
        assert (target / thumbnail).read_bytes().startswith(b"\x89PNG")
    if shutil.which("soffice") or os.environ.get("HANDOFF_REQUIRE_TOOLS") == "1":
        # Rendered by LibreOffice: every office file has a thumbnail of its own first page, and
        # whatever a rep sends has a PDF; presenter versions and workbooks have none.
        assert all(a.thumbnail for a in assets)
        assert len(set(thumbnails)) == len(thumbnails)
        for asset in assets:
            if asset.audience.startswith("Prospect") and asset.path.endswith((".pptx", ".docx")):
                assert asset.pdf and (target / asset.pdf).read_bytes().startswith(b"%PDF")
            if "presenter" in asset.path or asset.path.endswith(".xlsx"):
                assert asset.pdf is None


def test_the_outline_accepts_exactly_the_registered_slide_kinds(tmp_path: Path) -> None:
    from generator.outputs.collateral.deck import SLIDE_KINDS

    path = tmp_path / "decks.yaml"
    path.write_text("decks:\n  - id: x\n    title: X\n    for_each: company\n    slides: [title, pilars]\n")
    with pytest.raises(ContentError) as info:
        load_outlines(path)
    kinds = ", ".join(f'"{k}"' for k in SLIDE_KINDS)
    assert info.value.problems[0].message == f'expected one of {kinds}, got "pilars"'
    assert "battlecard" in SLIDE_KINDS and "title" in SLIDE_KINDS


def test_a_battlecard_outline_builds_one_internal_deck_per_competitor(tmp_path: Path) -> None:
    from generator.context import build_context
    from generator.outputs.collateral import plan_collateral

    (tmp_path / "decks.yaml").write_text(
        "decks:\n  - id: rival\n    title: Head to head\n    for_each: competitor\n    slides: [battlecard]\n"
    )
    context = build_context(load_content(DEFAULT_CONTENT))
    decks = [(a, make) for a, make in plan_collateral(context, tmp_path) if a.path.startswith("decks/")]
    assert [a.path for a, _ in decks] == ["decks/rival-slotsimple.pptx", "decks/rival-tradewell.pptx"]
    assert all(a.audience.startswith("Internal") for a, _ in decks)
    titles = _titles(decks[0][1]())
    assert titles == ["Crewboard vs SlotSimple"]
