"""lead_definition.yaml: the hand-off agreement between marketing and sales.

Beyond the stages and the SLA, the agreement says where a lead goes (routing), what sales
does with a lead it rejects (back to nurture, with a reason), how a lead is credited to a
channel (attribution), the sales stages reps work in, when the agreement is reviewed and
who signed it for each team. The enablement portal prints it on one page.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from generator.model.base import Email, Id, Model, Positive, Text, internal


class LeadStage(Model):
    name: Text = Field(description="The stage's name as both teams say it.")
    definition: Text = Field(description="One sentence both teams agree on.")
    criteria: list[Text] = Field(min_length=1, description="Checks a lead must pass to be here.")
    owner: Text = Field(description="Who owns leads at this stage (a role, not a person).")
    next_step: Text = Field(description="What the owner does next.")
    material: list[Text] = Field(default=[], description="Content that fits this stage.")


class LeadStages(Model):
    cold: LeadStage
    warm: LeadStage
    mql: LeadStage
    sql: LeadStage


class LeadSource(Model):
    id: Id
    label: Text
    channel: Text = Field(description="Channel the source belongs to, for attribution reports.")


class RoutingRule(Model):
    when: Text = Field(description="Which leads, e.g. 'Plumbing contractors in the Southeast'.")
    to: Text = Field(description="Who gets them: a team or a role.")


class Rejection(Model):
    recycle_to: Literal["cold", "warm"] = Field(description="The stage a rejected lead goes back to: cold or warm.")
    reasons: list[Text] = Field(min_length=1, description="The reasons sales may give; one is required with every rejection.")
    rule: Text | None = Field(None, description="Anything else both teams agreed, e.g. who reviews rejections and when.")


class Attribution(Model):
    model: Literal["first_touch", "last_touch", "linear", "w_shaped"] = Field(
        description="How a lead is credited: first_touch, last_touch, linear or w_shaped."
    )
    rules: list[Text] = Field(default=[], description="Tie-breaks and exceptions both teams agreed.")


class Signature(Model):
    team: Literal["marketing", "sales"] = Field(description="marketing or sales.")
    name: Text = Field(description="Who signed for the team.")
    role: Text = Field(description="Their role, e.g. 'Head of Marketing'.")
    date: dt.date = Field(description="When they signed (YYYY-MM-DD).")
    email: Email | None = None


#: What each kind of collateral is for, so the portal can file it under a sales stage.
AssetKind = Literal["company_deck", "offer_deck", "calculator", "comparison", "battlecard", "proposal", "account_kit"]


class SalesStage(Model):
    id: Id
    name: Text = Field(description="As reps say it, e.g. 'First call'.")
    goal: Text = Field(description="What the rep is trying to achieve at this stage.")
    uses: list[AssetKind] = Field(
        default=[],
        description="Collateral for this stage: company_deck, offer_deck, calculator, comparison, battlecard, proposal, account_kit.",
    )


#: Sales stages when the content names none: a B2B sale from first call to renewal.
DEFAULT_SALES_STAGES = [
    SalesStage(id="first-call", name="First call", goal="Earn a second conversation.", uses=["company_deck"]),
    SalesStage(id="discovery", name="Discovery", goal="Find the pain and put a number on it.", uses=["offer_deck", "calculator"]),
    SalesStage(id="proposal", name="Proposal", goal="Price it in their numbers and prove it.", uses=["proposal", "comparison"]),
    SalesStage(id="negotiation", name="Negotiation", goal="Hold the price and win against the alternative.", uses=["battlecard"]),
    SalesStage(id="renewal", name="Renewal", goal="Show what changed and expand.", uses=["account_kit"]),
]


class HandoffTerms(Model):
    """The parts of the agreement beyond the stages; all internal."""

    routing: list[RoutingRule] = Field(default=[], description="Where MQLs go, first matching rule wins.")
    rejection: Rejection | None = Field(None, description="What sales does with a lead it rejects.")
    attribution: Attribution | None = Field(None, description="How a lead is credited to a channel.")
    review_date: dt.date | None = Field(None, description="When both teams review the agreement next (YYYY-MM-DD).")
    signed: list[Signature] = Field(default=[], description="Who signed for marketing and for sales.")
    sales_stages: list[SalesStage] = Field(
        default=[], description="The stages reps work in, with the collateral for each; default: first call to renewal."
    )

    @model_validator(mode="after")
    def _both_teams_sign(self) -> HandoffTerms:
        teams = {s.team for s in self.signed}
        if self.signed and teams != {"marketing", "sales"}:
            missing = ", ".join(sorted({"marketing", "sales"} - teams))
            raise ValueError(f"expected a signature from marketing and one from sales, got none from {missing}")
        return self


class LeadDefinition(Model):
    response_sla_hours: Positive = Field(
        description="Hours within which sales follows up an MQL; public, as a promise to buyers."
    )
    stages: LeadStages = internal("Definitions of cold, warm, MQL and SQL.")
    sources: list[LeadSource] = internal("Lead sources used for attribution.", min_length=1)
    agreement: HandoffTerms = internal(
        "Routing, rejected leads, attribution, sales stages, review date and signatures.", default_factory=HandoffTerms
    )
