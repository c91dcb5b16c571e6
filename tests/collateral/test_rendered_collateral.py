"""Collateral as a prospect receives it: rendered by LibreOffice and measured from the PDFs.

Two businesses: the default B2B example, and a consumer fixture with a pale brand (a yellow
that white text cannot sit on, fonts that are not installed). Measured on the PDFs: words
per slide face, one size per role in a row of cards, the contrast of every word against
what is painted behind it, how much of each slide is used, text inside the slide, one page
for the one-pagers; and canaries planted in every internal field, none of which may appear
in any file a rep sends, PDFs included.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from canaries import Canaries, package_text, plant
from pdfmeasure import FOOTER, pdf_text, read_pages
from pptx import Presentation
from support import DEFAULT_CONTENT, FIXTURES, ROOT, require_program

from generator.colour import contrast
from generator.content.load import Loaded, load_content
from generator.context import build_context
from generator.outputs.collateral import PRESENTER, PROSPECT, PUBLIC, Asset, build_collateral

#: About 60 words a face, as good B2B decks keep to; a data table (the comparison, the ROI
#: example's assumptions) is read rather than listened to, and may hold more.
WORDS, TABLE_WORDS = 65, 100
#: A slide below this share of its body area in use is near-empty.
MIN_COVERED = 0.2
#: Nothing on a slide face is smaller than this.
MIN_SIZE = 10


def pale_business(folder: Path) -> Path:
    """The consumer fixture with a pale yellow brand and fonts this machine does not have."""
    shutil.copytree(FIXTURES / "b2c_minimal", folder)
    company = folder / "company.yaml"
    text = company.read_text()
    for old, new in (('"#7A3E22"', '"#F2C94C"'), ('"#F5EDE4"', '"#FFF7E0"'), ('"#2F6F73"', '"#FFE08A"')):
        assert old in text
        text = text.replace(old, new)
    company.write_text(text)
    return folder


def _content_folder(name: str, tmp: Path) -> Path:
    return DEFAULT_CONTENT if name == "crewboard" else pale_business(tmp / "pale")


Built = tuple[Path, list[Asset]]


@pytest.fixture(scope="module", params=["crewboard", "pale-consumer"])
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    require_program("soffice", "libreoffice")
    require_program("pdftoppm")
    tmp = tmp_path_factory.mktemp(request.param)
    target = tmp / "enablement"
    assets = build_collateral(build_context(load_content(_content_folder(request.param, tmp))), target, ROOT / "enablement")
    return target, assets


def _send_decks(built: Built) -> list[tuple[Path, Path]]:
    """Every prospect-facing deck with its PDF."""
    target, assets = built
    decks = [(target / a.path, target / a.pdf) for a in assets if a.audience == PROSPECT and a.path.endswith(".pptx") and a.pdf]
    assert decks
    return decks


def _table_slides(pptx: Path) -> set[int]:
    prs = Presentation(str(pptx))
    return {i for i, slide in enumerate(prs.slides, 1) if any(shape.has_table for shape in slide.shapes)}


def test_every_send_deck_has_its_pdf_with_one_page_a_slide(rendered: Built) -> None:
    for pptx, pdf in _send_decks(rendered):
        assert len(read_pages(pdf)) == len(Presentation(str(pptx)).slides), pdf.name


def test_words_per_face_stay_within_the_budget(rendered: Built) -> None:
    over = []
    for pptx, pdf in _send_decks(rendered):
        tables = _table_slides(pptx)
        for page in read_pages(pdf):
            budget = TABLE_WORDS if page.number in tables else WORDS
            if len(page.face()) > budget:
                over.append((pdf.name, page.number, len(page.face()), budget))
    assert over == []


def test_nothing_is_smaller_than_ten_points_and_cards_in_a_row_share_their_sizes(rendered: Built) -> None:
    checked = 0
    for _, pdf in _send_decks(rendered):
        for page in read_pages(pdf):
            assert min(w.size for w in page.face()) >= MIN_SIZE, (pdf.name, page.number)
            # Cards: filled boxes of the same size side by side (same top and height).
            rows: dict[tuple[int, int, int], list[tuple[float, float, float, float]]] = defaultdict(list)
            for x0, top, x1, bottom, _ in page.boxes:
                if x1 - x0 > 100 and bottom - top > 60:
                    rows[(round(top), round(bottom - top), round(x1 - x0))].append((x0, top, x1, bottom))
            for cards in rows.values():
                if len(cards) < 2:
                    continue
                inside = [
                    [w for w in page.face() if x0 <= w.x0 and w.x1 <= x1 and top <= w.top and w.bottom <= b]
                    for x0, top, x1, b in cards
                ]
                if not all(inside):
                    continue
                headings = {max(w.size for w in words) for words in inside}
                bodies = {min(w.size for w in words) for words in inside}
                assert len(headings) == 1 and len(bodies) == 1, (pdf.name, page.number, headings, bodies)
                checked += 1
    assert checked >= 2  # the persona and offer cards at least


def test_every_word_reads_at_4_5_to_1_against_what_is_behind_it(rendered: Built) -> None:
    target, assets = rendered
    pdfs = [target / a.pdf for a in assets if a.pdf]
    poor = []
    for pdf in pdfs:
        for page in read_pages(pdf, dpi=96):
            for word in page.words:
                if not any(ch.isalnum() for ch in word.text):
                    continue
                behind = page.background(word)
                ratio = contrast(word.colour, behind)
                if ratio < 4.5:
                    poor.append((pdf.name, page.number, word.text, word.colour, behind, round(ratio, 2)))
    assert poor == []


def test_no_slide_is_near_empty_and_no_text_leaves_its_slide(rendered: Built) -> None:
    sparse, outside = [], []
    for _, pdf in _send_decks(rendered):
        for page in read_pages(pdf):
            if page.number > 1 and page.covered() < MIN_COVERED:
                sparse.append((pdf.name, page.number, round(page.covered(), 2)))
            for w in page.words:
                off = w.x0 < -0.5 or w.x1 > page.width + 0.5 or w.bottom > page.height + 0.5
                # Only the footer's company name and page number sit below the body.
                strays = w.top < page.height * FOOTER < w.bottom
                if off or strays:
                    outside.append((pdf.name, page.number, w.text))
    assert sparse == []
    assert outside == []


def test_one_pagers_print_on_one_page(rendered: Built) -> None:
    target, assets = rendered
    one_pagers = [a for a in assets if a.pdf and a.path.startswith("comparison/")]
    for asset in one_pagers:
        assert len(read_pages(target / asset.pdf)) == 1, asset.path


def test_a_pale_brand_is_named_in_a_warning_and_missing_fonts_in_a_note(tmp_path: Path) -> None:
    folder = pale_business(tmp_path / "pale")
    loaded = load_content(folder)
    warnings = [p.message for p in loaded.warnings]
    served = "so visitors see the system font instead; fonts the site serves itself: Lato, Open Sans"
    assert warnings == [
        "the primary colour #F2C94C on white is 1.59:1, below the 4.5:1 text needs; slide titles and headings use #1b1f23 instead",
        f'the site has no font files for "Fraunces", {served}',
        f'the site has no font files for "Inter", {served}',
    ]
    notes: list[str] = []
    build_collateral(build_context(loaded), tmp_path / "out", ROOT / "enablement", render=False, notes=notes)
    require_program("fc-match")
    assert any('brand font "Inter" is not installed' in n for n in notes), notes


# --- Canaries ------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["crewboard", "pale-consumer"])
def canary_build(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Built, list[str], dict[str, set[str]]]:
    require_program("soffice", "libreoffice")
    tmp = tmp_path_factory.mktemp(f"canary-{request.param}")
    loaded = load_content(_content_folder(request.param, tmp))
    canaries = Canaries()
    content = plant(loaded.content, canaries)
    # An account file's ids and references stay real (they must resolve); its free text gets
    # canaries of its own, which that account's kit may show and no other file may.
    # The notes are for the rep alone: not even that account's own send files may show them.
    own: dict[str, set[str]] = {}
    accounts = []
    for account in loaded.content.accounts:
        before = len(canaries.issued)
        accounts.append(
            account.model_copy(
                update={
                    "name": canaries.text(),
                    "industry": canaries.text(),
                    "region": canaries.text(),
                    "owner": account.owner.model_copy(update={"name": canaries.text()}),
                    "contacts": [
                        c.model_copy(update={"name": canaries.text(), "role": canaries.text()}) for c in account.contacts
                    ],
                }
            )
        )
        own[account.id] = set(canaries.issued[before:])
        accounts[-1] = accounts[-1].model_copy(update={"notes": canaries.text()})
    content = content.model_copy(update={"accounts": accounts})
    target = tmp / "enablement"
    assets = build_collateral(build_context(Loaded(content, [], loaded.positions, loaded.folder)), target, ROOT / "enablement")
    return (target, assets), canaries.issued, own


def _every_part(path: Path) -> str:
    """All the text of a sent file: its package's parts, or a PDF's text."""
    return pdf_text(path) if path.suffix == ".pdf" else package_text(path)


def _forms(canary: str) -> list[str]:
    if canary.startswith("CANARY"):
        return [canary]
    number = float(canary)
    return [canary, f"{number:,.0f}", f"{number:,.2f}", f"{number:.0f}"]


def test_no_canary_reaches_any_file_a_rep_sends(canary_build: tuple[Built, list[str], dict[str, set[str]]]) -> None:
    """Nothing internal in any send file; an account's kit shows that account's own details and no other's."""
    (target, assets), issued, own = canary_build
    assert len(issued) > 20
    sent = [a for a in assets if a.audience in (PROSPECT, PUBLIC)]
    assert any(a.pdf for a in sent)
    leaks = []
    for asset in sent:
        kit = asset.path.split("/")[1] if asset.path.startswith("accounts/") else None
        allowed = own[kit] if kit else set()
        for path in [target / asset.path, *([target / asset.pdf] if asset.pdf else [])]:
            text = _every_part(path)
            leaks += [(path.name, c) for c in issued if c not in allowed for form in _forms(c) if form in text]
    assert leaks == []


def test_control_presenter_versions_carry_the_internal_channel(
    canary_build: tuple[Built, list[str], dict[str, set[str]]],
) -> None:
    (target, assets), issued, own = canary_build
    presenter = [a for a in assets if a.audience == PRESENTER]
    assert presenter
    found = {c for a in presenter for c in issued if c.startswith("CANARY") and c in _every_part(target / a.path)}
    assert len(found) >= 10
    # An account's presenter deck carries its notes (the send deck, tested above, does not).
    for account_id in own:
        deck = _every_part(target / f"accounts/{account_id}/deck-presenter.pptx")
        notes = [c for c in issued if c.startswith("CANARY") and c in deck and c not in own[account_id]]
        assert notes, account_id
