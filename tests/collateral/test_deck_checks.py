"""More deck checks: every internal field kept off prospect-facing slide faces, battlecards
marked internal, every offer's price and ROI figures, logo-only pictures and native charts,
text measured with the real fonts, and dates taken from SOURCE_DATE_EPOCH."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from canaries import package_text
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu
from support import DEFAULT_CONTENT, ROOT, require_program

from generator.content.load import load_content
from generator.context.formatting import Formatter
from generator.context.view import public_content
from generator.expr.plan import plan_roi
from generator.model import Content
from generator.outputs.collateral import Asset
from generator.outputs.collateral.deck import build_deck
from generator.outputs.collateral.outline import load_outlines

MOMENT = dt.datetime(2026, 10, 13, tzinfo=dt.UTC)
Enablement = tuple[Path, list[Asset]]


def _open(path: Path) -> PresentationType:
    return Presentation(str(path))


def _face(slide: Slide) -> str:
    """Return every piece of text on the slide's face: boxes, shapes and table cells."""
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        if shape.has_table:
            texts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(texts)


def _notes(slide: Slide) -> str:
    return str(slide.notes_slide.notes_text_frame.text) if slide.has_notes_slide else ""


def _decks(enablement: Enablement) -> list[tuple[Path, Asset]]:
    target, assets = enablement
    return [(target / a.path, a) for a in assets if a.path.endswith(".pptx")]


def _internal_texts(c: Content) -> list[str]:
    """Text that must never be on a prospect-facing slide face."""
    texts = [c.positioning.talk_track or ""]
    texts += [p.talk_track or "" for p in c.positioning.value_pillars]
    texts += [o.talk_track or "" for o in c.offers]
    texts += [p.talk_track or "" for p in c.icp.personas] + [x for p in c.icp.personas for x in p.objections]
    texts += c.icp.disqualifiers + c.company.tone_notes
    texts += [f.talk_track or "" for f in (c.faqs.faqs if c.faqs else [])]
    for study in c.case_studies:
        texts.append(study.talk_track or "")
        if study.publication == "internal":
            texts += [study.title, study.summary]
        if study.publication != "public":
            texts.append(study.customer)
            if study.quote:
                texts.append(study.quote.name)
    for rival in c.competitors:
        bc = rival.battlecard
        if bc:
            texts += [bc.summary or ""] + bc.where_they_win + bc.landmines + bc.trap_questions + bc.responses
    return [t for t in texts if t]


def test_send_versions_hold_nothing_internal_and_presenter_versions_carry_it_in_the_notes(enablement: Enablement) -> None:
    content = load_content(DEFAULT_CONTENT).content
    secrets = _internal_texts(content)
    assert len(secrets) > 20  # the default content exercises every internal field
    sent = in_notes = 0
    for path, asset in _decks(enablement):
        prs = _open(path)
        if "battlecard" in path.name:
            continue  # internal on its face by design, and says so (tested below)
        for number, slide in enumerate(prs.slides, start=1):
            face = _face(slide)
            if "INTERNAL ONLY: DO NOT SEND" in face and asset.audience.startswith("Internal"):
                continue  # a presenter version's battlecard slide: internal on its face, and says so
            for secret in secrets:
                assert secret not in face, f"{path.name} slide {number} shows internal text: {secret[:60]}"
        if asset.audience.startswith("Prospect-facing"):
            everything = package_text(path)
            leaked = [secret[:60] for secret in secrets if secret in everything]
            assert leaked == [], f"{path.name} (a send version) carries internal text"
            sent += 1
        elif "presenter" in path.name:
            notes = "\n".join(_notes(s) for s in prs.slides)
            in_notes += sum(1 for secret in secrets if secret in notes)
            assert "Pricing floor" in notes or "offer-" not in path.name, f"{path.name}: no pricing guardrails"
    assert sent >= 5
    assert in_notes > 10  # talk tracks and guardrails did reach the presenter's notes


def test_battlecards_are_internal_and_say_so_on_every_card(enablement: Enablement) -> None:
    content = load_content(DEFAULT_CONTENT).content
    cards = [(p, a) for p, a in _decks(enablement) if "battlecard" in p.name]
    assert len(cards) == sum(1 for r in content.competitors if r.battlecard)
    for path, asset in cards:
        assert asset.audience.startswith("Internal")
        prs = _open(path)
        for slide in list(prs.slides)[:2]:
            assert "INTERNAL ONLY" in _face(slide)


def test_slide_faces_show_the_sites_prices_and_roi_figures(enablement: Enablement) -> None:
    content = load_content(DEFAULT_CONTENT).content
    fmt = Formatter(content.company)
    target, _ = enablement
    for offer in content.offers:
        faces = "\n".join(_face(s) for s in _open(target / "decks" / f"offer-{offer.id}.pptx").slides)
        assert fmt.price(offer.price) in faces.replace("\n", " ") or fmt.price(offer.price) in faces
        if offer.roi is None:
            assert "worth: an example" not in faces
            continue
        plan, errors = plan_roi(offer.roi, offer.price)
        assert not errors
        values = plan.evaluate()
        for out in offer.roi.outputs:
            if out.headline:
                assert fmt.value(values[out.id], out.format, out.unit) in faces, (offer.id, out.id)


