"""comparison.yaml and competitors/<id>.yaml: the feature matrix and what we know of rivals."""

from __future__ import annotations

from pydantic import Field

from generator.model.base import Id, Model, Text, Title, Url, internal

#: A cell of the feature matrix: yes, no, or a short note such as "Add-on, $49/month".
FeatureValue = bool | Text


class Feature(Model):
    id: Id
    label: Text
    description: Text | None = None
    us: FeatureValue = Field(description="Our answer: true, false or a short note.")
    do_nothing: FeatureValue = Field(description="What the buyer has if they change nothing.")


class DoNothing(Model):
    name: Text = Field(description="How the buyer describes the status quo, e.g. 'Whiteboard and phone'.")
    summary: Text = Field(description="What staying put costs, in a sentence or two.")


class Comparison(Model):
    do_nothing: DoNothing
    features: list[Feature] = Field(min_length=1, description="Rows of the comparison matrix.")


class Battlecard(Model):
    summary: Text | None = Field(None, description="The competitor in one breath, for reps.")
    where_they_win: list[Text] = Field(default=[], description="Be honest: when they are the better fit.")
    landmines: list[Text] = Field(default=[], description="Things to set up early that favour us.")
    trap_questions: list[Text] = Field(default=[], description="Questions to ask that expose their gaps.")
    responses: list[Text] = Field(default=[], description="How to answer what their reps say about us.")


class Competitor(Model):
    id: Id = Field(description="The file name without .yaml.")
    name: Title
    website: Url
    summary: Text = Field(description="Public-safe description, fair enough to publish.")
    features: dict[Id, FeatureValue] = Field(description="Feature id (from comparison.yaml) to true, false or a short note.")
    claims: list[Text] = Field(default=[], description="Public-safe, verifiable differences.")
    battlecard: Battlecard | None = internal("Notes for reps; never published.", default=None)
