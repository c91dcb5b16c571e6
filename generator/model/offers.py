"""offers/<id>.yaml: what you sell, for how much, and what it is worth to the buyer."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from generator.model.base import Id, Model, Name, NonNegative, Number, NumberFormat, Text, Title, internal, markdown

BillingUnit = Literal["month", "quarter", "year", "one-time", "project"]
#: Periods per year, used to give ROI expressions the offer's annual price.
PERIODS_PER_YEAR: dict[str, float] = {"month": 12, "quarter": 4, "year": 1, "one-time": 1, "project": 1}


class Price(Model):
    amount: NonNegative | None = Field(None, description="Price in the company currency.")
    per: BillingUnit | None = Field(None, description="Billing unit: month, quarter, year, one-time, project.")
    qualifier: Text | None = Field(None, description="What the amount counts, shown after the unit, e.g. 'per technician'.")
    on_request: bool = Field(False, description="true when the price is only given in a conversation.")
    note: Text | None = Field(None, description="Small print shown under the price, e.g. 'billed annually'.")

    @model_validator(mode="after")
    def _amount_or_on_request(self) -> Price:
        if self.on_request and self.amount is not None:
            raise ValueError("expected either amount or on_request: true, got both")
        if not self.on_request and self.amount is None:
            raise ValueError("expected an amount (with per) or on_request: true, got neither")
        if self.amount is not None and self.per is None:
            raise ValueError("expected a billing unit in per (month, quarter, year, one-time, project)")
        return self

    @property
    def annual(self) -> float | None:
        """Return what one unit of the offer costs over a year."""
        if self.amount is None or self.per is None:
            return None
        return self.amount * PERIODS_PER_YEAR[self.per]


class PricingPolicy(Model):
    floor: NonNegative = Field(description="Lowest amount a rep may quote without approval.")
    max_discount_percent: NonNegative = Field(0, le=100, description="Largest discount a rep may give.")
    discount_rules: list[Text] = Field(default=[], description="When discounts are allowed.")
    approval: Text | None = Field(None, description="Who approves anything below the floor.")


class RoiInput(Model):
    id: Name = Field(description="Name used in expressions, e.g. hours_saved_per_week.")
    label: Text = Field(description="Question or label shown next to the input.")
    unit: Text | None = Field(None, description="Unit shown after the value, e.g. 'hours per week'.")
    format: NumberFormat = Field("number", description="currency, percent (25 means 25 %) or number.")
    default: Number = Field(description="Value used for examples and as the starting value.")
    min: Number | None = Field(None, description="Smallest accepted value.")
    max: Number | None = Field(None, description="Largest accepted value.")
    step: Number | None = Field(None, gt=0, description="Increment for the site's input box.")
    whole: bool = Field(
        False, description="true when only whole numbers make sense (technicians, agreements): the workbook rejects 20.5."
    )
    help: Text | None = Field(None, description="One line explaining what to enter.")
    source: Text | None = Field(None, description="Where the default comes from (Assumptions sheet).")

    @model_validator(mode="after")
    def _default_within_bounds(self) -> RoiInput:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"expected min <= max, got min {self.min:g} and max {self.max:g}")
        if self.min is not None and self.default < self.min:
            raise ValueError(f"expected default >= min {self.min:g}, got {self.default:g}")
        if self.max is not None and self.default > self.max:
            raise ValueError(f"expected default <= max {self.max:g}, got {self.default:g}")
        if self.whole:
            for name in ("default", "min", "max", "step"):
                value = getattr(self, name)
                if value is not None and not float(value).is_integer():
                    raise ValueError(f"expected a whole number as {name} (whole is true), got {value:g}")
        return self


class RoiOutput(Model):
    id: Name = Field(description="Name usable in other outputs' expressions.")
    label: Text
    expression: Text = Field(
        description="Arithmetic over inputs, outputs, price and annual_price: + - * / ** ( ) min() max() round()."
    )
    format: NumberFormat = "number"
    unit: Text | None = None
    headline: bool = Field(False, description="true to feature the output on summaries and slides.")
    role: Literal["benefit", "cost"] | None = Field(
        None,
        description="benefit: the buyer's gain per year; cost: what the offer costs the buyer per year. "
        "With one of each, the workbook charts cost against benefit.",
    )
    help: Text | None = None


class RoiModel(Model):
    summary: Text = Field(description="What the calculator estimates, in one sentence.")
    inputs: list[RoiInput] = Field(min_length=1)
    outputs: list[RoiOutput] = Field(min_length=1)
    disclaimer: Text | None = Field(None, description="Small print under every calculator.")

    @model_validator(mode="after")
    def _one_output_per_role(self) -> RoiModel:
        for role in ("benefit", "cost"):
            ids = [o.id for o in self.outputs if o.role == role]
            if len(ids) > 1:
                raise ValueError(f"expected at most one output with role {role}, got {', '.join(ids)}")
        return self


class Offer(Model):
    id: Id = Field(description="The file name without .yaml.")
    name: Title
    summary: Text = Field(description="One or two sentences: what the buyer gets.")
    description: Text | None = markdown("A longer description for the offer page.", default=None)
    order: int = Field(0, description="Sort order on the site and in decks, smallest first.")
    price: Price
    inclusions: list[Text] = Field(min_length=1, description="What is included.")
    screenshot: Text | None = Field(
        None, description="A product screenshot (PNG or JPEG) under content/assets/, shown on the offer's page and slide."
    )
    screenshot_alt: Text | None = Field(
        None,
        description="What the screenshot shows, for people who cannot see it, e.g. 'The dispatch board with "
        "twelve technicians' jobs'. Without it: 'Screenshot of <name>'.",
    )
    outcomes: list[Text] = Field(min_length=1, description="What changes for the buyer.")
    personas: list[Id] = Field(default=[], description="Ids of the personas this offer is for.")
    roi: RoiModel | None = Field(None, description="Optional ROI model behind the calculator.")
    pricing: PricingPolicy | None = internal("Pricing floor and discount rules.", default=None)
    talk_track: Text | None = internal("How reps present the offer.", default=None)
