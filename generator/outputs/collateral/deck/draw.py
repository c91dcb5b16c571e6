"""A typed drawing layer over python-pptx: boxes, text, cards, metric tiles, table cells and badges.

Slides are composed from these few calls, so every font, colour and size decision is made
in one place, and python-pptx's loosely typed corners stay here. Colours are #rrggbb strings
taken from the brand's `Palette`, which has already picked, per text role, a colour that
reaches 4.5:1 against the fill it sits on.
"""

from __future__ import annotations

import copy
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.parts.slide import NotesSlidePart
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.table import _Cell
from pptx.util import Inches, Pt

from generator.colour import INK, MUTED, WHITE, Palette, rgb
from generator.outputs.collateral.deck.measure import fit_size, forget_with_measurements, text_height

WIDTH, HEIGHT = 13.333, 7.5
MARGIN = 0.6
#: Hairlines and quiet fills that carry no text.
RULE = "#d9dee2"
#: The DrawingML namespace, as lxml spells a tag in it.
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def _rgb(colour: str) -> RGBColor:
    return RGBColor(*rgb(colour))


def _child(parent: Any, tag: str, **attrs: str) -> Any:
    """Append a new element to ``parent``, made by its own parser (python-pptx's element classes)."""
    child = parent.makeelement(tag, attrs)
    parent.append(child)
    return child


#: Fresh shapes as python-pptx makes them, one of each kind (and fill), made once per process:
#: a new shape is a copy with its id, name and place set, which is what python-pptx would
#: write, without parsing its XML template and calling the fill setters each time.
_PROTOTYPES: dict[tuple[str, ...], Any] = {}
forget_with_measurements(_PROTOTYPES.clear)


def _stamp(slide: Slide, prototype: Any, x: float, y: float, w: float, h: float) -> Shape:
    """Add a copy of ``prototype`` (a ``p:sp``) to ``slide`` at (x, y), w by h, numbered as python-pptx numbers it."""
    shapes = slide.shapes
    sp = copy.deepcopy(prototype)
    id_ = shapes._next_shape_id  # noqa: SLF001 - the id python-pptx gives the next shape
    names = sp.find(_P + "nvSpPr").find(_P + "cNvPr")
    names.set("id", str(id_))
    names.set("name", f"{names.get('name').rpartition(' ')[0]} {id_ - 1}")
    xfrm = sp.find(_P + "spPr").find(_A + "xfrm")
    off, ext = xfrm.find(_A + "off"), xfrm.find(_A + "ext")
    off.set("x", str(Inches(x)))
    off.set("y", str(Inches(y)))
    ext.set("cx", str(Inches(w)))
    ext.set("cy", str(Inches(h)))
    shapes._spTree.insert_element_before(sp, "p:extLst")  # noqa: SLF001
    return Shape(sp, shapes)


#: Each notes master (of a deck being built) -> its key in _PROTOTYPES, worked out once a deck.
_NOTES_MASTERS: weakref.WeakKeyDictionary[Any, tuple[str, ...]] = weakref.WeakKeyDictionary()


def _add_notes_slide(slide: Slide) -> None:
    """Give ``slide`` the notes slide python-pptx would: a copy of the first one made on this notes master.

    python-pptx clones the notes master's placeholders into each new notes slide, looking
    each one up; the clones come out the same every time, so they are made once.
    """
    slide_part = slide.part
    package = slide_part.package
    master = package.presentation_part.notes_master_part
    key = _NOTES_MASTERS.get(master)
    if key is None:
        key = _NOTES_MASTERS[master] = ("notes", str(master._element.xml))  # noqa: SLF001 - the notes master's XML
    prototype = _PROTOTYPES.get(key)
    if prototype is None:
        part = NotesSlidePart.new(package, slide_part)
        _PROTOTYPES[key] = copy.deepcopy(part._element)  # noqa: SLF001
    else:
        part = NotesSlidePart(
            package.next_partname("/ppt/notesSlides/notesSlide%d.xml"), CT.PML_NOTES_SLIDE, package, copy.deepcopy(prototype)
        )
        part.relate_to(master, RT.NOTES_MASTER)
        part.relate_to(slide_part, RT.SLIDE)
    slide_part.relate_to(part, RT.NOTES_SLIDE)


def _hex(colour: str) -> str:
    """Return a colour as python-pptx writes it in ``srgbClr``: six upper-case hex digits."""
    return str(_rgb(colour))


@dataclass
class _Brand:
    palette: Palette
    heading: str
    body: str
    logo: Path | None

    @property
    def primary(self) -> str:
        return self.palette.primary

    @property
    def secondary(self) -> str:
        return self.palette.secondary

    @property
    def accent(self) -> str:
        return self.palette.accent


