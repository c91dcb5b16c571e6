"""The deck builder's shortcuts write exactly what python-pptx's own paths write; big decks build.

Correctness only: how fast a deck builds is the benchmark's business (bench/bench_build.py),
never a test's.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from pptx import Presentation
from pptx.util import Inches
from support import DEFAULT_CONTENT

from generator.cache import user_cache
from generator.colour import Palette
from generator.content.load import load_content
from generator.context.view import public_content
from generator.outputs.collateral import deck as deck_module
from generator.outputs.collateral import package
from generator.outputs.collateral.deck import build_deck, draw, measure
from generator.outputs.collateral.outline import DeckOutline, load_outlines

MOMENT = dt.datetime(2026, 10, 13, tzinfo=dt.UTC)


def _python_pptx_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build decks the plain way: setters for cells, python-pptx's part names and image look-ups, save then normalise, no caches."""

    def save(prs: object, moment: dt.datetime) -> bytes:
        buffer = io.BytesIO()
        prs.save(buffer)  # type: ignore[attr-defined]
        return package.normalise(buffer.getvalue(), moment)

    monkeypatch.setattr(draw.Drawing, "_cell", draw.Drawing._cell_by_setters)
    monkeypatch.setattr(draw.Drawing, "_text_as_xml", lambda *args: False)
    monkeypatch.setattr(deck_module, "_name_notes_directly", lambda prs: None)
    monkeypatch.setattr(deck_module, "save_deck", save)
    monkeypatch.setattr(draw, "_PROTOTYPES", _Forgetful())
    monkeypatch.setattr(deck_module, "_TABLES", _Forgetful())
    monkeypatch.setattr(deck_module._Deck, "_add_slide", lambda self, layout: self.prs.slides.add_slide(layout))
    monkeypatch.setattr(deck_module, "_size_table", _size_by_setters)
    monkeypatch.setattr(
        measure, "_lines", lambda text, w, size, family, bold, most: measure._count(text, w, size, family, bold, None)
    )
    monkeypatch.setattr(measure, "fits", _fits_by_height)
    monkeypatch.setattr(measure, "_advance", measure._advance.__wrapped__)


class _Forgetful(dict[Any, Any]):
    """A cache that keeps nothing: every shape and table is made by python-pptx each time."""

    def __setitem__(self, key: Any, value: Any) -> None:
        pass


def _size_by_setters(frame: Any, widths: list[float], heights: list[float] | None) -> None:
    for i, w in enumerate(widths):
        frame.table.columns[i].width = Inches(w)
    for r, h in enumerate(heights or []):
        frame.table.rows[r].height = Inches(h)


def _fits_by_height(
    paragraphs: list[str], width: float, height: float, size: float, family: str | None = None, bold: bool = False
) -> bool:
    """What `measure.fits` stands for: the whole height measured, then compared."""
    return measure.text_height(paragraphs, width, size, family, bold) <= height


def _every_deck(template: Path) -> list[bytes]:
    """Every kind of deck the build makes, presenter and send versions, plain and on a branded template."""
    loaded = load_content(DEFAULT_CONTENT)
    c, face = loaded.content, public_content(loaded.content)
    outlines = [
        *load_outlines(None).decks,
        DeckOutline(id="comparison", title="Comparison", for_each="company", slides=["comparison"], one_page=True),
        DeckOutline(id="battlecard", title="Battlecard", for_each="competitor", slides=["battlecard"]),
    ]
    decks = []
    for outline in outlines:
        offers = c.offers[:1] if outline.for_each == "offer" else [None]
        rivals = [r.id for r in c.competitors if r.battlecard][:1] if outline.for_each == "competitor" else [None]
        for offer in offers:
            for rival in rivals:
                for full in (c, None):
                    for master in (None, template):
                        decks.append(build_deck(face, full, loaded.folder, outline, offer, MOMENT, master, competitor=rival))
    return decks


