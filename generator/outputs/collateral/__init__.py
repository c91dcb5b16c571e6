"""Sales collateral: decks, ROI workbooks, comparison sheets and battlecards, plus the
enablement page that lists them. Every asset is a function of (content, recipe) -> bytes."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.cache import BuildCache
from generator.context import Audience, Context
from generator.outputs.collateral.accounts import plan_account_kits
from generator.outputs.collateral.comparison import build_comparison_workbook
from generator.outputs.collateral.deck import build_deck
from generator.outputs.collateral.deck.measure import match_font
from generator.outputs.collateral.inputs import CollateralInputs
from generator.outputs.collateral.jobs import Running, start_jobs
from generator.outputs.collateral.office import Renderer, find_renderer, first_page_png, to_pdf
from generator.outputs.collateral.outline import DeckOutline, load_outlines
from generator.outputs.collateral.proposal import plan_proposals
from generator.outputs.collateral.shards import Shard
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
    #: The PDF sent alongside (prospect-facing decks and proposals, printable battlecards).
    pdf: str | None = None
    #: What kind of collateral it is (lead_definition's sales stages file assets by kind).
    kind: str = ""


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
        kind = "offer_deck" if offer_id else "company_deck"
        jobs.append(
            (Asset(path, title, purpose, PROSPECT, sources, thumbnail, offer_id, kind=kind), deck(outline, offer_id, False))
        )
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
                    kind=kind,
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
                                kind="battlecard",
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
                        offer_id=offer.id,
                        kind="calculator",
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
                    kind="comparison",
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
                    kind="comparison",
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
                            kind="battlecard",
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


def build_collateral(
    context: Context,
    target: Path,
    enablement: Path,
    render: bool = True,
    notes: list[str] | None = None,
    cache: BuildCache | None = None,
    shard: Shard | None = None,
) -> list[Asset]:
    """Write every asset, its PDF and its thumbnail into ``target``; return the assets (the portal lists them).

    ``render`` False skips LibreOffice (PDFs and rendered thumbnails); a one-line reason
    is appended to ``notes`` whenever they are not made. ``cache`` reuses files an earlier
    build made from the same inputs; ``shard`` builds only its slice of the assets.
    """
    return start_collateral(context, enablement, cache, shard).finish(target, render, notes)


def start_collateral(
    context: Context, enablement: Path, cache: BuildCache | None = None, shard: Shard | None = None
) -> PendingCollateral:
    """Plan every asset, take unchanged ones from the cache and start building the rest in the background."""
    planned = plan_collateral(context, enablement)
    total = len(planned)
    if shard is not None:
        planned = shard.slice(planned)
    cache = cache or BuildCache.off()
    if cache.enabled:
        inputs = CollateralInputs(context, enablement)  # once: it reads every content file
        keys = [inputs.key(asset) for asset, _ in planned]
    else:
        keys = []
    cached = {i: data for i, key in enumerate(keys) if (data := cache.get(key)) is not None}
    todo = [i for i in range(len(planned)) if i not in cached]
    running = start_jobs([planned[i][1] for i in todo], progress="Building collateral")
    return PendingCollateral(context, planned, keys, cached, todo, running, cache, total)


@dataclass
class PendingCollateral:
    """Collateral being built in worker processes; `finish` waits, writes and renders it."""

    context: Context
    planned: list[Job]
    keys: list[str]
    cached: dict[int, bytes]
    todo: list[int]
    running: Running
    cache: BuildCache
    #: How many files the whole build has (a shard builds only some of them).
    total: int

    def finish(self, target: Path, render: bool = True, notes: list[str] | None = None) -> list[Asset]:
        """Write every asset into ``target`` with its PDF and thumbnail; return the assets as written."""
        built = dict(self.cached)
        for i, data in zip(self.todo, self.running.results(), strict=True):
            built[i] = data
            if self.keys:
                self.cache.put(self.keys[i], data)
        files = {self.planned[i][0].path: built[i] for i in range(len(self.planned))}
        for i, (asset, _) in enumerate(self.planned):
            path, data = target / asset.path, built[i]
            path.parent.mkdir(parents=True, exist_ok=True)
            self.cache.place(self.keys[i] if self.keys else None, data, path)
        renderer = find_renderer() if render else Renderer(None, None)
        if notes is not None:
            if render and renderer.missing:
                notes.append(f"No PDFs or rendered thumbnails: {renderer.missing}; decks and proposals are built without them.")
            brand = self.context.content.company.brand
            notes += font_notes(brand.heading_font, brand.body_font)
        return render_assets([asset for asset, _ in self.planned], files, target, self.context, renderer)

    def cancel(self) -> None:
        self.running.close()


def font_notes(*families: str) -> list[str]:
    """Say which brand fonts this machine lacks, and what decks were measured and rendered with instead."""
    notes = []
    for family in dict.fromkeys(families):
        found = match_font(family)
        if found.file is not None and not found.installed:
            notes.append(
                f'brand font "{family}" is not installed here; slides were measured and rendered with "{found.family}" '
                f"instead (install the font on the build machine for exact layouts)"
            )
    return notes


#: Office files LibreOffice renders.
OFFICE = (".pptx", ".xlsx", ".docx")


def ships_pdf(asset: Asset) -> bool:
    """Whether an asset goes out with a PDF: what a rep sends, and internal sheets reps print."""
    # Presenter versions are the only office files that stay without one.
    return asset.path.endswith((".pptx", ".docx")) and asset.audience in (PROSPECT, PUBLIC, INTERNAL)


def render_assets(
    assets: list[Asset], built: dict[str, bytes], target: Path, context: Context, renderer: Renderer
) -> list[Asset]:
    """Write PDFs and first-page thumbnails of office assets into ``target``; return the assets with their paths.

    Without LibreOffice, decks keep the thumbnail drawn from the content.
    """
    office = {a.path: built[a.path] for a in assets if a.path.endswith(OFFICE)}
    pdfs = to_pdf(office, context.moment, renderer)
    out: list[Asset] = []
    for asset in assets:
        pdf = pdfs.get(asset.path)
        stem = asset.path.rsplit(".", 1)[0]
        if pdf is not None and ships_pdf(asset):
            (target / f"{stem}.pdf").write_bytes(pdf)
            asset = replace(asset, pdf=f"{stem}.pdf")
        png = first_page_png(pdf, renderer) if pdf is not None else None
        # Next to the file, so a kit folder (rebuilt alone by --account) holds its own thumbnails.
        folder, _, name = asset.path.rpartition("/")
        thumbnail = f"{folder + '/' if folder else ''}thumbnails/{name}.png"
        if png is None and asset.thumbnail:
            offer = context.content.offer(asset.offer_id) if asset.offer_id else None
            png, thumbnail = render_title_thumbnail(context.content, offer), asset.thumbnail
        if png is not None:
            (target / thumbnail).parent.mkdir(parents=True, exist_ok=True)
            (target / thumbnail).write_bytes(png)
            asset = replace(asset, thumbnail=thumbnail)
        out.append(asset)
    return out
