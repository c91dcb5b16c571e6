"""The kinds of content file, declared once.

The loader, the JSON Schemas, the content reference and the tests all read this table, so a
new kind of content file is one row here plus its model (as mkdocs declares every option
once in `config/defaults.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from generator.model import (
    Account,
    Article,
    CaseStudy,
    Company,
    Comparison,
    Competitor,
    Faqs,
    Icp,
    LeadDefinition,
    MarketingPlan,
    Offer,
    Positioning,
    ProposalSettings,
    SitePage,
)


@dataclass(frozen=True)
class ContentKind:
    """One kind of content file: where it lives, what it holds, who may see it."""

    #: The schema's name: ``<name>.schema.json``.
    name: str
    #: The field of `Content` it fills.
    field: str
    #: A file name (``company.yaml``) or, when ``many``, a folder of one file per item.
    path: str
    model: type[BaseModel]
    many: bool = False
    suffix: Literal[".yaml", ".md"] = ".yaml"
    required: bool = False
    #: Internal kinds reach only the enablement output; individual fields may be internal too.
    audience: Literal["public", "internal"] = "public"
    #: Which collateral files read it, for the build cache: "all" of them may (a change rebuilds
    #: every file), only the files "named" after it in their sources (an offer's decks), or
    #: "none" (site and portal only). tests/test_build_cache.py edits every file to prove it.
    collateral: Literal["all", "named", "none"] = "all"

    @property
    def pattern(self) -> str:
        """How the reference names the file: ``offers/<id>.yaml``."""
        return f"{self.path}/<id>{self.suffix}" if self.many else self.path

    @property
    def filled(self) -> tuple[str, ...]:
        """Fields the loader fills in rather than the file: the id from the file name, the body."""
        if not self.many:
            return ()
        return ("id", "body") if self.suffix == ".md" else ("id",)

    @property
    def has_schema(self) -> bool:
        """Whether editors get a JSON Schema for it (front matter in Markdown gets none)."""
        return self.suffix == ".yaml"


KINDS: tuple[ContentKind, ...] = (
    ContentKind("company", "company", "company.yaml", Company, required=True),
    ContentKind("icp", "icp", "icp.yaml", Icp, required=True),
    ContentKind("positioning", "positioning", "positioning.yaml", Positioning, required=True),
    ContentKind("offer", "offers", "offers", Offer, many=True, collateral="named"),
    ContentKind("case_study", "case_studies", "case_studies", CaseStudy, many=True),
    ContentKind("faqs", "faqs", "faqs.yaml", Faqs),
    ContentKind("comparison", "comparison", "comparison.yaml", Comparison),
    ContentKind("competitor", "competitors", "competitors", Competitor, many=True),
    ContentKind("lead_definition", "lead_definition", "lead_definition.yaml", LeadDefinition),
    ContentKind("proposal", "proposal", "proposal.yaml", ProposalSettings),
    ContentKind("marketing_plan", "marketing_plan", "marketing_plan.yaml", MarketingPlan, audience="internal", collateral="none"),
    ContentKind("article", "articles", "articles", Article, many=True, suffix=".md", collateral="none"),
    ContentKind("page", "pages", "pages", SitePage, many=True, suffix=".md", collateral="none"),
    ContentKind("account", "accounts", "accounts", Account, many=True, audience="internal", collateral="named"),
)

#: Folders in a content folder that hold no content files: assets are copied as needed,
#: schemas are generated.
OTHER_FOLDERS = ("assets", "schemas")


def kind(name: str) -> ContentKind:
    """Return the kind called ``name``; raise KeyError naming the valid ones."""
    for k in KINDS:
        if k.name == name:
            return k
    raise KeyError(f"no content kind {name!r}; kinds: {', '.join(k.name for k in KINDS)}")