def test_decks_are_byte_identical_to_the_plain_python_pptx_build(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A branded master that comes with example slides and their notes, which the deck drops.
    master = Presentation()
    for i in range(3):
        example = master.slides.add_slide(master.slide_layouts[5])
        example.notes_slide.notes_text_frame.text = f"example {i}"
    master.save(tmp_path / "template.pptx")
    fast = _every_deck(tmp_path / "template.pptx")
    with monkeypatch.context() as plain:
        _python_pptx_paths(plain)
        reference = _every_deck(tmp_path / "template.pptx")
    assert len(fast) == len(reference) >= 16
    for ours, theirs in zip(fast, reference, strict=True):
        assert ours == theirs


@pytest.mark.parametrize("text", ["", "Price & terms <fixed>", "✓", "–", "a\nb", "tab\there", "x" * 300])
@pytest.mark.parametrize(("bold", "fill"), [(False, None), (True, "#0b3954"), (False, "#f4f6f8")])
def test_a_cell_written_as_xml_equals_the_setters(text: str, bold: bool, fill: str | None) -> None:
    drawing = draw.Drawing()
    drawing.brand = draw._Brand(Palette("#0b3954", "#f4f6f8", "#e07a1f"), "Lato", "Open Sans", None)
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    table = slide.shapes.add_table(1, 2, Inches(1), Inches(1), Inches(6), Inches(1)).table
    drawing._cell(table.cell(0, 0), text, 13, bold, "#1f2933", fill)
    drawing._cell_by_setters(table.cell(0, 1), text, 13, bold, "#1f2933", fill)
    ours, theirs = (etree.tostring(table.cell(0, i)._tc) for i in (0, 1))
    assert ours == theirs


@pytest.mark.parametrize("paragraphs", [[""], ["Price & terms <fixed>"], ["✓", "two", "three"], ["a\nb"], ["tab\there", "x"]])
@pytest.mark.parametrize("style", [{}, {"bold": True, "bullets": True, "colour": "#ffffff"}, {"font": "Lato", "size": 14.5}])
def test_a_text_box_written_as_xml_equals_the_setters(
    paragraphs: list[str], style: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN

    drawing = draw.Drawing()
    drawing.brand = draw._Brand(Palette("#0b3954", "#f4f6f8", "#e07a1f"), "Lato", "Open Sans", None)
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    size = style.pop("size", 18)
    for align, anchor in ((PP_ALIGN.LEFT, MSO_ANCHOR.TOP), (PP_ALIGN.RIGHT, MSO_ANCHOR.MIDDLE)):
        drawing.text(slide, 1, 1, 4, 2, paragraphs, size, align=align, anchor=anchor, **style)
        with monkeypatch.context() as plain:
            plain.setattr(draw.Drawing, "_text_as_xml", lambda *args: False)
            drawing.text(slide, 1, 1, 4, 2, paragraphs, size, align=align, anchor=anchor, **style)
    # Boxes differ only in their shape id and name.
    shapes = [re.sub(rb'<p:cNvPr id="\d+" name="TextBox \d+"/>', b"", etree.tostring(shape._element)) for shape in slide.shapes]
    assert shapes[0] == shapes[1] and shapes[2] == shapes[3]


def test_a_300_slide_deck_builds_with_a_unique_notes_part_for_every_slide() -> None:
    loaded = load_content(DEFAULT_CONTENT)
    c = loaded.content
    outline = DeckOutline(id="big", title="Big", for_each="company", slides=["title", *["problem"] * 299])
    data = build_deck(public_content(c), c, loaded.folder, outline, None, MOMENT)
    prs = Presentation(io.BytesIO(data))
    assert len(prs.slides) == 300
    notes = [slide.notes_slide.part.partname for slide in prs.slides if slide.has_notes_slide]
    assert len(notes) == 300 and len(set(notes)) == 300
    assert sorted(notes, key=lambda n: int(n.idx or 0)) == [f"/ppt/notesSlides/notesSlide{i}.xml" for i in range(1, 301)]
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert len(names) == len(set(names))
    assert sum(n.startswith("ppt/notesSlides/notesSlide") and n.endswith(".xml") for n in names) == 300


def test_fits_answers_what_the_whole_height_answers() -> None:
    """Counting lines only until a box is full gives the answer measuring everything gives."""
    words = ["dispatch", "technicians", "arrive", "within", "two", "hours", "service@northgate-electric.example", "every", "time"]
    texts = [" ".join(words[i % 5 : i % 5 + 1 + i % 7]) for i in range(24)]
    for family in ("Lato", None):
        for size in (9, 12, 14, 18, 24, 32, 44):
            for width in (0.8, 2.5, 4.0, 11.0):
                for height in (0.2, 0.45, 0.9, 1.6, 3.0):
                    for count in (0, 1, 2, 3):
                        paragraphs = texts[size % 7 : size % 7 + count]
                        expected = _fits_by_height(paragraphs, width, height, size, family)
                        measure.clear_caches()
                        assert measure.fits(paragraphs, width, height, size, family) is expected
                        # and again, from what the first answer kept
                        assert measure.fits(paragraphs, width, height, size, family) is expected


def _comparison_deck(full: bool = True) -> bytes:
    loaded = load_content(DEFAULT_CONTENT)
    c = loaded.content
    outline = DeckOutline(id="cmp", title="Compared", for_each="company", slides=["title", "comparison", "next_steps"])
    return build_deck(public_content(c), c if full else None, loaded.folder, outline, None, MOMENT)


def _slide_parts(deck: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(deck)) as z:
        return {n: z.read(n) for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)}


def test_a_copied_comparison_table_is_the_table_built_directly(monkeypatch: pytest.MonkeyPatch) -> None:
    copies: list[object] = []
    copy_table = deck_module._copy_table

    def counted(slide: Any, made: Any) -> None:
        copies.append(made)
        copy_table(slide, made)

    monkeypatch.setattr(deck_module, "_copy_table", counted)
    measure.clear_caches()  # empties the kept tables too: the first deck builds its table
    built = _comparison_deck()
    assert not copies and deck_module._TABLES
    copied = _comparison_deck()  # a presenter deck again: the same table, copied
    sent = _comparison_deck(full=False)  # a send version: other notes, the same table
    assert len(copies) >= 2
    assert _slide_parts(copied) == _slide_parts(built)
    assert copied == built
    # The send version's title slide has no "internal" badge; its comparison slides are the same.
    assert {n: x for n, x in _slide_parts(sent).items() if not n.endswith("/slide1.xml")} == {
        n: x for n, x in _slide_parts(built).items() if not n.endswith("/slide1.xml")
    }

    # The deck with the copied table opens in python-pptx and shows the comparison's cells.
    loaded = load_content(DEFAULT_CONTENT)
    face = public_content(loaded.content)
    assert face.comparison is not None
    tables = [shape.table for slide in Presentation(io.BytesIO(copied)).slides for shape in slide.shapes if shape.has_table]
    shown = [[cell.text for cell in row.cells] for table in tables for row in table.rows]
    names = ["", face.company.name, *[r.name for r in face.competitors], face.comparison.do_nothing.name]
    assert shown[0] == names
    labels = [row[0] for row in shown if row != names]
    assert labels == [f.label for f in face.comparison.features]
    for slide in Presentation(io.BytesIO(copied)).slides:
        ids = [shape.shape_id for shape in slide.shapes]
        assert len(ids) == len(set(ids))


def test_a_deck_saved_with_kept_deflates_is_the_deck_saved_plainly() -> None:
    from generator.outputs.collateral.deck import save

    measure.clear_caches()
    assert not save._DEFLATED
    first = _comparison_deck()  # deflates every part, keeping the large ones
    assert save._DEFLATED
    again = _comparison_deck()  # writes the kept ones
    assert first == again
    prs = Presentation(io.BytesIO(again))  # every part of it kept now: written from what was kept
    assert save.save_deck(prs, MOMENT) == package.save_presentation(prs, MOMENT)


def test_advances_kept_on_disk_give_the_same_deck_without_measuring_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from PIL import ImageFont

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("HANDOFF_CACHE", raising=False)
    measured: list[str] = []
    getlength = ImageFont.FreeTypeFont.getlength

    def counting(self: Any, text: str, *args: Any, **kwargs: Any) -> float:
        measured.append(text)
        return getlength(self, text, *args, **kwargs)

    monkeypatch.setattr(ImageFont.FreeTypeFont, "getlength", counting)
    measure.clear_caches()
    first = _comparison_deck()
    folder = user_cache("advances")
    assert folder is not None and folder.is_relative_to(tmp_path)
    files = sorted(folder.glob("*.json"))
    if not measured:
        pytest.skip("no font found to measure with (fontconfig missing)")
    assert files
    measured.clear()
    measure.clear_caches()  # a new process: nothing in memory, the files on disk
    assert _comparison_deck() == first
    assert not measured

    # A damaged or deleted file is measured afresh, to the same deck.
    files[0].write_text("{not json", encoding="utf-8")
    for file in files[1:]:
        file.unlink()
    measure.clear_caches()
    assert _comparison_deck() == first
    assert measured

    # Pictures deflated once are kept on disk too; a kept file that does not inflate back to
    # the very picture (damaged, or another picture's) is not used.
    deflated = sorted((tmp_path / "handoff" / "deflated").glob("*.deflate"))
    assert deflated  # the default content's hero image and screenshots
    measure.clear_caches()
    assert _comparison_deck() == first
    for i, file in enumerate(deflated):
        file.write_bytes(zlib.compress(b"not the picture")[2:-4] if i % 2 else b"\x00garbage")
    measure.clear_caches()
    assert _comparison_deck() == first

    # HANDOFF_CACHE=off (handoff build --no-cache) keeps nothing on disk.
    monkeypatch.setenv("HANDOFF_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "elsewhere"))
    measure.clear_caches()
    assert _comparison_deck() == first
    assert user_cache("advances") is None and not (tmp_path / "elsewhere").exists()
    measure.clear_caches()
