"""Sales collateral: decks, ROI workbooks, comparison sheets and battlecards, plus the
enablement page that lists them. Every asset is a function of (content, recipe) -> bytes."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, select_autoescape

from generator.context import Audience, Context
from generator.outputs.collateral.accounts import plan_account_kits
from generator.outputs.collateral.comparison import build_comparison_workbook
from generator.outputs.collateral.deck import build_deck
from generator.outputs.collateral.jobs import run_jobs
from generator.outputs.collateral.outline import DeckOutline, load_outlines
from generator.outputs.collateral.proposal import plan_proposals
from generator.outputs.collateral.thumbnail import render_title_thumbnail
from generator.outputs.collateral.workbook import build_workbook

PROSPECT = "Prospect-facing: safe to send (its notes hold only public text)"
PRESENTER = "Internal: presenter version (talk track and pricing guardrails in the notes); never send"
INTERNAL = "Internal only: never send to a prospect"
PUBLIC = "Prospect-facing: safe to send"


@dataclass(frozen=True)
class Asset:
    """One file on the enablement page."""

    path: str
    title: str
    description: str
    audience: str
    built_from: list[str] = field(default_factory=list)
    #: A PNG of a deck's title slide, relative to the enablement folder.
    thumbnail: str | None = None
    #: The offer a per-offer asset is about.
    offer_id: str | None = None


Job = tuple[Asset, Callable[[], bytes]]


def plan_collateral(context: Context, enablement: Path) -> list[Job]:
    """Return every asset to build, each with the function that makes its bytes."""
    c, folder = context.content, context.folder
    moment: dt.datetime = context.moment
    template = enablement / "template.pptx"
    master = template if template.is_file() else None
    outlines = load_outlines(enablement / "decks.yaml")
    jobs: list[Job] = []
    basics = ["company.yaml", "icp.yaml", "positioning.yaml"]
    studies = [f"case_studies/{s.id}.yaml" for s in context.case_studies(Audience.PROSPECT)]

    face = context.public_content

    def deck(outline: DeckOutline, offer_id: str | None, presenter: bool) -> Callable[[], bytes]:
        offer = c.offer(offer_id) if offer_id else None
        # The audience is decided here, by which content the notes may read: the send version
        # gets none of the internal channel, so no internal field can reach it.
        return functools.partial(
            build_deck, face, c if presenter else None, folder, outline, offer, moment, master, plans=context.plans
        )

    def both(path: str, title: str, purpose: str, sources: list[str], outline: DeckOutline, offer_id: str | None) -> None:
        stem = path.removesuffix(".pptx")
        thumbnail = _thumbnail(outline, offer_id)
        jobs.append((Asset(path, title, purpose, PROSPECT, sources, thumbnail, offer_id), deck(outline, offer_id, False)))
        jobs.append(
            (
                Asset(
                    f"{stem}-presenter.pptx",
                    f"{title} (presenter version)",
                    "The same slides, with the talk track and the pricing guardrails in the notes.",
                    PRESENTER,
                    sources,
                    None,
                    offer_id,
                ),
                deck(outline, offer_id, True),
            )
        )

    for outline in outlines.decks:
        if outline.for_each == "company":
            both(
                f"decks/{outline.id}.pptx",
                f"{c.company.name}: {outline.title}",
                "The whole story: problem, who it is for, value pillars, proof, offers, next steps.",
                basics + [f"offers/{o.id}.yaml" for o in c.offers] + studies + ["faqs.yaml"],
                outline,
                None,
            )
        elif outline.for_each == "competitor":
            for rival in c.competitors:
                if rival.battlecard is not None:
                    jobs.append(
                        (
                            Asset(
                                f"decks/{outline.id}-{rival.id}.pptx",
                                f"{rival.name}: {outline.title}",
                                "Internal: for reps facing this competitor.",
                                INTERNAL,
                                [f"competitors/{rival.id}.yaml", "comparison.yaml"],
                            ),
                            functools.partial(build_deck, face, c, folder, outline, None, moment, master, competitor=rival.id),
                        )
                    )
        else:
            for offer in c.offers:
                both(
                    f"decks/{outline.id}-{offer.id}.pptx",
                    f"{offer.name}: {outline.title}",
                    f"Pitch for {offer.name}, with price"
                    + (", an ROI example" if offer.roi else "")
                    + " and objection handling.",
                    basics
                    + [f"offers/{offer.id}.yaml"]
                    + [f"case_studies/{s.id}.yaml" for s in context.case_studies(Audience.PROSPECT, offer.id)]
                    + ["faqs.yaml"],
                    outline,
                    offer.id,
                )
    for offer in c.offers:
        if offer.roi is not None:
            jobs.append(
                (
                    Asset(
                        f"calculators/{offer.id}-roi.xlsx",
                        f"{offer.name}: ROI calculator",
                        "Workbook with live formulas: type the buyer's numbers into the yellow cells.",
                        PUBLIC,
                        [f"offers/{offer.id}.yaml"],
                    ),
                    functools.partial(build_workbook, c, offer, moment, plan=context.plans[offer.id]),
                )
            )
    if c.comparison is not None:
        jobs.append(
            (
                Asset(
                    "comparison/comparison.xlsx",
                    "Comparison matrix (workbook)",
                    "Feature by feature: us, each competitor and doing nothing. Public-safe claims only.",
                    PUBLIC,
                    ["comparison.yaml"] + [f"competitors/{r.id}.yaml" for r in c.competitors],
                ),
                lambda: build_comparison_workbook(c, moment),
            )
        )
        one = DeckOutline(id="comparison", title="Comparison", for_each="company", slides=["comparison"], one_page=True)
        jobs.append(
            (
                Asset(
                    "comparison/comparison.pptx",
                    "Comparison matrix (slide)",
                    "The same matrix as an editable slide, printable on one page.",
                    PUBLIC,
                    ["comparison.yaml"] + [f"competitors/{r.id}.yaml" for r in c.competitors],
                ),
                functools.partial(build_deck, face, None, folder, one, None, moment, master),
            )
        )
        card = DeckOutline(id="battlecard", title="Battlecard", for_each="competitor", slides=["battlecard"])
        for rival in c.competitors:
            if rival.battlecard is not None:
                jobs.append(
                    (
                        Asset(
                            f"comparison/battlecard-{rival.id}.pptx",
                            f"Battlecard: {rival.name}",
                            "Where they win, landmines, trap questions and answers.",
                            INTERNAL,
                            [f"competitors/{rival.id}.yaml", "comparison.yaml"],
                        ),
                        functools.partial(build_deck, face, c, folder, card, None, moment, master, competitor=rival.id),
                    )
                )
    jobs += plan_proposals(context, enablement)
    jobs += plan_account_kits(context, enablement)
    return jobs


def _thumbnail(outline: DeckOutline, offer_id: str | None) -> str | None:
    """Return where a deck's title-slide thumbnail goes, when the deck starts with one."""
    if not outline.slides or outline.slides[0] != "title":
        return None
    return f"thumbnails/{outline.id}{'-' + offer_id if offer_id else ''}.png"


def build_collateral(context: Context, target: Path, enablement: Path) -> list[Asset]:
    """Write every asset and the enablement index page into ``target``; return the assets."""
    c = context.content
    planned = plan_collateral(context, enablement)
    assets = [asset for asset, _ in planned]
    files: list[tuple[str, Callable[[], bytes]]] = [(asset.path, make) for asset, make in planned]
    for asset in assets:
        if asset.thumbnail:
            offer = c.offer(asset.offer_id) if asset.offer_id else None
            files.append((asset.thumbnail, functools.partial(render_title_thumbnail, c, offer)))
    for (name, _), data in zip(files, run_jobs([make for _, make in files]), strict=True):
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(enablement)), PackageLoader("generator.outputs.collateral", "templates")]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
    )
    page = env.get_template("index.html.j2").render(company=c.company, assets=assets)
    (target / "index.html").write_text(page, encoding="utf-8")
    return assets
