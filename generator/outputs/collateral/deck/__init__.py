"""Pitch decks (.pptx): slides from content, talk tracks in the speaker notes.

Slide faces say what the public site says (prices, metrics, ROI figures come from the same
formatter and evaluator); internal material (talk tracks, pricing floors, battlecard notes,
persona objections) goes only into speaker notes. Every shape is native and editable. Text
is measured before it is placed: it shrinks within limits, and lists that still do not fit
continue on a new slide.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.package import OpcPackage
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.package import Package
from pptx.parts.image import ImagePart
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide
from pptx.util import Emu, Inches

from generator.colour import Palette
from generator.context.formatting import Formatter
from generator.expr.plan import RoiPlan, plan_roi
from generator.model import Account, CaseStudy, Content, Metric, Offer
from generator.outputs.collateral.deck.draw import HEIGHT, INK, MARGIN, MUTED, WHITE, WIDTH, Drawing, _Brand
from generator.outputs.collateral.deck.measure import (
    brief,
    fit_size,
    forget_with_measurements,
    keep_measurements,
    split_to_fit,
    text_height,
    words,
)
from generator.outputs.collateral.deck.save import save_deck
from generator.outputs.collateral.images import raster_image

if TYPE_CHECKING:  # the outline reads its valid slide kinds from this module's registry
    from generator.outputs.collateral.outline import DeckOutline

BODY_TOP, BODY_BOTTOM = 1.65, 6.75
#: Words a slide face may carry: about 60, as good B2B decks keep to. Longer prose shows as
#: its first sentences, and is said in full from the notes.
WORDS = 60


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
        self.folder = folder
        self.brand = _Brand(
            Palette(b.primary, b.secondary, b.accent),
            b.heading_font,
            b.body_font,
            raster_image(folder, b.logo) if b.logo else None,
        )
        self.template = template
        self.prs: PresentationType = Presentation(str(template)) if template else Presentation()
        if template:
            _drop_slides(self.prs)
        else:
            self.prs.slide_width, self.prs.slide_height = Inches(WIDTH), Inches(HEIGHT)
        _name_notes_directly(self.prs)
        self.count = 0
        #: The outline's one_page: the stand-alone comparison, everything on one printable page.
        self.one_page = False
        #: The competitor of a battlecard deck.
        self.competitor: str | None = None
        #: ROI plans from the build's context (planned once per build), by offer id.
        self.plans: dict[str, RoiPlan] = {}
        #: A per-account (ABM) deck: the account, the offers proposed, the case studies matched.
        self.account: Account | None = None
        self.proposed: list[Offer] = []
        self.matched: list[str] | None = None

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

    def _add_slide(self, layout: Any) -> Slide:
        """Add a slide; its shapes are numbered by counting on from the layout's, not by a search each time.

        Every shape of a slide is added through the one `Slide` returned here, so the ids
        python-pptx's turbo-add mode hands out are the ones its search would find.
        """
        slide: Slide = self.prs.slides.add_slide(layout)
        slide.shapes.turbo_add_enabled = True
        return slide

    def new_slide(self, title: str, notes: str, internal: bool = False) -> Slide:
        """Add a slide with its title, footer and notes; ``internal`` marks it so on its face."""
        self.count += 1
        if self.template:
            slide = self._add_slide(self._layout("Title Only", 5))
            if slide.shapes.title is not None:
                slide.shapes.title.text = title
        else:
            slide = self._add_slide(self.prs.slide_layouts[6])
            self._rect(slide, 0, 0, 0.18, HEIGHT, self.brand.primary)
            self.fitted(
                slide,
                MARGIN,
                0.4,
                WIDTH - 2 * MARGIN - (3.6 if internal else 0),
                1.0,
                [title],
                32,
                22,
                bold=True,
                colour=self.brand.palette.heading,
                font=self.brand.heading,
                anchor=MSO_ANCHOR.BOTTOM,
            )
            self._rect(slide, MARGIN, 1.42, 1.1, 0.06, self.brand.accent)
            self._footer(slide)
        if internal:
            self._internal_badge(slide)
        self.notes(slide, notes)
        return slide

    def _footer(self, slide: Slide) -> None:
        self.text(slide, MARGIN, 6.98, 6, 0.35, [self.face.company.name], 10, colour=MUTED)
        self.text(slide, WIDTH - MARGIN - 1.0, 6.98, 1.0, 0.35, [str(self.count)], 10, colour=MUTED, align=PP_ALIGN.RIGHT)
        if self.brand.logo:
            slide.shapes.add_picture(str(self.brand.logo), Inches(WIDTH - MARGIN - 2.3), Inches(7.0), height=Inches(0.3))

    # --- slide kinds -------------------------------------------------------------------------
    #
    # Every face stays within about 60 words (WORDS): prose is shown as its first sentences
    # (`brief`) and said in full in the notes. Cards in a row share their sizes (`cards`).

    @slide_kind("title")
    def slide_title(self) -> None:
        c, b, p = self.face, self.brand, self.brand.palette
        title = self.offer.name if self.offer else c.company.name
        subtitle = brief(self.offer.summary if self.offer else c.company.tagline, 24)
        notes = _join(c.positioning.elevator_pitch, self.inside_value("positioning.talk_track"), self._account_brief())
        self.count += 1
        if self.template:
            slide = self._add_slide(self._layout("Title Slide", 0))
            if slide.shapes.title is not None:
                slide.shapes.title.text = title
            for shape in slide.placeholders:
                if shape.placeholder_format.idx == 1:
                    shape.text = subtitle
            self.notes(slide, notes)
            return
        slide = self._add_slide(self.prs.slide_layouts[6])
        self._rect(slide, 0, 0, WIDTH, HEIGHT, p.primary)
        self._rect(slide, 0, 5.9, WIDTH, 1.6, WHITE)
        self._rect(slide, MARGIN, 1.55, 1.3, 0.08, p.accent)
        eyebrow = f"Prepared for {self.account.name}" if self.account else c.positioning.category
        # The hero image from company.yaml, beside the title, as on the home page.
        hero = self.asset(c.company.brand.hero_image.file) if c.company.brand.hero_image else None
        text_w = 7.2 if hero else 10.5
        if hero:
            self._picture(slide, hero, 8.2, 0.55, WIDTH - MARGIN - 8.2, 4.95)
        self.fitted(slide, MARGIN, 0.6, text_w, 0.8, [eyebrow.upper()], 14, 11, bold=True, colour=p.label_on_primary)
        self.fitted(slide, MARGIN, 1.8, text_w, 1.9, [title], 48, 30, bold=True, colour=p.on_primary, font=b.heading)
        self.fitted(slide, MARGIN, 3.75, text_w, 1.9, [subtitle], 24, 16, colour=p.soft_on_primary)
        if b.logo:
            slide.shapes.add_picture(str(b.logo), Inches(MARGIN), Inches(6.2), height=Inches(0.95))
        theirs = self.asset(self.account.logo) if self.account and self.account.logo else None
        if theirs:
            slide.shapes.add_picture(str(theirs), Inches(4.6), Inches(6.2), height=Inches(0.95))
        contact = [c.company.website.removeprefix("https://").rstrip("/"), c.company.contact.email]
        self.fitted(slide, WIDTH - MARGIN - 5.5, 6.2, 5.5, 1.0, contact, 16, 11, colour=INK, align=PP_ALIGN.RIGHT)
        if self.full is not None:
            self._internal_badge(slide)  # a presenter version: its notes are for us, not the prospect
        self.notes(slide, notes)

    @slide_kind("account_pains")
    def slide_account_pains(self) -> None:
        """In an account's deck: what we heard from them, in their words, before anything about us."""
        account = self.account
        if account is None:
            return
        slide = self.new_slide(f"What we heard from {account.name}", self._account_brief() or "")
        cards: list[tuple[str, list[str]]] = [(brief(pain, 14), []) for pain in account.pains[:4]]
        self.cards(slide, MARGIN, BODY_TOP + 0.1, WIDTH - 2 * MARGIN, 4.9, cards, columns=2 if len(cards) > 2 else len(cards))

    def _account_brief(self) -> str | None:
        """The account's internal brief for the presenter: owner, stage, deal terms and the notes."""
        account = self.account
        if account is None or self.full is None:
            return None  # a send version carries nothing of the account file beyond what the buyer told us
        rival = self.inside("competitors", account.competitor) if account.competitor else None
        return _join(
            f"Account: {account.name}, owned by {account.owner.name}; stage {account.stage}.",
            f"Asking for {account.discount_percent:g}% off over {account.term_months} months."
            if account.discount_percent
            else None,
            f"Competitor in play: {rival.name}. Battlecard at the end of this deck." if rival else None,
            account.notes,
        )

    @slide_kind("problem")
    def slide_problem(self) -> None:
        pos, p = self.face.positioning, self.brand.palette
        notes = _join(
            f"Problem: {pos.problem}", f"Cost of the status quo: {pos.problem_cost}", self.inside_value("positioning.talk_track")
        )
        slide = self.new_slide("The problem", notes)
        self.fitted(
            slide,
            MARGIN,
            BODY_TOP + 0.1,
            7.0,
            4.8,
            [brief(pos.problem, 26)],
            32,
            18,
            bold=True,
            font=self.brand.heading,
            colour=p.heading,
        )
        self._rect(slide, 8.1, BODY_TOP + 0.1, WIDTH - MARGIN - 8.1, 4.8, p.secondary, rounded=True)
        self._rect(slide, 8.1, BODY_TOP + 0.1, 0.08, 4.8, p.accent)
        self.text(slide, 8.45, BODY_TOP + 0.35, 4.0, 0.5, ["WHAT IT COSTS TODAY"], 13, bold=True, colour=p.label_on_secondary)
        self.fitted(
            slide, 8.45, BODY_TOP + 0.95, WIDTH - MARGIN - 8.8, 3.8, [brief(pos.problem_cost, 26)], 22, 13, colour=p.on_secondary
        )

    @slide_kind("personas")
    def slide_personas(self) -> None:
        personas = self.face.icp.personas
        if self.offer and self.offer.personas:
            personas = [p for p in personas if p.id in self.offer.personas] or personas
        twins = {p.id: self.inside("icp.personas", p.id) for p in personas}
        notes = "\n\n".join(
            f"{p.name} ({p.role}). Pains: "
            + "; ".join(p.pains)
            + ". "
            + _join(
                twins[p.id].talk_track if twins[p.id] else None,
                "Expect: " + "; ".join(twins[p.id].objections) if twins[p.id] and twins[p.id].objections else None,
                sep=" ",
            )
            for p in personas
        )
        for start in range(0, len(personas), 3):
            group = personas[start : start + 3]
            slide = self.new_slide("Who it's for" + (" (continued)" if start else ""), notes)
            # Share what is left of the slide's words between the cards' pains: one or two each.
            left = WORDS - 3 - sum(words(p.name) + words(p.role) for p in group)
            each = max(8, left // len(group))
            cards = [(p.name, [p.role, *_within([brief(pain, each) for pain in p.pains[:2]], each)]) for p in group]
            self.cards(slide, MARGIN, BODY_TOP + 0.1, WIDTH - 2 * MARGIN, 4.9, cards)

    @slide_kind("positioning")
    def slide_positioning(self) -> None:
        pos = self.face.positioning
        notes = _join(
            pos.statement,
            *(f"{d.headline}: {d.detail}" for d in pos.differentiators),
            self.inside_value("positioning.talk_track"),
        )
        diffs = pos.differentiators
        for start in range(0, len(diffs), 4):
            group = diffs[start : start + 4]
            slide = self.new_slide(f"Why {self.face.company.name}" + (" (continued)" if start else ""), notes)
            self.fitted(slide, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, 0.6, [brief(pos.category, 12)], 20, 14, colour=MUTED)
            # Four headlines say enough; with fewer, each card has room for its first sentence.
            # The details are said in full from the notes.
            cards: list[tuple[str, list[str]]] = [(d.headline, [brief(d.detail, 16)] if len(group) <= 2 else []) for d in group]
            self.cards(slide, MARGIN, BODY_TOP + 0.8, WIDTH - 2 * MARGIN, 4.3, cards, columns=2)

    @slide_kind("pillars")
    def slide_pillars(self) -> None:
        p = self.brand.palette
        points = {pp.id: pp for pp in self.face.positioning.proof_points}
        for pillar in self.face.positioning.value_pillars:
            proof = [points[i] for i in pillar.proof_points if i in points][:2]
            twin = self.inside("positioning.value_pillars", pillar.id)
            notes = _join(
                pillar.description,
                twin.talk_track if twin else None,
                *(f"{pp.claim} (Source: {pp.source})" for pp in proof),
            )
            slide = self.new_slide(pillar.headline, notes)
            self.fitted(slide, MARGIN, BODY_TOP + 0.1, 6.0, 4.8, [brief(pillar.description, 24)], 32, 18, colour=INK)
            self.text(slide, 7.1, BODY_TOP + 0.1, 5, 0.5, ["PROOF"], 13, bold=True, colour=p.label)
            claims = [brief(pp.claim, 18) for pp in proof]
            h = 2.0 if len(claims) > 1 else 2.8
            size = min(self.size_for([c], WIDTH - MARGIN - 7.55, h - 0.3, 24, 12) for c in claims) if claims else 12
            for i, claim in enumerate(claims):
                y = BODY_TOP + 0.7 + i * (h + 0.25)
                self._rect(slide, 7.1, y, WIDTH - MARGIN - 7.1, h, p.secondary, rounded=True)
                self._rect(slide, 7.1, y, 0.08, h, p.accent)
                self.text(
                    slide,
                    7.35,
                    y + 0.15,
                    WIDTH - MARGIN - 7.55,
                    h - 0.3,
                    [claim],
                    size,
                    colour=p.on_secondary,
                    anchor=MSO_ANCHOR.MIDDLE,
                )

    def _studies(self) -> list[CaseStudy]:
        studies = list(self.face.case_studies)  # the public content holds no internal story
        if self.matched is not None:
            return [s for i in self.matched for s in studies if s.id == i]  # an account's matched proof, best first
        if self.offer:
            studies = [s for s in studies if self.offer.id in s.offers]
        return studies

    @slide_kind("case_studies")
    def slide_case_studies(self) -> None:
        p = self.brand.palette
        for study in self._studies():
            customer = study.customer  # already the stand-in name for an anonymized story
            twin = self.inside("case_studies", study.id)
            notes = _join(
                study.summary,
                *(
                    f"{m.label}: {self.fmt.value(m.before, m.format, m.unit)} → {self.fmt.value(m.after, m.format, m.unit)}"
                    for m in study.results
                ),
                twin.talk_track if twin else None,
                "Anonymized: never name the customer or the person quoted, in the room or in writing."
                if study.publication == "anonymized"
                else None,
            )
            slide = self.new_slide(study.title, notes)
            results = study.results[:3]
            quote = study.quote
            who = ", ".join(filter(None, [quote.name, quote.role])) if quote else ""
            facts = " · ".join(filter(None, [customer, study.industry, study.size]))
            spent = words(study.title) + words(who) + sum(words(m.label) + words(" ".join(self._headline(m))) for m in results)
            if quote and WORDS - spent - words(facts) < 12:
                facts = " · ".join(filter(None, [customer, study.industry]))  # the quote matters more than the size
            quote_words = max(12, WORDS - spent - words(facts))
            self.fitted(slide, MARGIN, BODY_TOP - 0.05, 9.5, 0.5, [facts], 16, 11, colour=MUTED)
            logo = self.asset(study.logo) if study.logo else None
            if logo:
                slide.shapes.add_picture(str(logo), Inches(WIDTH - MARGIN - 2.2), Inches(BODY_TOP - 0.1), height=Inches(0.6))
            area_w = 8.2 if quote else WIDTH - 2 * MARGIN
            tiles = [(big, m.label, detail) for m in results for big, detail in [self._headline(m)]]
            if len(results) == 3 and quote:
                self._metric_rows(slide, MARGIN, BODY_TOP + 0.6, area_w, tiles)
            else:
                self.metrics(slide, MARGIN, BODY_TOP + 0.7, area_w, 2.6, tiles, columns=len(tiles))
            if quote:
                x = MARGIN + area_w + 0.35
                self._rect(slide, x, BODY_TOP + 0.6, WIDTH - MARGIN - x, 4.45, p.primary, rounded=True)
                self.fitted(
                    slide,
                    x + 0.3,
                    BODY_TOP + 0.85,
                    WIDTH - MARGIN - x - 0.6,
                    3.0,
                    [f"“{brief(quote.text, quote_words)}”"],
                    20,
                    12,
                    colour=p.on_primary,
                )
                self.fitted(
                    slide,
                    x + 0.3,
                    BODY_TOP + 3.95,
                    WIDTH - MARGIN - x - 0.6,
                    0.9,
                    [who],
                    13,
                    10,
                    bold=True,
                    colour=p.label_on_primary,
                )

    def _headline(self, m: Metric) -> tuple[str, str]:
        """Return a result's big number and the line under it.

        A count or an amount shows its relative change ("−60%", with "7 → 2.8 hours per day");
        a rate shows where it got to ("74%", "up from 58%"), because a relative change of a
        percentage misleads; a result that starts from nothing shows where it got to.
        """
        before = self.fmt.value(m.before, m.format)
        after = self.fmt.value(m.after, m.format, m.unit)
        if m.format == "percent" or not m.before:
            direction = "up" if m.after >= m.before else "down"
            return after, f"{direction} from {self.fmt.value(m.before, m.format, m.unit)}"
        return self.fmt.change(m.before, m.after), f"{before} → {after}"

    def _metric_rows(self, slide: Slide, x: float, y: float, w: float, tiles: Sequence[tuple[str, str, str]]) -> None:
        """Three headline numbers stacked beside a quote, each beside its label; one size per role."""
        p = self.brand.palette
        h = 1.35
        value = min(self.size_for([v], 2.6, h - 0.2, 36, 20, True, self.brand.heading) for v, _, _ in tiles)
        label = min(self.size_for([t], w - 3.2, 0.6, 16, 11, True) for _, t, _ in tiles)
        detail = min(self.size_for([d], w - 3.2, 0.5, 14, 10) for _, _, d in tiles)
        for i, (v, t, d) in enumerate(tiles):
            ty = y + i * (h + 0.15)
            self._rect(slide, x, ty, w, h, p.secondary, rounded=True)
            self._rect(slide, x, ty, 0.08, h, p.accent)
            self.text(
                slide,
                x + 0.25,
                ty + 0.1,
                2.6,
                h - 0.2,
                [v],
                value,
                True,
                p.card_heading,
                self.brand.heading,
                anchor=MSO_ANCHOR.MIDDLE,
            )
            self.text(slide, x + 3.0, ty + 0.15, w - 3.2, 0.6, [t], label, True, p.on_secondary)
            self.text(slide, x + 3.0, ty + 0.75, w - 3.2, 0.5, [d], detail, colour=p.on_secondary)

    @staticmethod
    def _picture(slide: Slide, path: Path, x: float, y: float, w: float, h: float) -> None:
        """Place a picture as large as fits the box, keeping its proportions, centred in it."""
        from PIL import Image

        with Image.open(path) as image:
            ratio = image.width / image.height
        pw, ph = (w, w / ratio) if w / ratio <= h else (h * ratio, h)
        slide.shapes.add_picture(str(path), Inches(x + (w - pw) / 2), Inches(y + (h - ph) / 2), Inches(pw), Inches(ph))

    def asset(self, relative: str) -> Path | None:
        """Return an image under the content folder, if it is there (check has already said when not)."""
        return raster_image(self.folder, relative)

    def _pricing_notes(self, offer: Offer) -> list[str]:
        twin = self.inside("offers", offer.id)
        notes = [(twin.talk_track if twin else None) or ""]
        if twin and twin.pricing:
            pr = twin.pricing
            notes.append(
                f"Pricing floor: {self.fmt.money(pr.floor)}. Largest discount without approval: "
                f"{pr.max_discount_percent:g}%." + (f" Approval: {pr.approval}" if pr.approval else "")
            )
            notes += [f"Discount rule: {rule}" for rule in pr.discount_rules]
        return notes

    def featured(self) -> list[Offer]:
        """The offers a deck presents one by one: an account's proposed offers, or an offer deck's offer."""
        if self.account is not None:
            return self.proposed
        return [self.offer] if self.offer else []

    @slide_kind("offers")
    def slide_offers(self) -> None:
        featured = self.featured()
        if not featured:
            self._offer_overview()
            return
        for offer in featured:
            self._offer_slide(offer)

    def _offer_slide(self, offer: Offer) -> None:
        p = self.brand.palette
        notes = _join(offer.summary, "Included: " + "; ".join(offer.inclusions), *self._pricing_notes(offer))
        slide = self.new_slide(offer.name, notes)
        self.fitted(slide, MARGIN, BODY_TOP, 7.3, 0.9, [brief(offer.summary, 14)], 20, 13, colour=MUTED)
        shot = self.asset(offer.screenshot) if offer.screenshot else None
        if shot:
            slide.shapes.add_picture(str(shot), Inches(MARGIN), Inches(BODY_TOP + 1.05), height=Inches(3.8))
        else:
            spent = words(offer.name) + words(brief(offer.summary, 14)) + words(self.fmt.price(offer.price)) + 1
            spent += words(brief(offer.price.note, 10)) if offer.price.note else 0
            shown = offer.inclusions[:4]
            items = [brief(i, max(5, (WORDS - spent) // len(shown))) for i in shown]
            self.fitted(slide, MARGIN, BODY_TOP + 1.1, 7.3, 3.8, items, 20, 12, bullets=True, colour=INK)
        x = 8.3
        self._rect(slide, x, BODY_TOP, WIDTH - MARGIN - x, 4.9, p.primary, rounded=True)
        self.text(slide, x + 0.3, BODY_TOP + 0.3, 4, 0.5, ["PRICE"], 13, bold=True, colour=p.label_on_primary)
        self.fitted(
            slide,
            x + 0.3,
            BODY_TOP + 0.85,
            WIDTH - MARGIN - x - 0.6,
            1.6,
            [self.fmt.price(offer.price)],
            36,
            20,
            bold=True,
            colour=p.on_primary,
            font=self.brand.heading,
        )
        if offer.price.note:
            self.fitted(
                slide,
                x + 0.3,
                BODY_TOP + 2.6,
                WIDTH - MARGIN - x - 0.6,
                2.0,
                [brief(offer.price.note, 10)],
                16,
                11,
                colour=p.soft_on_primary,
            )

    def _offer_overview(self) -> None:
        offers = sorted(self.face.offers, key=lambda o: (o.order, o.name))
        notes = _join(*(n for o in offers for n in (f"{o.name}: {o.summary}", *self._pricing_notes(o))))
        for start in range(0, len(offers), 3):
            group = offers[start : start + 3]
            slide = self.new_slide("Ways to work with us" + (" (continued)" if start else ""), notes)
            cards = [(o.name, [self.fmt.price(o.price), brief(o.summary, 12)]) for o in group]
            self.cards(slide, MARGIN, BODY_TOP + 0.1, WIDTH - 2 * MARGIN, 4.9, cards)

    @slide_kind("roi_example")
    def slide_roi_example(self) -> None:
        for offer in self.featured():
            self._roi_slide(offer)

    def _roi_slide(self, offer: Offer) -> None:
        p = self.brand.palette
        if offer.roi is None:
            return
        plan = self.plans.get(offer.id) or plan_roi(offer.roi, offer.price)[0]
        if plan.errors:
            return
        theirs = dict(self.account.roi_inputs.get(offer.id, {})) if self.account else {}
        values = plan.evaluate(theirs)
        whose = f"{self.account.name}'s numbers" if self.account else "the calculator's default inputs"
        notes = f"Worked out with {whose}; the workbook and the website use the same formulas:\n" + "\n".join(
            f"{o.label} = {o.expression}" for o in offer.roi.outputs
        )
        if offer.roi.disclaimer:
            notes += f"\n\n{offer.roi.disclaimer}"
        slide = self.new_slide(f"What {offer.name} is worth" + (f" to {self.account.name}" if self.account else ""), notes)
        inputs = offer.roi.inputs[:6]
        rows = len(inputs) + 1
        row_h = min(0.6, 4.9 / rows)
        frame = slide.shapes.add_table(rows, 2, Inches(MARGIN), Inches(BODY_TOP), Inches(6.0), Inches(row_h * rows))
        _size_table(frame, [4.2, 1.8], None)
        table = frame.table
        header = f"{self.account.name}'s numbers" if self.account else "For a business like this"
        self._cell(table.cell(0, 0), header, 14, True, p.on_primary, p.primary)
        self._cell(table.cell(0, 1), "", 14, True, p.on_primary, p.primary)
        for r, item in enumerate(inputs, start=1):
            self._cell(table.cell(r, 0), item.label, 13)
            self._cell(table.cell(r, 1), self.fmt.value(theirs.get(item.id, item.default), item.format, item.unit), 13, bold=True)
        headline = ([o for o in offer.roi.outputs if o.headline] or offer.roi.outputs)[:4]
        x0 = 7.0
        cols = 2 if len(headline) > 1 else 1
        h = 2.3 if len(headline) > 2 else 4.9
        tiles = [(self.fmt.value(values.get(o.id), o.format, o.unit), brief(o.label, 6), "") for o in headline]
        self.metrics(slide, x0, BODY_TOP, WIDTH - MARGIN - x0, 2 * h + 0.3 if len(headline) > 2 else h, tiles, columns=cols)

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
        # In a deck, six rows a slide stay readable at 14 pt; the stand-alone comparison
        # sheet is one printable page, so it takes every row at a smaller size.
        slides = 1 if self.one_page else -(-len(features) // 6)
        per_slide = -(-len(features) // slides)  # balanced: no near-empty "continued" slide
        for start in range(0, len(features), per_slide):
            group = features[start : start + per_slide]
            title = f"{self.face.company.name} compared" + (" (continued)" if start else "")
            slide = self.new_slide(title, "\n\n".join(notes))
            rows = [(f.label, [f.us, *[rival.features.get(f.id, "") for rival in rivals], f.do_nothing]) for f in group]
            self.matrix(slide, columns, rows, small=self.one_page)

    def matrix(
        self, slide: Slide, columns: Sequence[str], rows: Sequence[tuple[str, Sequence[object]]], small: bool = False
    ) -> None:
        """The comparison matrix: one look in every deck, the one-pager and the battlecard.

        Rows are measured at each size, largest first, so the table LibreOffice and PowerPoint
        lay out (rows grow to fit their text) stays above the footer.
        """
        p = self.brand.palette
        header = ["", *columns]
        body = [[label, *(_mark(v) for v in cells)] for label, cells in rows]
        # The same table is in every deck of a build (and the one-pager): made once, then copied.
        key = (tuple(header), tuple(map(tuple, body)), small, p.primary, p.secondary, p.accent, self.brand.body)
        made = _TABLES.get(key)
        if made is not None:
            _copy_table(slide, made)
            return
        width = WIDTH - 2 * MARGIN if len(columns) > 2 else 7.5
        first = min(3.6, width * (0.34 if len(columns) > 2 else 0.44))
        rest = (width - first) / len(columns)
        widths = [first, *[rest] * len(columns)]

        def cell_height(text: str, w: float, size: int, bold: bool) -> float:
            measured = text_height([text], w - 0.2, size, self.brand.body, bold=bold)
            if measured != float("inf"):
                return measured
            # A word wider than its column (many competitors, narrow columns): the viewer
            # breaks it, so count the lines its characters need.
            per_line = max(1.0, (w - 0.3) * 72 / (size * 0.55))
            return (-(-len(text) // int(per_line))) * size * 1.22 / 72 + 0.11

        def heights(size: int) -> list[float]:
            return [
                max(cell_height(cell, w, size, i > 0 or r == 0) for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
                for r, row in enumerate([header, *body])
            ]

        room = BODY_BOTTOM - BODY_TOP
        # A printed one-pager may go down to 7 pt to keep every competitor on its page.
        for size in (14, 13, 12, 11, 10, 9) + ((8, 7) if small else ()):
            if small and size > 12:
                continue
            rows_h = [max(h, 0.34) for h in heights(size)]
            if sum(rows_h) <= room:
                break
        spare = (room - sum(rows_h)) / len(rows_h)
        rows_h = [h + min(max(spare, 0), 0.2) for h in rows_h]
        shape = slide.shapes.add_table(
            len(body) + 1, len(header), Inches(MARGIN), Inches(BODY_TOP), Inches(width), Inches(sum(rows_h))
        )
        table = shape.table
        _size_table(shape, widths, rows_h)
        for i, name in enumerate(header):
            fill = p.accent if i == 1 else p.primary
            self._cell(table.cell(0, i), name, size, True, p.on_accent if i == 1 else p.on_primary, fill)
        for r, row in enumerate(body, start=1):
            shade = p.secondary if r % 2 == 0 else WHITE
            ink = p.on_secondary if r % 2 == 0 else INK
            for i, text in enumerate(row):
                self._cell(table.cell(r, i), text, size, bold=i == 1, colour=ink, fill=shade)
        _TABLES[key] = copy.deepcopy(shape._element)  # noqa: SLF001

    @slide_kind("next_steps")
    def slide_next_steps(self) -> None:
        c, p = self.face, self.brand.palette
        sla = c.lead_definition.response_sla_hours if c.lead_definition else None
        stages = self.inside_value("lead_definition.stages") if c.lead_definition else None
        notes = _join(
            f"SQL next step: {stages.sql.next_step}" if stages is not None else None,
            f"Response SLA: follow up within {sla:g} hours." if sla else None,
        )
        slide = self.new_slide("Next steps", notes)
        # The business's own steps (company.yaml next_steps); without them, just the call to action.
        steps = [brief(s, 12) for s in c.company.next_steps[:3]] or [c.company.cta.label]
        size = min(self.size_for([s], 6.3, 0.9, 22, 14, bold=True) for s in steps)
        for i, step in enumerate(steps):
            y = BODY_TOP + 0.2 + i * 1.45
            self._rect(slide, MARGIN, y, 0.95, 0.95, p.accent, rounded=True)
            self.text(
                slide,
                MARGIN,
                y + 0.12,
                0.95,
                0.75,
                [str(i + 1)],
                28,
                True,
                p.on_accent,
                self.brand.heading,
                align=PP_ALIGN.CENTER,
            )
            self.text(slide, MARGIN + 1.25, y, 6.3, 0.95, [step], size, bold=i == 0, anchor=MSO_ANCHOR.MIDDLE)
        x = 8.3
        self._rect(slide, x, BODY_TOP + 0.2, WIDTH - MARGIN - x, 4.2, p.primary, rounded=True)
        self.text(slide, x + 0.3, BODY_TOP + 0.5, 4, 0.5, ["GET IN TOUCH"], 13, bold=True, colour=p.label_on_primary)
        contact = [
            c.company.contact.email,
            *([c.company.contact.phone] if c.company.contact.phone else []),
            c.company.website.removeprefix("https://").rstrip("/"),
        ]
        if sla:
            contact.append(f"We reply within {sla:g} business hours.")
        self.fitted(slide, x + 0.3, BODY_TOP + 1.1, WIDTH - MARGIN - x - 0.6, 3.1, contact, 20, 12, colour=p.on_primary)

    @slide_kind("objections")
    def slide_objections(self) -> None:
        if self.face.faqs is None:
            return
        # An offer deck answers the objections about that offer; general ones are in the company deck.
        offer = self.offer
        relevant = [f for f in self.face.faqs.faqs if offer is None or offer.id in f.offers]
        faqs = [f for f in relevant if f.objection]
        if len(faqs) % 2:
            # A lone question makes a near-empty slide: pair it with the next question buyers ask.
            faqs += [f for f in relevant if not f.objection][:1]
        width = WIDTH - 2 * MARGIN
        for i in range(0, len(faqs), 2):
            pair = faqs[i : i + 2]
            slide = self.new_slide(
                "Appendix: questions we hear" + (" (continued)" if i else ""),
                "\n\n".join(
                    f"{f.question}\n{getattr(self.inside('faqs.faqs', f.id), 'talk_track', None) or _plain(f.answer)}"
                    for f in pair
                ),
            )
            each = max(8, (WORDS - 4 - sum(words(f.question) for f in pair)) // len(pair))
            cards = [(faq.question, [brief(_plain(faq.answer), each)]) for faq in pair]
            self.cards(slide, MARGIN, BODY_TOP, width, BODY_BOTTOM - BODY_TOP, cards, columns=1, gap=0.3)

    @slide_kind("battlecard")
    def slide_battlecard(self) -> None:
        if self.competitor is None:
            return  # a battlecard is made once per competitor (for_each: competitor)
        rival = self.inside("competitors", self.competitor)
        if rival is None or rival.battlecard is None:
            return  # a battlecard is internal: never in a send version
        bc, us = rival.battlecard, self.face.company.name
        notes = _join(
            "Internal: never show or send this to a prospect.",
            bc.summary or rival.summary,
            "Where they win:\n" + "\n".join(f"- {t}" for t in bc.where_they_win) if bc.where_they_win else None,
            "Landmines to set early:\n" + "\n".join(f"- {t}" for t in bc.landmines) if bc.landmines else None,
            "Trap questions to ask:\n" + "\n".join(f"- {q}" for q in bc.trap_questions) if bc.trap_questions else None,
            "When they say... you say:\n" + "\n".join(f"- {r}" for r in bc.responses) if bc.responses else None,
            getattr(bc, "talk_track", None),
        )
        slide = self.new_slide(f"{us} vs {rival.name}", notes, internal=True)
        comparison = self.face.comparison
        public = next((r for r in self.face.competitors if r.id == rival.id), None)
        if comparison is not None and public is not None:
            rows = [(f.label, [f.us, public.features.get(f.id, "")]) for f in comparison.features]
            self.matrix(slide, [us, rival.name], rows, small=True)
        x = 8.4
        cards = [
            ("Where they win", [brief(t, 16) for t in bc.where_they_win[:3]] or ["Nothing noted."]),
            ("Set these early", [brief(t, 16) for t in bc.landmines[:3]] or ["Nothing noted."]),
        ]
        self.cards(slide, x, BODY_TOP, WIDTH - MARGIN - x, BODY_BOTTOM - BODY_TOP, cards, columns=1, gap=0.25)


def _within(texts: list[str], budget: int) -> list[str]:
    """Return the leading texts whose words add up to no more than ``budget`` (at least one)."""
    out: list[str] = []
    for text in texts:
        if out and words(" ".join([*out, text])) > budget:
            break
        out.append(text)
    return out


def _mark(value: object) -> str:
    """Return a comparison cell as shown: a tick, a cross, or the claim itself."""
    return "✓" if value is True else "✗" if value is False else str(value) or "–"


def _join(*parts: str | None, sep: str = "\n\n") -> str:
    return sep.join(p for p in parts if p)


def _plain(markdown: str) -> str:
    """Return Markdown as one plain paragraph for a slide: no markup characters shown."""
    text = " ".join(line.strip().lstrip("-*>#").strip() for line in markdown.splitlines() if line.strip())
    return text.replace("**", "").replace("__", "").replace("`", "")


def _size_table(frame: GraphicFrame, widths: Sequence[float], heights: Sequence[float] | None) -> None:
    """Set a table's column widths (and row heights), then its frame's size once.

    python-pptx re-adds every column (row) each time one changes; the frame ends up the sum
    of them either way, so setting them all first writes the same table.
    """
    table = frame.table
    columns, rows = table.columns, table.rows
    for i, w in enumerate(widths):
        columns[i]._gridCol.w = Inches(w)  # noqa: SLF001 - the width without python-pptx's re-sum
    frame.width = Emu(sum(columns[i].width for i in range(len(columns))))
    if heights is not None:
        for r, h in enumerate(heights):
            rows[r]._tr.h = Inches(h)  # noqa: SLF001
        frame.height = Emu(sum(rows[r].height for r in range(len(rows))))


#: Comparison tables made in this process, by what they show and how: the graphic frame
#: python-pptx and `matrix` wrote, which the next deck with the same table copies.
_TABLES: dict[tuple[object, ...], Any] = {}
forget_with_measurements(_TABLES.clear)


def _copy_table(slide: Slide, made: Any) -> None:
    """Add a copy of a table made before, with the id and name python-pptx gives a new table here."""
    shapes = slide.shapes
    frame = copy.deepcopy(made)
    id_ = shapes._next_shape_id  # noqa: SLF001 - the id python-pptx gives the next shape
    names = frame.find(qn("p:nvGraphicFramePr")).find(qn("p:cNvPr"))
    names.set("id", str(id_))
    names.set("name", f"Table {id_ - 1}")
    shapes._spTree.insert_element_before(frame, "p:extLst")  # noqa: SLF001


def _drop_slides(prs: PresentationType) -> None:
    """Remove the example slides a branded template may carry, keeping its layouts."""
    ids = prs.slides._sldIdLst  # noqa: SLF001 - python-pptx has no public API for this
    for sld_id in list(ids):
        prs.part.drop_rel(sld_id.rId)
        ids.remove(sld_id)


#: The part name python-pptx gives each new notes slide.
NOTES_PARTNAME = "/ppt/notesSlides/notesSlide%d.xml"


class _NotesPartnames:
    """The package's ``next_partname``, without a scan of every part for each notes slide.

    python-pptx names a new notes slide by collecting the names of every part in the package,
    which makes a deck's build grow with slides². Notes slides are only ever added through
    here, so the names taken are collected once and kept, and the name chosen is the one
    python-pptx would choose. Other kinds of part go to python-pptx unchanged.
    """

    def __init__(self, package: OpcPackage) -> None:
        self.package = package
        self.scan = package.next_partname
        self.taken: set[str] | None = None

    def __call__(self, template: str) -> PackURI:
        if template != NOTES_PARTNAME:
            return self.scan(template)
        if self.taken is None:
            prefix = template[: (template % 42).find("42")]
            self.taken = {str(p.partname) for p in self.package.iter_parts() if p.partname.startswith(prefix)}
        # python-pptx's own rule: the highest free number not above one more than the count.
        name = next(template % n for n in range(len(self.taken) + 1, 0, -1) if template % n not in self.taken)
        self.taken.add(name)
        return PackURI(name)


class _ImagePartsByFile:
    """The package's ``get_or_add_image_part``, finding an image file added before by its name.

    python-pptx finds a repeated image by reading and hashing the file again and walking
    every relationship of the package, on every picture: the footer logo alone made that
    a tenth of a deck. Files under the content folder do not change during a build; any
    other image (a file object) goes to python-pptx unchanged.
    """

    def __init__(self, package: Package) -> None:
        self.find = package.get_or_add_image_part
        self.parts: dict[str, ImagePart] = {}

    def __call__(self, image_file: Any) -> ImagePart:
        if not isinstance(image_file, str):
            return self.find(image_file)  # type: ignore[no-any-return]
        part = self.parts.get(image_file)
        if part is None:
            part = self.parts[image_file] = self.find(image_file)
        return part


def _name_notes_directly(prs: PresentationType) -> None:
    package = prs.part.package
    package.next_partname = _NotesPartnames(package)  # type: ignore[method-assign,assignment]
    if isinstance(package, Package):
        package.get_or_add_image_part = _ImagePartsByFile(package)  # type: ignore[method-assign]


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
    account: Account | None = None,
    matched: Sequence[str] | None = None,
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
    if account is not None:
        deck.account = account
        deck.proposed = [o for item in account.offers for o in face.offers if o.id == item.offer]
        deck.matched = list(matched or [])
        deck.competitor = account.competitor
    for kind in outline.slides:
        SLIDE_KINDS[kind](deck)
    props = deck.prs.core_properties
    props.title = (
        f"{account.name}: {outline.title}" if account else f"{offer.name if offer else face.company.name}: {outline.title}"
    )
    props.author = props.last_modified_by = face.company.name
    props.comments = props.subject = props.keywords = props.category = ""
    props.created = props.modified = props.last_printed = moment.replace(tzinfo=None)
    props.revision = 1
    keep_measurements()  # the words this deck measured, for the next process
    return save_deck(deck.prs, moment)


__all__ = ["build_deck", "fit_size", "split_to_fit", "text_height"]
