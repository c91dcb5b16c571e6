"""Pitch decks (.pptx): slides from content, talk tracks in the speaker notes.

Slide faces say what the public site says (prices, metrics, ROI figures come from the same
formatter and evaluator); internal material (talk tracks, pricing floors, battlecard notes,
persona objections) goes only into speaker notes. Every shape is native and editable. Text
is measured before it is placed: it shrinks within limits, and lists that still do not fit
continue on a new slide.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Inches

from generator.context.formatting import Formatter
from generator.expr.plan import RoiPlan, plan_roi
from generator.model import CaseStudy, Content, Offer
from generator.outputs.collateral.deck.draw import DARK, GREY, HEIGHT, MARGIN, PALE, WHITE, WIDTH, Drawing, _Brand, _rgb
from generator.outputs.collateral.deck.measure import fit_size, split_to_fit, text_height
from generator.outputs.collateral.package import normalise

if TYPE_CHECKING:  # the outline reads its valid slide kinds from this module's registry
    from generator.outputs.collateral.outline import DeckOutline

BODY_TOP, BODY_BOTTOM = 1.65, 6.75


#: Slide kind (as written in decks.yaml) -> the method that adds its slides. Filled by
#: `slide_kind`; the outline's list of valid kinds is read from here.
SLIDE_KINDS: dict[str, Callable[[_Deck], None]] = {}


def slide_kind(name: str) -> Callable[[Callable[[_Deck], None]], Callable[[_Deck], None]]:
    """Register a deck method as the slide kind ``name``."""

    def register(method: Callable[[_Deck], None]) -> Callable[[_Deck], None]:
        SLIDE_KINDS[name] = method
        return method

    return register


class _Deck(Drawing):
    """Builds one presentation; each ``_slide_*`` method adds the slides of one kind."""

    def __init__(self, face: Content, full: Content | None, folder: Path, template: Path | None, offer: Offer | None) -> None:
        #: What slide faces (and a send version's notes) are made of: the public content only.
        self.face = face
        #: The internal channel: the whole content, for presenter notes and internal slides;
        #: None in a send version, so nothing internal can be asked for.
        self.full = full
        self.offer = next((o for o in face.offers if o.id == offer.id), offer) if offer else None
        self.fmt = Formatter(face.company)
        b = face.company.brand
        logo = (folder / b.logo) if b.logo else None
        self.brand = _Brand(
            _rgb(b.primary),
            _rgb(b.secondary),
            _rgb(b.accent),
            b.heading_font,
            b.body_font,
            logo if logo and logo.is_file() else None,
            b.primary,
        )
        self.template = template
        self.prs: PresentationType = Presentation(str(template)) if template else Presentation()
        if template:
            _drop_slides(self.prs)
        else:
            self.prs.slide_width, self.prs.slide_height = Inches(WIDTH), Inches(HEIGHT)
        self.count = 0
        #: The outline's one_page: the stand-alone comparison, everything on one printable page.
        self.one_page = False
        #: The competitor of a battlecard deck.
        self.competitor: str | None = None
        #: ROI plans from the build's context (planned once per build), by offer id.
        self.plans: dict[str, RoiPlan] = {}

    # --- the internal channel ------------------------------------------------------------

    def inside(self, collection: str, item_id: str) -> Any:
        """Return the internal twin of a public item (by id) for presenter notes, or None in a send version."""
        if self.full is None:
            return None
        node: Any = self.full
        for part in collection.split("."):
            node = getattr(node, part)
        return next((item for item in node if item.id == item_id), None)

    def inside_value(self, path: str) -> Any:
        """Return an internal value by dotted path (``positioning.talk_track``), or None in a send version."""
        node: Any = self.full
        for part in path.split("."):
            if node is None:
                return None
            node = getattr(node, part)
        return node

    # --- building blocks -----------------------------------------------------------------

    def _layout(self, name: str, fallback: int) -> object:
        layouts = self.prs.slide_layouts
        for layout in layouts:
            if layout.name.lower() == name.lower():
                return layout
        return layouts[min(fallback, len(layouts) - 1)]

    def new_slide(self, title: str, notes: str) -> Slide:
        self.count += 1
        if self.template:
            slide = self.prs.slides.add_slide(self._layout("Title Only", 5))
            if slide.shapes.title is not None:
                slide.shapes.title.text = title
        else:
            slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])
            self._rect(slide, 0, 0, 0.18, HEIGHT, self.brand.primary)
            size = fit_size([title], WIDTH - 2 * MARGIN, 0.95, 30, 20) or 20
            self.text(
                slide,
                MARGIN,
                0.45,
                WIDTH - 2 * MARGIN,
                0.95,
                [title],
                size,
                bold=True,
                colour=self.brand.primary,
                font=self.brand.heading,
                anchor=MSO_ANCHOR.BOTTOM,
            )
            self._rect(slide, MARGIN, 1.42, 1.1, 0.06, self.brand.accent)
            self._footer(slide)
        self.notes(slide, notes)
        return cast(Slide, slide)

    def _footer(self, slide: Slide) -> None:
        self.text(slide, MARGIN, 6.98, 6, 0.35, [self.face.company.name], 10, colour=GREY)
        self.text(slide, WIDTH - MARGIN - 1.0, 6.98, 1.0, 0.35, [str(self.count)], 10, colour=GREY, align=PP_ALIGN.RIGHT)
        if self.brand.logo:
            slide.shapes.add_picture(str(self.brand.logo), Inches(WIDTH - MARGIN - 2.3), Inches(7.0), height=Inches(0.3))

    def bullet_slides(self, title: str, items: Sequence[str], notes: str, intro: str | None = None, size: int = 18) -> None:
        top = BODY_TOP + (0.9 if intro else 0)
        width = WIDTH - 2 * MARGIN
        for i, chunk in enumerate(split_to_fit(items, width, BODY_BOTTOM - top, size)):
            slide = self.new_slide(title + (" (continued)" if i else ""), notes)
            if intro and not i:
                self.fitted(slide, MARGIN, BODY_TOP, width, 0.85, [intro], 20, 14, colour=GREY)
            self.text(slide, MARGIN, top, width, BODY_BOTTOM - top, chunk, size, bullets=True)

    # --- slide kinds -------------------------------------------------------------------------

    @slide_kind("title")
    def slide_title(self) -> None:
        c, b = self.face, self.brand
        title = self.offer.name if self.offer else c.company.name
        subtitle = self.offer.summary if self.offer else c.company.tagline
        notes = "\n\n".join(filter(None, [c.positioning.elevator_pitch, self.inside_value("positioning.talk_track")]))
        self.count += 1
        if self.template:
            slide = self.prs.slides.add_slide(self._layout("Title Slide", 0))
            if slide.shapes.title is not None:
                slide.shapes.title.text = title
            for shape in slide.placeholders:
                if shape.placeholder_format.idx == 1:
                    shape.text = subtitle
            self.notes(slide, notes)
            return
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])
        self._rect(slide, 0, 0, WIDTH, HEIGHT, b.primary)
        self._rect(slide, 0, 5.9, WIDTH, 1.6, b.secondary)
        self._rect(slide, MARGIN, 1.55, 1.3, 0.08, b.accent)
        self.text(slide, MARGIN, 0.6, 9, 0.8, [c.positioning.category.upper()], 13, bold=True, colour=b.accent)
        size = fit_size([title], 10.5, 1.9, 48, 30) or 30
        self.text(slide, MARGIN, 1.8, 10.5, 1.9, [title], size, bold=True, colour=WHITE, font=b.heading)
        self.fitted(slide, MARGIN, 3.75, 10.5, 1.9, [subtitle], 22, 14, colour=PALE)
        if b.logo:
            slide.shapes.add_picture(str(b.logo), Inches(MARGIN), Inches(6.2), height=Inches(0.95))
        contact = [c.company.website.removeprefix("https://").rstrip("/"), c.company.contact.email]
        self.text(slide, WIDTH - MARGIN - 5, 6.25, 5, 0.9, contact, 14, colour=DARK, align=PP_ALIGN.RIGHT)
        if self.full is not None:
            self._internal_badge(slide)  # a presenter version: its notes are for us, not the prospect
        self.notes(slide, notes)

    @slide_kind("problem")
    def slide_problem(self) -> None:
        p = self.face.positioning
        slide = self.new_slide(
            "The problem",
            "\n\n".join(
                filter(
                    None,
                    [
                        f"Problem: {p.problem}",
                        f"Cost of the status quo: {p.problem_cost}",
                        self.inside_value("positioning.talk_track"),
                    ],
                )
            ),
        )
        self.fitted(
            slide,
            MARGIN,
            BODY_TOP + 0.1,
            7.2,
            4.8,
            [p.problem],
            28,
            16,
            bold=True,
            font=self.brand.heading,
            colour=self.brand.primary,
        )
        self._rect(slide, 8.3, BODY_TOP + 0.1, WIDTH - MARGIN - 8.3, 4.8, self.brand.secondary, rounded=True)
        self.text(slide, 8.55, BODY_TOP + 0.3, 4.0, 0.5, ["WHAT IT COSTS TODAY"], 12, bold=True, colour=self.brand.accent)
        self.fitted(slide, 8.55, BODY_TOP + 0.85, WIDTH - MARGIN - 8.8, 3.9, [p.problem_cost], 20, 12)

    @slide_kind("personas")
    def slide_personas(self) -> None:
        personas = self.face.icp.personas
        if self.offer and self.offer.personas:
            personas = [p for p in personas if p.id in self.offer.personas] or personas
        twins = {p.id: self.inside("icp.personas", p.id) for p in personas}
        notes = "\n\n".join(
            f"{p.name} ({p.role}): "
            + " ".join(
                filter(
                    None,
                    [
                        twins[p.id].talk_track if twins[p.id] else None,
                        "Expect: " + "; ".join(twins[p.id].objections) if twins[p.id] and twins[p.id].objections else None,
                    ],
                )
            )
            for p in personas
        )
        for start in range(0, len(personas), 3):
            group = personas[start : start + 3]
            slide = self.new_slide("Who it's for" + (" (continued)" if start else ""), notes)
            w = (WIDTH - 2 * MARGIN - 0.4 * (len(group) - 1)) / len(group)
            for i, persona in enumerate(group):
                x = MARGIN + i * (w + 0.4)
                self.card(slide, x, BODY_TOP + 0.1, w, 4.9, persona.name, [persona.role, *persona.pains[:3]])

    @slide_kind("positioning")
    def slide_positioning(self) -> None:
        p = self.face.positioning
        notes = "\n\n".join(filter(None, [p.statement, self.inside_value("positioning.talk_track")]))
        diffs = p.differentiators
        for start in range(0, len(diffs), 4):
            group = diffs[start : start + 4]
            slide = self.new_slide(f"Why {self.face.company.name}" + (" (continued)" if start else ""), notes)
            self.fitted(slide, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, 0.8, [p.category], 20, 14, colour=GREY)
            cols = 2
            w = (WIDTH - 2 * MARGIN - 0.4) / cols
            h = 2.0 if len(group) > 2 else 4.0
            for i, d in enumerate(group):
                x = MARGIN + (i % cols) * (w + 0.4)
                y = BODY_TOP + 0.9 + (i // cols) * (h + 0.25)
                self.card(slide, x, y, w, h, d.headline, [d.detail])

    @slide_kind("pillars")
    def slide_pillars(self) -> None:
        points = {pp.id: pp for pp in self.face.positioning.proof_points}
        for pillar in self.face.positioning.value_pillars:
            proof = [points[i] for i in pillar.proof_points if i in points]
            twin = self.inside("positioning.value_pillars", pillar.id)
            talk = twin.talk_track if twin else None
            notes = "\n\n".join(filter(None, [talk, "Sources: " + "; ".join(p.source for p in proof)]))
            slide = self.new_slide(pillar.headline, notes)
            self.fitted(slide, MARGIN, BODY_TOP + 0.1, 6.0, 4.8, [pillar.description], 22, 13)
            self._rect(slide, 7.1, BODY_TOP + 0.1, WIDTH - MARGIN - 7.1, 4.8, self.brand.secondary, rounded=True)
            self.text(slide, 7.35, BODY_TOP + 0.3, 5, 0.5, ["PROOF"], 12, bold=True, colour=self.brand.accent)
            self.fitted(slide, 7.35, BODY_TOP + 0.85, WIDTH - MARGIN - 7.6, 3.9, [p.claim for p in proof], 18, 11, bullets=True)

    def _studies(self) -> list[CaseStudy]:
        studies = list(self.face.case_studies)  # the public content holds no internal story
        if self.offer:
            studies = [s for s in studies if self.offer.id in s.offers]
        return studies

    @slide_kind("case_studies")
    def slide_case_studies(self) -> None:
        for study in self._studies():
            customer = study.customer  # already the stand-in name for an anonymized story
            twin = self.inside("case_studies", study.id)
            notes = (twin.talk_track if twin else None) or ""
            if study.publication == "anonymized":
                notes += "\n\nAnonymized: never name the customer or the person quoted, in the room or in writing."
            slide = self.new_slide(study.title, notes)
            facts = " · ".join(filter(None, [customer, study.industry, study.size, study.region]))
            self.fitted(slide, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, 0.5, [facts or ""], 16, 11, colour=GREY)
            rows = len(study.results) + 1
            table = slide.shapes.add_table(
                rows, 4, Inches(MARGIN), Inches(BODY_TOP + 0.65), Inches(7.4), Inches(0.5 * rows)
            ).table
            widths = [3.4, 1.35, 1.35, 1.3]
            for i, width in enumerate(widths):
                table.columns[i].width = Inches(width)
            for col, label in enumerate(["Result", "Before", "After", "Change"]):
                self._cell(table.cell(0, col), label, 13, bold=True, colour=WHITE, fill=self.brand.primary)
            for r, metric in enumerate(study.results, start=1):
                values = [
                    metric.label,
                    self.fmt.value(metric.before, metric.format, metric.unit),
                    self.fmt.value(metric.after, metric.format, metric.unit),
                    self.fmt.change(metric.before, metric.after),
                ]
                for col, value in enumerate(values):
                    self._cell(table.cell(r, col), value, 12, bold=col == 3, colour=self.brand.primary if col == 3 else DARK)
            if study.quote:
                self._rect(slide, 8.4, BODY_TOP + 0.65, WIDTH - MARGIN - 8.4, 4.4, self.brand.secondary, rounded=True)
                self._rect(slide, 8.4, BODY_TOP + 0.65, 0.08, 4.4, self.brand.accent)
                self.fitted(
                    slide, 8.7, BODY_TOP + 0.85, WIDTH - MARGIN - 8.95, 3.2, [f"“{study.quote.text}”"], 18, 11, colour=DARK
                )
                who = ", ".join(filter(None, [study.quote.name, study.quote.role]))
                self.fitted(slide, 8.7, BODY_TOP + 4.15, WIDTH - MARGIN - 8.95, 0.8, [who], 12, 9, colour=GREY)

    @slide_kind("offers")
    def slide_offers(self) -> None:
        offers = [self.offer] if self.offer else sorted(self.face.offers, key=lambda o: (o.order, o.name))
        for offer in offers:
            twin = self.inside("offers", offer.id)
            notes = [(twin.talk_track if twin else None) or ""]
            if twin and twin.pricing:
                p = twin.pricing
                notes.append(
                    f"Pricing floor: {self.fmt.money(p.floor)}. Largest discount without approval: "
                    f"{p.max_discount_percent:g}%." + (f" Approval: {p.approval}" if p.approval else "")
                )
                notes += [f"Discount rule: {rule}" for rule in p.discount_rules]
            slide = self.new_slide(offer.name, "\n\n".join(filter(None, notes)))
            self.fitted(slide, MARGIN, BODY_TOP, 7.4, 1.1, [offer.summary], 18, 12, colour=GREY)
            inclusions = offer.inclusions
            size = fit_size(inclusions, 7.4, 3.6, 16, 11)
            if size is None:
                size, inclusions = 11, split_to_fit(inclusions, 7.4, 3.6, 11)[0]
            self.text(slide, MARGIN, BODY_TOP + 1.25, 7.4, 3.6, inclusions, size, bullets=True)
            self._rect(slide, 8.4, BODY_TOP, WIDTH - MARGIN - 8.4, 4.85, self.brand.primary, rounded=True)
            self.text(slide, 8.7, BODY_TOP + 0.3, 4, 0.5, ["PRICE"], 12, bold=True, colour=self.brand.accent)
            self.fitted(
                slide,
                8.7,
                BODY_TOP + 0.8,
                WIDTH - MARGIN - 9.0,
                1.6,
                [self.fmt.price(offer.price)],
                30,
                16,
                bold=True,
                colour=WHITE,
                font=self.brand.heading,
            )
            if offer.price.note:
                self.fitted(
                    slide,
                    8.7,
                    BODY_TOP + 2.5,
                    WIDTH - MARGIN - 9.0,
                    2.1,
                    [offer.price.note],
                    14,
                    9,
                    colour=PALE,
                )
            if len(inclusions) < len(offer.inclusions):
                self.bullet_slides(
                    f"{offer.name}: also included", offer.inclusions[len(inclusions) :], "\n\n".join(filter(None, notes))
                )

    @slide_kind("roi_example")
    def slide_roi_example(self) -> None:
        offer = self.offer
        if offer is None or offer.roi is None:
            return
        plan = self.plans.get(offer.id) or plan_roi(offer.roi, offer.price)[0]
        if plan.errors:
            return
        values = plan.evaluate()
        notes = "How the numbers are computed (same formulas as the site calculator and the workbook):\n" + "\n".join(
            f"{o.label} = {o.expression}" for o in offer.roi.outputs
        )
        if offer.roi.disclaimer:
            notes += f"\n\n{offer.roi.disclaimer}"
        slide = self.new_slide(f"What {offer.name} is worth: an example", notes)
        rows = len(offer.roi.inputs) + 1
        table = slide.shapes.add_table(
            rows, 2, Inches(MARGIN), Inches(BODY_TOP), Inches(6.2), Inches(min(0.42 * rows, 4.9))
        ).table
        table.columns[0].width, table.columns[1].width = Inches(4.3), Inches(1.9)
        size = 12 if rows <= 8 else 10
        self._cell(table.cell(0, 0), "Assumption", size + 1, True, WHITE, self.brand.primary)
        self._cell(table.cell(0, 1), "Example value", size + 1, True, WHITE, self.brand.primary)
        for r, item in enumerate(offer.roi.inputs, start=1):
            self._cell(table.cell(r, 0), item.label, size)
            self._cell(table.cell(r, 1), self.fmt.value(item.default, item.format, item.unit), size, bold=True)
        # Say where the numbers come from in the room, under the table: the site's own small print.
        below = BODY_TOP + min(0.42 * rows, 4.9) + 0.25
        footnote = [f"Example with the calculator's default inputs. {offer.roi.disclaimer or ''}".strip()]
        if BODY_BOTTOM - below >= 0.5:
            self.fitted(slide, MARGIN, below, 6.2, BODY_BOTTOM - below, footnote, 12, 9, colour=GREY)
        headline = [o for o in offer.roi.outputs if o.headline] or offer.roi.outputs[:4]
        x0, w = 7.2, (WIDTH - MARGIN - 7.2 - 0.3) / 2
        # One label size for every card, so the four read as a set.
        label_size = min(fit_size([o.label], w - 0.3, 0.5, 12, 8) or 8 for o in headline[:4])
        for i, out in enumerate(headline[:4]):
            x, y = x0 + (i % 2) * (w + 0.3), BODY_TOP + (i // 2) * 1.45
            self._rect(slide, x, y, w, 1.3, self.brand.secondary, rounded=True)
            self.fitted(
                slide,
                x + 0.15,
                y + 0.1,
                w - 0.3,
                0.65,
                [self.fmt.value(values.get(out.id), out.format, out.unit)],
                26,
                14,
                bold=True,
                colour=self.brand.primary,
                font=self.brand.heading,
            )
            self.text(slide, x + 0.15, y + 0.75, w - 0.3, 0.5, [out.label], label_size, colour=GREY)
        money = [o for o in headline if o.format == "currency" and values.get(o.id) is not None]
        if money:
            number_format = '"$"#,##0' if self.face.company.currency == "USD" else "#,##0"
            self.bar_chart(
                slide,
                x0,
                BODY_TOP + 3.0,
                WIDTH - MARGIN - x0,
                2.05,
                [(o.label, round(float(values[o.id] or 0), 2)) for o in money],
                number_format,
            )

    @slide_kind("comparison")
    def slide_comparison(self) -> None:
        comparison, rivals = self.face.comparison, self.face.competitors
        if comparison is None:
            return
        notes = ["Public comparison: every cell is a public-safe claim you can leave behind."]
        for rival in [self.inside("competitors", r.id) for r in rivals] if self.full else []:
            if rival.battlecard:
                bc = rival.battlecard
                notes.append(f"{rival.name}: {bc.summary or ''} Landmines: " + "; ".join(bc.landmines))
        columns = [self.face.company.name, *[r.name for r in rivals], comparison.do_nothing.name]
        features = comparison.features
        # In a deck, seven rows a slide stay readable at 12 pt; the stand-alone comparison
        # sheet is one printable page, so it takes every row at a smaller size.
        per_slide, size, row_h = (len(features), 10, 0.4) if self.one_page else (7, 12, 0.55)
        for start in range(0, len(features), per_slide):
            group = features[start : start + per_slide]
            title = f"{self.face.company.name} compared" + (" (continued)" if start else "")
            slide = self.new_slide(title, "\n\n".join(notes))
            rows = len(group) + 1
            table = slide.shapes.add_table(
                rows, len(columns) + 1, Inches(MARGIN), Inches(BODY_TOP), Inches(WIDTH - 2 * MARGIN), Inches(row_h * rows)
            ).table
            first = 3.8
            rest = (WIDTH - 2 * MARGIN - first) / len(columns)
            table.columns[0].width = Inches(first)
            for i in range(len(columns)):
                table.columns[i + 1].width = Inches(rest)
            self._cell(table.cell(0, 0), "Feature", size, True, WHITE, self.brand.primary)
            for i, name in enumerate(columns):
                fill = self.brand.accent if i == 0 else self.brand.primary
                self._cell(table.cell(0, i + 1), name, size, True, WHITE, fill)
            for r, feature in enumerate(group, start=1):
                self._cell(table.cell(r, 0), feature.label, size)
                cells = [feature.us, *[rival.features.get(feature.id, "") for rival in rivals], feature.do_nothing]
                for i, value in enumerate(cells):
                    text = "✓" if value is True else "—" if value is False else str(value)
                    self._cell(table.cell(r, i + 1), text, size, bold=i == 0, colour=self.brand.primary if i == 0 else DARK)

    @slide_kind("next_steps")
    def slide_next_steps(self) -> None:
        c = self.face
        sla = c.lead_definition.response_sla_hours if c.lead_definition else None
        notes = []
        stages = self.inside_value("lead_definition.stages") if c.lead_definition else None
        if stages is not None:
            notes.append(f"SQL next step: {stages.sql.next_step}")
        if c.lead_definition:
            notes.append(f"Response SLA: follow up within {sla:g} hours.")
        slide = self.new_slide("Next steps", "\n\n".join(notes))
        # The business's own steps (company.yaml next_steps); without them, just the call to action.
        steps = list(c.company.next_steps[:3]) or [c.company.cta.label]
        for i, step in enumerate(steps):
            y = BODY_TOP + 0.2 + i * 1.35
            self._rect(slide, MARGIN, y, 0.9, 0.9, self.brand.accent, rounded=True)
            self.text(
                slide,
                MARGIN,
                y + 0.12,
                0.9,
                0.7,
                [str(i + 1)],
                26,
                bold=True,
                colour=WHITE,
                align=PP_ALIGN.CENTER,
                font=self.brand.heading,
            )
            self.fitted(slide, MARGIN + 1.2, y + 0.1, 6.3, 0.8, [step], 22, 14, bold=i == 0)
        self._rect(slide, 8.4, BODY_TOP + 0.2, WIDTH - MARGIN - 8.4, 4.1, self.brand.primary, rounded=True)
        contact = [
            c.company.contact.email,
            *([c.company.contact.phone] if c.company.contact.phone else []),
            c.company.website.removeprefix("https://").rstrip("/"),
        ]
        if sla:
            contact.append(f"We reply within {sla:g} business hours.")
        self.fitted(slide, 8.7, BODY_TOP + 0.5, WIDTH - MARGIN - 9.0, 3.6, contact, 20, 12, colour=WHITE)

    @slide_kind("objections")
    def slide_objections(self) -> None:
        if self.face.faqs is None:
            return
        faqs = [
            f for f in self.face.faqs.faqs if f.objection and (self.offer is None or not f.offers or self.offer.id in f.offers)
        ]
        width = WIDTH - 2 * MARGIN
        for i in range(0, len(faqs), 2):
            pair = faqs[i : i + 2]
            slide = self.new_slide(
                "Appendix: objection handling" + (" (continued)" if i else ""),
                "\n\n".join(
                    f"{f.question}\n{getattr(self.inside('faqs.faqs', f.id), 'talk_track', None) or f.answer}" for f in pair
                ),
            )
            for j, faq in enumerate(pair):
                y = BODY_TOP + j * 2.6
                self.fitted(
                    slide,
                    MARGIN,
                    y,
                    width,
                    0.7,
                    [faq.question],
                    18,
                    12,
                    bold=True,
                    colour=self.brand.primary,
                    font=self.brand.heading,
                )
                self.fitted(slide, MARGIN, y + 0.7, width, 1.75, [_plain(faq.answer)], 14, 9)

    @slide_kind("battlecard")
    def slide_battlecard(self) -> None:
        if self.competitor is None:
            return  # a battlecard is made once per competitor (for_each: competitor)
        rival = self.inside("competitors", self.competitor)
        if rival is None:
            return  # a battlecard is internal: never in a send version
        bc = rival.battlecard
        if bc is None:
            return
        slide = self.new_slide(f"Battlecard: {rival.name}", "Internal: never show or send this to a prospect.")
        self._internal_badge(slide)
        self.fitted(slide, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, 0.8, [bc.summary or rival.summary], 18, 11, colour=GREY)
        w = (WIDTH - 2 * MARGIN - 0.4) / 2
        self.card(slide, MARGIN, BODY_TOP + 0.9, w, 4.1, "Where they win", bc.where_they_win or ["Nothing noted."])
        self.card(slide, MARGIN + w + 0.4, BODY_TOP + 0.9, w, 4.1, "Landmines to set early", bc.landmines or ["None noted."])
        slide = self.new_slide(f"Battlecard: {rival.name} (in the call)", "Internal: never show or send this to a prospect.")
        self._internal_badge(slide)
        self.card(slide, MARGIN, BODY_TOP, w, 5.0, "Trap questions to ask", bc.trap_questions or ["None noted."])
        self.card(slide, MARGIN + w + 0.4, BODY_TOP, w, 5.0, "When they say... you say", bc.responses or ["None noted."])


def _plain(markdown: str) -> str:
    """Return Markdown as one plain paragraph for a slide: no markup characters shown."""
    text = " ".join(line.strip().lstrip("-*>#").strip() for line in markdown.splitlines() if line.strip())
    return text.replace("**", "").replace("__", "").replace("`", "")


def _drop_slides(prs: PresentationType) -> None:
    """Remove the example slides a branded template may carry, keeping its layouts."""
    ids = prs.slides._sldIdLst  # noqa: SLF001 - python-pptx has no public API for this
    for sld_id in list(ids):
        prs.part.drop_rel(sld_id.rId)
        ids.remove(sld_id)


def build_deck(
    face: Content,
    full: Content | None,
    folder: Path,
    outline: DeckOutline,
    offer: Offer | None,
    moment: dt.datetime,
    template: Path | None = None,
    competitor: str | None = None,
    plans: Mapping[str, RoiPlan] | None = None,
) -> bytes:
    """Return a deck following ``outline``: the company deck, ``offer``'s deck, or ``competitor``'s battlecard.

    Slide faces come from ``face``, the public content. ``full`` is the internal channel: given,
    the deck is a presenter version (talk tracks and pricing guardrails in the notes, marked
    internal on its title slide); None, it is the send version, whose notes hold only public text.
    """
    deck = _Deck(face, full, folder, template, offer)
    deck.one_page = outline.one_page
    deck.competitor = competitor
    deck.plans = dict(plans or {})
    for kind in outline.slides:
        SLIDE_KINDS[kind](deck)
    props = deck.prs.core_properties
    props.title = f"{offer.name if offer else face.company.name}: {outline.title}"
    props.author = props.last_modified_by = face.company.name
    props.comments = props.subject = props.keywords = props.category = ""
    props.created = props.modified = props.last_printed = moment.replace(tzinfo=None)
    props.revision = 1
    buffer = io.BytesIO()
    deck.prs.save(buffer)
    return normalise(buffer.getvalue(), moment)


__all__ = ["build_deck", "fit_size", "split_to_fit", "text_height"]
