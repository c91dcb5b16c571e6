"""icp.yaml: the ideal customer profile and the personas in the buying committee."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from generator.model.base import Id, Model, NonNegative, Text, Title, internal

CommitteeRole = Literal["economic_buyer", "champion", "user", "technical_evaluator", "influencer", "blocker"]


class Range(Model):
    min: NonNegative | None = Field(None, description="Lower bound, inclusive.")
    max: NonNegative | None = Field(None, description="Upper bound, inclusive.")

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"expected min <= max, got min {self.min:g} and max {self.max:g}")
        return self


class Firmographics(Model):
    industries: list[Text] = Field(description="Industries you sell to, most important first.")
    employees: Range | None = Field(None, description="Company size in employees.")
    annual_revenue: Range | None = Field(None, description="Customer revenue, in the company currency.")
    regions: list[Text] = Field(default=[], description="Where your customers are.")


class Persona(Model):
    id: Id = Field(description="Short id used to reference the persona, e.g. ops-manager.")
    name: Title = Field(description="How the team refers to them, e.g. 'The owner-operator'.")
    role: Text = Field(description="Typical job title.")
    summary: Text = Field(description="One or two sentences: who they are and what they care about.")
    goals: list[Text] = Field(min_length=1, description="What they are trying to achieve.")
    pains: list[Text] = Field(min_length=1, description="What gets in their way today.")
    triggers: list[Text] = Field(default=[], description="Events that make them start looking.")
    objections: list[Text] = internal("What this persona pushes back with in a sales call.", default=[])
    committee_role: CommitteeRole | None = internal("Their role in the buying committee.", default=None)
    talk_track: Text | None = internal("How reps should speak to this persona.", default=None)


class Icp(Model):
    market: Literal["b2b", "b2c"] = Field(description="b2b (businesses buy) or b2c (people buy).")
    summary: Text = Field(description="The ideal customer in one or two sentences.")
    firmographics: Firmographics | None = Field(
        None, description="For B2B: industries, size, revenue and regions of the ideal customer."
    )
    personas: list[Persona] = Field(min_length=1, description="The people who buy and use the offer.")
    disqualifiers: list[Text] = internal("Signs a prospect is not a fit.", default=[])
