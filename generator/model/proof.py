"""case_studies/<id>.yaml: customers' results, told at the publication level they agreed to."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from generator.model.base import Id, Model, Number, NumberFormat, Text, Title, internal, markdown


class Metric(Model):
    label: Text = Field(description="What was measured, e.g. 'Time to dispatch a job'.")
    before: Number
    after: Number
    unit: Text | None = Field(None, description="Unit shown after both values, e.g. 'minutes'.")
    format: NumberFormat = "number"
    headline: bool = Field(False, description="true for the metric to feature (default: the first).")


class Quote(Model):
    text: Text
    name: Text = Field(description="Who said it; hidden on the public site when anonymized.")
    role: Text = Field(description="Their job title, shown with the quote.")


class CaseStudy(Model):
    id: Id = Field(description="The file name without .yaml.")
    title: Title = Field(description="The result in one line, e.g. 'Fourteen fewer phone calls a day'.")
    customer: Text = Field(description="The customer's name; never public when anonymized.")
    anonymized_as: Text | None = Field(
        None, description="How to name the customer when anonymized, e.g. 'A 40-person HVAC firm'."
    )
    publication: Literal["public", "anonymized", "internal"] = Field(
        description="public, anonymized (no customer name anywhere public) or internal (sales only)."
    )
    industry: Text | None = Field(
        None, description="The customer's industry, e.g. 'HVAC'. Required when icp.yaml says market: b2b."
    )
    size: Text | None = Field(
        None, description="Company size as shown, e.g. '38 technicians'. Required when icp.yaml says market: b2b."
    )
    region: Text | None = None
    date: dt.date | None = Field(None, description="When the results were measured (YYYY-MM-DD).")
    summary: Text = Field(description="Two sentences for cards and the index.")
    challenge: Text = markdown("The situation before.")
    solution: Text = markdown("What was done.")
    results: list[Metric] = Field(min_length=1)
    quote: Quote | None = None
    logo: Text | None = Field(
        None,
        description="The customer's logo (SVG, PNG or JPEG) under content/assets/, shown on the site in its own colours; "
        "not shown when anonymized. Decks need PNG or JPEG: beside an SVG, a PNG of the same name is used there.",
    )
    photo: Text | None = Field(
        None,
        description="A photo (PNG or JPEG) of the person quoted, under content/assets/, shown beside the quote; "
        "not shown when anonymized.",
    )
    offers: list[Id] = Field(default=[], description="Ids of the offers used.")
    pillars: list[Id] = Field(default=[], description="Ids of the value pillars this proves.")
    talk_track: Text | None = internal("How reps tell the story in a call.", default=None)

    @model_validator(mode="after")
    def _anonymized_has_alias(self) -> CaseStudy:
        if self.publication == "anonymized" and not self.anonymized_as:
            raise ValueError("expected anonymized_as for an anonymized case study, got nothing")
        return self

    @property
    def headline_metric(self) -> Metric:
        return next((m for m in self.results if m.headline), self.results[0])
