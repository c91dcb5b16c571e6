"""accounts/<id>.yaml: a named account a rep is working, for account-based marketing.

Everything in an account file is internal: it feeds the rep's per-account kit (deck,
pre-filled ROI workbook, proposal) and never reaches the public site or another account.
"""

from __future__ import annotations

from pydantic import Field

from generator.model.base import Email, Id, Model, Name, NonNegative, Number, Positive, Text, Title, Url


class AccountOwner(Model):
    name: Text = Field(description="The rep who owns the account.")
    email: Email | None = Field(None, description="The rep's email address, printed on proposals.")
    title: Text | None = Field(None, description="The rep's job title, e.g. 'Account Executive'.")


class AccountContact(Model):
    name: Text = Field(description="The person's name.")
    role: Text = Field(description="Their job title at the account.")
    persona: Id = Field(description="Id of the persona in icp.yaml they match.")
    email: Email | None = Field(None, description="Their email address.")
    primary: bool = Field(False, description="true for the main contact (proposals are addressed to them).")


class AccountOffer(Model):
    offer: Id = Field(description="Id of the offer proposed.")
    quantity: Positive = Field(1, description="How many units of the offer's price, e.g. 24 technicians.")


class Account(Model):
    id: Id = Field(description="The file name without .yaml.")
    name: Title = Field(description="The account's company name.")
    website: Url | None = Field(None, description="The account's website.")
    industry: Text | None = Field(None, description="Their industry, used to match case studies.")
    size: Text | None = Field(None, description="Their size as shown, e.g. '24 technicians'.")
    region: Text | None = Field(None, description="Where they are.")
    logo: Text | None = Field(None, description="Their logo (PNG or JPEG) under content/assets/.")
    owner: AccountOwner = Field(description="The rep who owns the account.")
    stage: Id = Field(description="Where the account is: cold, warm, mql or sql from lead_definition.yaml.")
    contacts: list[AccountContact] = Field(min_length=1, description="The people in the deal, with their persona.")
    pains: list[Text] = Field(
        default=[], description="Their pains, each one of the pains of their contacts' personas, in those words."
    )
    offers: list[AccountOffer] = Field(min_length=1, description="The offers proposed, with quantities.")
    roi_inputs: dict[Name, dict[Name, Number]] = Field(
        default={}, description="Per offer id, the buyer's numbers for its ROI inputs (within the model's bounds)."
    )
    competitor: Id | None = Field(None, description="Id of the competitor in play, if any.")
    discount_percent: NonNegative = Field(0, le=100, description="The discount requested, within the offer's rules.")
    term_months: int = Field(12, ge=1, le=120, description="The contract term asked for, in months.")
    notes: Text | None = Field(None, description="Free notes for the rep and their manager.")