def test_every_picture_is_an_image_from_the_content(enablement: Enablement) -> None:
    """Logos and screenshots come from content/assets; nothing else is pictured."""
    content = load_content(DEFAULT_CONTENT).content
    images = {p.read_bytes() for p in (DEFAULT_CONTENT / "assets").rglob("*") if p.suffix in {".png", ".jpg", ".jpeg"}}
    pictures = 0
    for path, _ in _decks(enablement):
        for slide in _open(path).slides:
            for shape in slide.shapes:
                if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                    assert shape.image.blob in images, f"{path.name}: a picture that is not from content/assets"
                    pictures += 1
    assert pictures and content.company.brand.logo


# --- Text fits its box, measured with the real fonts ---------------------------------------


def _font_file(family: str, bold: bool) -> str | None:
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", f"{family}:{'bold' if bold else 'regular'}"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return out or None


def _wrapped_lines(text: str, font: object, width_px: float) -> int:
    lines = 0
    for paragraph in text.split("\n"):
        line = ""
        count = 1
        for word in paragraph.split(" "):
            trial = f"{line} {word}".strip()
            if font.getlength(trial) > width_px and line:  # type: ignore[attr-defined]
                count += 1
                line = word
            else:
                line = trial
        lines += count
    return lines


def test_text_fits_its_box_when_measured_with_the_real_fonts(enablement: Enablement) -> None:
    from PIL import ImageFont  # Pillow comes with python-pptx

    require_program("fc-match")
    content = load_content(DEFAULT_CONTENT).content
    fonts: dict[tuple[str, bool, int], object] = {}
    checked = 0
    for path, _ in _decks(enablement):
        for number, slide in enumerate(_open(path).slides, start=1):
            for shape in slide.shapes:
                if not shape.has_text_frame or not shape.text_frame.text.strip() or shape.shape_type != MSO_SHAPE_TYPE.TEXT_BOX:
                    continue
                frame = shape.text_frame
                width_pt = Emu(shape.width - frame.margin_left - frame.margin_right).pt
                height = 0.0
                for para in frame.paragraphs:
                    runs = para.runs
                    if not runs:
                        continue
                    run = runs[0]
                    size = int(run.font.size.pt)
                    family = run.font.name or content.company.brand.body_font
                    key = (family, bool(run.font.bold), size)
                    if key not in fonts:
                        file = _font_file(family, bool(run.font.bold))
                        assert file is not None, (
                            f"font {family} is not installed (.ci/run installs fonts-lato and fonts-open-sans)"
                        )
                        # Measure at 10x for sub-point precision.
                        fonts[key] = ImageFont.truetype(file, size * 10)
                    lines = _wrapped_lines(para.text, fonts[key], width_pt * 10)
                    height += lines * size * 1.2 + (para.space_before.pt if para.space_before else 0)
                box = Emu(shape.height - frame.margin_top - frame.margin_bottom).pt
                assert height <= box * 1.05, (
                    f"{path.name} slide {number}: {frame.text[:50]!r} needs {height:.0f} pt, box {box:.0f} pt"
                )
                checked += 1
    assert checked > 100


# --- Reproducible bytes ----------------------------------------------------------------------


def test_deck_bytes_are_reproducible_and_dated_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.context.reproducible import build_moment

    content = load_content(DEFAULT_CONTENT).content
    outline = load_outlines(ROOT / "enablement" / "decks.yaml").decks[0]
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = build_deck(public_content(content), content, DEFAULT_CONTENT, outline, None, build_moment(content))
    assert first == build_deck(public_content(content), content, DEFAULT_CONTENT, outline, None, build_moment(content))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    stamped = build_deck(public_content(content), content, DEFAULT_CONTENT, outline, None, build_moment(content))
    package = zipfile.ZipFile(io.BytesIO(stamped))
    assert {i.date_time for i in package.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    core = package.read("docProps/core.xml").decode()
    stamps = re.findall(r"\d{4}-\d\d-\d\dT[\d:]+Z?", core)
    assert len(stamps) >= 2 and set(stamps) == {"2023-11-14T22:13:20Z"}


def test_offer_decks_name_only_the_case_studies_they_show(enablement: Enablement) -> None:
    content = load_content(DEFAULT_CONTENT).content
    _, assets = enablement
    for offer in content.offers:
        asset = next(a for a in assets if a.path == f"decks/offer-{offer.id}.pptx")
        shown = [
            f"case_studies/{s.id}.yaml" for s in content.case_studies if s.publication != "internal" and offer.id in s.offers
        ]
        assert [f for f in asset.built_from if f.startswith("case_studies/")] == shown
