"""proposal.yaml: what every proposal says besides the offer and the buyer's numbers.

The timeline, the terms and the acceptance wording are the business's own, so they live in
content like everything else a buyer reads; a proposal never carries hard-coded wording.
"""

from __future__ import annotations

from pydantic import Field

from generator.model.base import Model, Text


class TimelineStep(Model):
    when: Text = Field(description="When it happens, e.g. 'Week 1' or 'Within 5 business days of signature'.")
    what: Text = Field(description="What happens, and who does it.")


class ProposalSettings(Model):
    number_prefix: Text = Field("P", max_length=12, description="Start of every proposal number, e.g. 'CB'.")
    validity_days: int = Field(30, ge=1, le=365, description="How many days a proposal's prices hold.")
    timeline: list[TimelineStep] = Field(min_length=1, description="From signature to value: the steps every proposal lists.")
    terms: list[Text] = Field(min_length=1, description="Commercial terms printed on every proposal.")
    acceptance: Text = Field(
        "By signing below, both parties accept this proposal and its terms.",
        description="The sentence above the signature block.",
    )
