"""marketing_plan.yaml: the one-page marketing plan (entirely internal)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.model.base import Model, NonNegative, Number, Text

GrowthStage = Literal["pre_pmf", "growth", "established"]
#: Marketing budget as a share of revenue that DOMAIN.md gives as guidance, by stage.
BUDGET_GUIDANCE: dict[str, tuple[float, float] | None] = {
    "established": (0.05, 0.12),
    "growth": (0.12, 0.25),
    "pre_pmf": None,
}


class Channel(Model):
    name: Text
    why: Text = Field(description="Why this channel reaches the target customer.")


class Campaign(Model):
    name: Text
    channel: Text = Field(description="Name of one of the plan's channels.")
    goal: Text | None = None


class Quarters(Model):
    q1: list[Campaign] = Field(min_length=1, max_length=3)
    q2: list[Campaign] = Field(min_length=1, max_length=3)
    q3: list[Campaign] = Field(min_length=1, max_length=3)
    q4: list[Campaign] = Field(min_length=1, max_length=3)


class Goal(Model):
    metric: Text
    target: Number
    unit: Text | None = None
    by: Text = Field(description="When, e.g. 'Q4 2027' or '2027-12-31'.")


class MarketingPlan(Model):
    year: int = Field(description="The year the plan covers.")
    target_customer: Text
    primary_problem: Text
    differentiator: Text
    channels: list[Channel] = Field(min_length=3, max_length=3, description="Exactly three channels.")
    campaigns: Quarters = Field(description="Up to three campaigns per quarter.")
    goals: list[Goal] = Field(min_length=1, description="Measurable goals with targets.")
    annual_revenue: NonNegative = Field(description="Revenue this year, in the company currency.")
    marketing_budget: NonNegative = Field(description="Marketing budget this year.")
    growth_stage: GrowthStage = Field(description="pre_pmf, growth or established.")
