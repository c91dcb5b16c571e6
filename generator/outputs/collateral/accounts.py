"""Per-account (ABM) kits: for each named account, what its rep takes into the deal.

A kit lives in ``enablement/accounts/<id>/``: the proposal priced for them and the ROI
workbook of each proposed offer, pre-filled with their numbers. Each file is built from the
public view plus the account fields a buyer may read, so a kit can be sent as it is; the
account's notes and the competitor in play stay in internal material.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.context import Context
from generator.errors import BuildError
from generator.model import Account
from generator.outputs.collateral.deck import build_deck
from generator.outputs.collateral.outline import DeckOutline
from generator.outputs.collateral.proposal import ProposalFor, build_proposal, matched_studies
from generator.outputs.collateral.workbook import build_workbook

#: An account's deck: their pains first, each proposed offer and its worth in their numbers, matched proof;
#: the battlecard of the competitor in play closes the presenter version only.
ACCOUNT_OUTLINE = DeckOutline(
    id="account",
    title="Prepared for you",
    for_each="company",
    slides=["title", "account_pains", "offers", "roi_example", "case_studies", "next_steps", "battlecard"],
)


def kit_folder(account: Account) -> str:
    """Return where an account's kit goes, relative to the enablement folder."""
    return f"accounts/{account.id}"


def plan_account_kits(context: Context, enablement: Path, only: str | None = None) -> list[tuple[Any, Callable[[], bytes]]]:
    """Return the jobs of every account's kit, or of the account ``only``."""
    from generator.outputs.collateral import PRESENTER, PROSPECT, PUBLIC, Asset

    accounts = context.content.accounts
    if only is not None:
        accounts = [a for a in accounts if a.id == only]
        if not accounts:
            valid = ", ".join(a.id for a in context.content.accounts) or "none are defined"
            raise BuildError(f'no account "{only}" in accounts/; valid ids: {valid}')
    offers = {o.id: o for o in context.content.offers}
    template = enablement / "proposal.docx"
    jobs: list[tuple[Any, Callable[[], bytes]]] = []
    for account in accounts:
        folder = kit_folder(account)
        sources = [f"accounts/{account.id}.yaml"] + [f"offers/{item.offer}.yaml" for item in account.offers]
        request = ProposalFor([(offers[item.offer], item.quantity) for item in account.offers], account)
        matched = matched_studies(context, request)
        template_pptx = enablement / "template.pptx"
        master = template_pptx if template_pptx.is_file() else None
        for presenter in (False, True):
            # The send version reads the public content plus what the buyer told us (their pains
            # and numbers); the presenter version adds the internal channel: the account notes,
            # the deal terms and the battlecard of the competitor in play.
            name = "deck-presenter.pptx" if presenter else "deck.pptx"
            jobs.append(
                (
                    Asset(
                        f"{folder}/{name}",
                        f"{account.name}: deck" + (" (presenter version)" if presenter else ""),
                        (
                            "The same slides with the account brief, the talk tracks and the battlecard in play."
                            if presenter
                            else f"Prepared for {account.name}: their pains first, their numbers, matched proof."
                        ),
                        PRESENTER if presenter else PROSPECT,
                        sources + ["company.yaml", "positioning.yaml"],
                        kind="account_kit",
                    ),
                    functools.partial(
                        build_deck,
                        context.public_content,
                        context.content if presenter else None,
                        context.folder,
                        ACCOUNT_OUTLINE,
                        None,
                        context.moment,
                        master,
                        plans=context.plans,
                        account=account,
                        matched=matched,
                    ),
                )
            )
        jobs.append(
            (
                Asset(
                    f"{folder}/proposal.docx",
                    f"{account.name}: proposal",
                    f"Priced for {account.name} with their numbers; owner {account.owner.name}.",
                    PUBLIC,
                    sources + ["proposal.yaml"],
                    kind="account_kit",
                ),
                functools.partial(build_proposal, context, request, template),
            )
        )
        for item in account.offers:
            offer = offers[item.offer]
            if offer.roi is None:
                continue
            jobs.append(
                (
                    Asset(
                        f"{folder}/{offer.id}-roi.xlsx",
                        f"{account.name}: {offer.name} ROI calculator",
                        f"The calculator pre-filled with {account.name}'s numbers.",
                        PUBLIC,
                        [f"accounts/{account.id}.yaml", f"offers/{offer.id}.yaml"],
                        offer_id=offer.id,
                        kind="account_kit",
                    ),
                    functools.partial(
                        build_workbook,
                        context.content,
                        offer,
                        context.moment,
                        account.roi_inputs.get(offer.id, {}),
                        account.name,
                        plan=context.plans[offer.id],
                    ),
                )
            )
    return jobs
