"""lead_definition.yaml: the hand-off agreement between marketing and sales."""

from __future__ import annotations

from pydantic import Field

from generator.model.base import Id, Model, Positive, Text, internal


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


class LeadDefinition(Model):
    response_sla_hours: Positive = Field(
        description="Hours within which sales follows up an MQL; public, as a promise to buyers."
    )
    stages: LeadStages = internal("Definitions of cold, warm, MQL and SQL.")
    sources: list[LeadSource] = internal("Lead sources used for attribution.", min_length=1)
