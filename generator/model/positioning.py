"""positioning.yaml: where the business stands against the alternatives, and why it wins."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.model.base import Id, Model, Text, internal


class ProofPoint(Model):
    id: Id
    claim: Text = Field(description="The fact, stated plainly, e.g. 'Dispatch takes 12 minutes, not 45'.")
    source: Text = Field(description="Where the fact comes from: a case study, a survey, product data.")
    case_study: Id | None = Field(None, description="Case study that backs the claim, if any.")


class ValuePillar(Model):
    id: Id
    headline: Text = Field(description="The benefit, in a few words.")
    description: Text = Field(description="Two or three sentences on how the benefit is delivered.")
    proof_points: list[Id] = Field(min_length=1, description="Ids of proof points in this file.")
    icon: Text | None = Field(None, description="Material icon name for the site, e.g. material/clock-fast.")
    talk_track: Text | None = internal("How reps bring this pillar up in a call.", default=None)


class Alternative(Model):
    id: Id
    name: Text = Field(description="The alternative as the buyer names it.")
    kind: Literal["competitor", "do_nothing", "diy", "other"] = Field(
        description="competitor (a competitors/ file), do_nothing, diy (build it themselves) or other."
    )
    description: Text = Field(description="What choosing it means for the buyer.")
    competitor: Id | None = Field(None, description="For kind competitor: the competitors/ file id.")


class Differentiator(Model):
    headline: Text
    detail: Text


class Positioning(Model):
    headline: Text = Field(description="Home page headline: the outcome you promise.")
    subheadline: Text = Field(description="One sentence under the headline: how and for whom.")
    target_customer: Text = Field(description="Who you are for, specifically.")
    problem: Text = Field(description="The primary problem you solve.")
    problem_cost: Text = Field(description="What the problem costs the customer today.")
    category: Text = Field(description="The category the buyer should file you under.")
    alternatives: list[Alternative] = Field(min_length=1, description="What the buyer would do instead, including doing nothing.")
    differentiators: list[Differentiator] = Field(min_length=1)
    value_pillars: list[ValuePillar] = Field(min_length=1)
    proof_points: list[ProofPoint] = Field(min_length=1)
    statement: Text = Field(description="The positioning statement: For ... who ..., we are ... that ...")
    elevator_pitch: Text = Field(description="Thirty seconds, out loud.")
    talk_track: Text | None = internal("How reps open the positioning in a first call.", default=None)
