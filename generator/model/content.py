"""The whole content folder as one validated object."""

from __future__ import annotations

from pydantic import Field

from generator.model.accounts import Account
from generator.model.articles import Article
from generator.model.audience import Icp
from generator.model.base import Model, internal
from generator.model.company import Company
from generator.model.competition import Comparison, Competitor
from generator.model.faqs import Faqs
from generator.model.leads import LeadDefinition
from generator.model.offers import Offer
from generator.model.pages import SitePage
from generator.model.plan import MarketingPlan
from generator.model.positioning import Positioning
from generator.model.proof import CaseStudy
from generator.model.proposal import ProposalSettings


class Content(Model):
    company: Company
    icp: Icp
    positioning: Positioning
    offers: list[Offer] = Field(default=[])
    case_studies: list[CaseStudy] = Field(default=[])
    faqs: Faqs | None = None
    comparison: Comparison | None = None
    competitors: list[Competitor] = Field(default=[])
    lead_definition: LeadDefinition | None = None
    marketing_plan: MarketingPlan | None = internal("The one-page marketing plan.", default=None)
    articles: list[Article] = Field(default=[])
    pages: list[SitePage] = Field(default=[], description="The marketer's own pages: About, Privacy, Terms...")
    accounts: list[Account] = internal("Named accounts for account-based marketing.", default=[])
    proposal: ProposalSettings | None = Field(None, description="Timeline, terms and acceptance for proposals.")

    def offer(self, offer_id: str) -> Offer:
        return next(o for o in self.offers if o.id == offer_id)