class Drawing:
    """The building blocks every slide is made of; a deck supplies its brand."""

    brand: _Brand

    def _rect(self, slide: Slide, x: float, y: float, w: float, h: float, colour: str, rounded: bool = False) -> Shape:
        key = ("rounded" if rounded else "rect",)
        if key in _PROTOTYPES:
            shape = _stamp(slide, _PROTOTYPES[key], x, y, w, h)
            # The one colour python-pptx wrote: spPr/solidFill/srgbClr.
            fill = shape._element.find(_P + "spPr").find(_A + "solidFill")  # noqa: SLF001
            fill.find(_A + "srgbClr").set("val", _hex(colour))
            return shape
        shape = slide.shapes.add_shape(
            MSO_SHAPE.ROUNDED_RECTANGLE if rounded else MSO_SHAPE.RECTANGLE, Inches(x), Inches(y), Inches(w), Inches(h)
        )
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(colour)
        shape.line.fill.background()
        shape.shadow.inherit = False
        if rounded:
            shape.adjustments[0] = 0.06
        _PROTOTYPES[key] = copy.deepcopy(shape._element)  # noqa: SLF001
        return shape

    def text(
        self,
        slide: Slide,
        x: float,
        y: float,
        w: float,
        h: float,
        paragraphs: Sequence[str],
        size: float,
        bold: bool = False,
        colour: str = INK,
        font: str | None = None,
        bullets: bool = False,
        align: PP_ALIGN = PP_ALIGN.LEFT,
        anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
    ) -> None:
        if ("textbox",) in _PROTOTYPES:
            box = _stamp(slide, _PROTOTYPES["textbox",], x, y, w, h)
        else:
            box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
            _PROTOTYPES["textbox",] = copy.deepcopy(box._element)  # noqa: SLF001
        if self._text_as_xml(box, paragraphs, size, bold, colour, font, bullets, align, anchor):
            return
        frame = box.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = anchor
        frame.margin_left = frame.margin_right = Inches(0.05)
        frame.margin_top = frame.margin_bottom = Inches(0.03)
        for i, text in enumerate(paragraphs):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.alignment = align
            if i:
                para.space_before = Pt(size * 0.45)
            run = para.add_run()
            run.text = ("•  " if bullets else "") + text
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.color.rgb = _rgb(colour)
            run.font.name = font or self.brand.body

    def _text_as_xml(
        self,
        box: Shape,
        paragraphs: Sequence[str],
        size: float,
        bold: bool,
        colour: str,
        font: str | None,
        bullets: bool,
        align: PP_ALIGN,
        anchor: MSO_ANCHOR,
    ) -> bool:
        """Write a fresh text box's text as XML in one go: what the setters in `text` write.

        Return False, having written nothing, for what this does not cover (text python-pptx
        escapes, a box not as python-pptx makes it), which `text` then writes with the setters.
        """
        body = box._element.find(_P + "txBody")  # noqa: SLF001 - python-pptx's element for the shape
        if body is None or any(ch < " " for text in paragraphs for ch in text):
            return False
        props = body.find(_A + "bodyPr")
        if (
            props is None
            or dict(props.attrib) != {"wrap": "none"}
            or [child.tag for child in props] != [_A + "spAutoFit"]
            or [child.tag for child in body] != [_A + "bodyPr", _A + "lstStyle", _A + "p"]
            or len(body[2]) != 0
            or body[2].attrib
        ):
            return False
        props.set("wrap", "square")
        props.set("anchor", str(anchor.xml_value))
        side, top = str(Inches(0.05)), str(Inches(0.03))
        props.set("lIns", side)
        props.set("rIns", side)
        props.set("tIns", top)
        props.set("bIns", top)
        run_style = {"sz": str(Pt(size).centipoints), "b": "1" if bold else "0"}
        ink, typeface, algn = _hex(colour), font or self.brand.body, str(align.xml_value)
        for i, text in enumerate(paragraphs):
            para = body[2] if i == 0 else _child(body, _A + "p")
            spacing = _child(para, _A + "pPr", algn=algn)
            if i:
                _child(_child(spacing, _A + "spcBef"), _A + "spcPts", val=str(Pt(size * 0.45).centipoints))
            run = _child(para, _A + "r")
            style = _child(run, _A + "rPr", **run_style)
            _child(_child(style, _A + "solidFill"), _A + "srgbClr", val=ink)
            _child(style, _A + "latin", typeface=typeface)
            _child(run, _A + "t").text = ("•  " if bullets else "") + text
        return True

    def size_for(
        self,
        paragraphs: Sequence[str],
        w: float,
        h: float,
        largest: int,
        smallest: int,
        bold: bool = False,
        font: str | None = None,
        bullets: bool = False,
    ) -> int:
        """Return the largest size at which ``paragraphs`` fit the box, measured in the font drawn."""
        shown = [("•  " if bullets else "") + p for p in paragraphs]
        return fit_size(shown, w, h, largest, smallest, font or self.brand.body, bold) or smallest

    def fitted(
        self,
        slide: Slide,
        x: float,
        y: float,
        w: float,
        h: float,
        paragraphs: Sequence[str],
        largest: int,
        smallest: int,
        **style: Any,
    ) -> int:
        """Place text at the largest size that fits; return the size used."""
        size = self.size_for(
            paragraphs, w, h, largest, smallest, bool(style.get("bold")), style.get("font"), bool(style.get("bullets"))
        )
        self.text(slide, x, y, w, h, paragraphs, size, **style)
        return size

    @staticmethod
    def notes(slide: Slide, text: str) -> None:
        if not slide.has_notes_slide:
            _add_notes_slide(slide)
        frame = slide.notes_slide.notes_text_frame
        assert frame is not None
        frame.text = text.strip() or "No talk track in the content yet."

    def cards(
        self,
        slide: Slide,
        x: float,
        y: float,
        w: float,
        h: float,
        cards: Sequence[tuple[str, Sequence[str]]],
        columns: int | None = None,
        gap: float = 0.35,
    ) -> None:
        """Lay out cards in a grid: every heading, and every body, shares one size; cards hug their text.

        Text takes the largest size at which every card fits, and each row is as tall as its
        fullest card, so a few short lines make big type in compact cards, not small type
        in empty boxes.
        """
        if not cards:
            return
        cols = columns or len(cards)
        rows = -(-len(cards) // cols)
        cw = (w - gap * (cols - 1)) / cols
        ch = (h - gap * (rows - 1)) / rows
        tw = cw - 0.4  # text width inside a card
        with_body = any(lines for _, lines in cards)
        room = min(1.2, ch * 0.4) if with_body else ch - 0.4
        head = min(self.size_for([t], tw, room, 26 if with_body else 32, 12, True, self.brand.heading) for t, _ in cards)
        # The body starts right under the tallest heading, the same in every card.
        head_h = max(text_height([t], tw, head, self.brand.heading, True) for t, _ in cards)
        body_room = ch - head_h - 0.55
        body = min(
            (self.size_for(lines, tw, body_room, 24, 11, bullets=len(lines) > 1) for _, lines in cards if lines),
            default=0,
        )

        def needed(lines: Sequence[str]) -> float:
            shown = [("•  " if len(lines) > 1 else "") + line for line in lines]
            return 0.2 + head_h + (0.1 + text_height(shown, tw, body, self.brand.body) if lines else 0) + 0.3

        heights = [
            min(ch, max(max(needed(lines) for _, lines in cards[r * cols : (r + 1) * cols]), 1.4 if not with_body else 0))
            for r in range(rows)
        ]
        p = self.brand.palette
        for i, (title, lines) in enumerate(cards):
            row = i // cols
            cx, cy, rh = x + (i % cols) * (cw + gap), y + sum(heights[:row]) + gap * row, heights[row]
            self._rect(slide, cx, cy, cw, rh, p.secondary, rounded=True)
            self._rect(slide, cx, cy, cw, 0.07, p.accent)
            self.text(
                slide,
                cx + 0.2,
                cy + 0.2,
                tw,
                head_h if with_body else rh - 0.4,
                [title],
                head,
                True,
                p.card_heading,
                self.brand.heading,
                anchor=MSO_ANCHOR.TOP if with_body else MSO_ANCHOR.MIDDLE,
            )
            if lines:
                self.text(
                    slide,
                    cx + 0.2,
                    cy + 0.3 + head_h,
                    tw,
                    rh - head_h - 0.45,
                    lines,
                    body,
                    colour=p.on_secondary,
                    bullets=len(lines) > 1,
                )

    def metrics(
        self, slide: Slide, x: float, y: float, w: float, h: float, tiles: Sequence[tuple[str, str, str]], columns: int
    ) -> None:
        """Headline numbers in a grid: big value, what it measures, the before → after; one size per role."""
        if not tiles:
            return
        p = self.brand.palette
        rows = -(-len(tiles) // columns)
        tw, th = (w - 0.3 * (columns - 1)) / columns, (h - 0.3 * (rows - 1)) / rows
        # One line for the number: the height of one line at the largest size, not the box's.
        value = min(self.size_for([v], tw - 0.4, min(th * 0.45, 0.8), 44, 18, True, self.brand.heading) for v, _, _ in tiles)
        label = min(self.size_for([t], tw - 0.4, th * 0.27, 16, 11, True) for _, t, _ in tiles)
        detail = min((self.size_for([d], tw - 0.4, th * 0.22, 14, 10) for _, _, d in tiles if d), default=10)
        for i, (v, t, d) in enumerate(tiles):
            tx, ty = x + (i % columns) * (tw + 0.3), y + (i // columns) * (th + 0.3)
            self._rect(slide, tx, ty, tw, th, p.secondary, rounded=True)
            self._rect(slide, tx, ty, 0.08, th, p.accent)
            self.text(slide, tx + 0.25, ty + 0.15, tw - 0.4, th * 0.45, [v], value, True, p.card_heading, self.brand.heading)
            self.text(slide, tx + 0.25, ty + 0.15 + th * 0.45, tw - 0.4, th * 0.27, [t], label, True, p.on_secondary)
            if d:
                self.text(slide, tx + 0.25, ty + th * 0.74, tw - 0.4, th * 0.22, [d], detail, colour=p.on_secondary)

    def _cell(self, cell: _Cell, text: str, size: int, bold: bool = False, colour: str = INK, fill: str | None = None) -> None:
        """Fill a table cell: one run of text in the body font, a solid fill, inset and centred vertically.

        Written as XML in one go: a comparison table has hundreds of cells, and python-pptx's
        setters look up and re-create elements for every property. The XML is the same that
        the setters write (`_cell_by_setters`, kept for what the fast path does not cover:
        text python-pptx has to escape, or a cell that is not fresh from `add_table`).
        """
        tc = cell._tc  # noqa: SLF001 - python-pptx's element for the cell
        body, props = tc.find(_A + "txBody"), tc.find(_A + "tcPr")
        fresh = (
            body is not None
            and props is not None
            and len(props) == 0
            and not props.attrib
            and [child.tag for child in body] == [_A + "bodyPr", _A + "lstStyle", _A + "p"]
            and len(body[2]) == 0
            and not body[2].attrib
        )
        if not fresh or any(ch < " " for ch in text):
            self._cell_by_setters(cell, text, size, bold, colour, fill)
            return
        assert body is not None and props is not None
        if text:
            run = _child(body[2], _A + "r")
            style = _child(run, _A + "rPr", sz=str(Pt(size).centipoints), b="1" if bold else "0")
            _child(_child(style, _A + "solidFill"), _A + "srgbClr", val=_hex(colour))
            _child(style, _A + "latin", typeface=self.brand.body)
            _child(run, _A + "t").text = text
        margin = str(Inches(0.1))
        props.set("marL", margin)
        props.set("marR", margin)
        props.set("anchor", "ctr")
        _child(_child(props, _A + "solidFill"), _A + "srgbClr", val=_hex(fill if fill is not None else WHITE))

    def _cell_by_setters(
        self, cell: _Cell, text: str, size: int, bold: bool = False, colour: str = INK, fill: str | None = None
    ) -> None:
        cell.text = text
        if fill is not None:
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(fill)
        else:
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(WHITE)
        cell.margin_left = cell.margin_right = Inches(0.1)
        cell.vertical_anchor = MSO_ANCHOR.MIDDLE
        for para in cell.text_frame.paragraphs:
            for run in para.runs:
                run.font.size, run.font.bold, run.font.name = Pt(size), bold, self.brand.body
                run.font.color.rgb = _rgb(colour)

    def _internal_badge(self, slide: Slide) -> None:
        """Mark an internal-only slide on its face, so nobody puts it in front of a prospect."""
        badge = self._rect(slide, WIDTH - MARGIN - 3.4, 0.3, 3.4, 0.42, "#b42318", rounded=True)
        frame = badge.text_frame
        frame.margin_top = frame.margin_bottom = Inches(0.02)
        frame.word_wrap = False
        run = frame.paragraphs[0].add_run()
        run.text = "INTERNAL ONLY: DO NOT SEND"
        run.font.size = Pt(12)
        run.font.bold = True
        run.font.name = self.brand.heading
        run.font.color.rgb = _rgb(WHITE)
        frame.paragraphs[0].alignment = PP_ALIGN.CENTER


__all__ = ["HEIGHT", "INK", "MARGIN", "MUTED", "RULE", "WHITE", "WIDTH", "Drawing", "_Brand", "_rgb"]
