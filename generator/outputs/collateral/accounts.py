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
from generator.outputs.collateral.proposal import ProposalFor, build_proposal
from generator.outputs.collateral.workbook import build_workbook


def kit_folder(account: Account) -> str:
    """Return where an account's kit goes, relative to the enablement folder."""
    return f"accounts/{account.id}"


def plan_account_kits(context: Context, enablement: Path, only: str | None = None) -> list[tuple[Any, Callable[[], bytes]]]:
    """Return the jobs of every account's kit, or of the account ``only``."""
    from generator.outputs.collateral import PUBLIC, Asset

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
