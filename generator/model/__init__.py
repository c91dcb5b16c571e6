"""The content model: what a marketer can say about the business, as pydantic models."""

from __future__ import annotations

from generator.model.accounts import Account
from generator.model.articles import Article
from generator.model.audience import Icp, Persona
from generator.model.company import Brand, Company
from generator.model.competition import Comparison, Competitor, Feature
from generator.model.content import Content
from generator.model.faqs import Faq, Faqs
from generator.model.leads import LeadDefinition
from generator.model.offers import Offer, Price, RoiInput, RoiModel, RoiOutput
from generator.model.pages import SitePage
from generator.model.plan import MarketingPlan
from generator.model.positioning import Positioning, ValuePillar
from generator.model.proof import CaseStudy, Metric
from generator.model.proposal import ProposalSettings

__all__ = [
    "Account",
    "Article",
    "Brand",
    "CaseStudy",
    "Company",
    "Comparison",
    "Competitor",
    "Content",
    "Faq",
    "Faqs",
    "Feature",
    "Icp",
    "LeadDefinition",
    "MarketingPlan",
    "Metric",
    "Offer",
    "Persona",
    "Positioning",
    "Price",
    "ProposalSettings",
    "RoiInput",
    "RoiModel",
    "RoiOutput",
    "SitePage",
    "ValuePillar",
]
