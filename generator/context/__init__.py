"""The build context: everything the writers need, computed once after load and check.

Pelican fills one context in `generate_context` before any `generate_output` runs; Handoff
does the same. Both views, the ROI plan of every offer, the build moment and the rule of
which case studies may be shown where live here, so no writer recomputes or re-decides them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.context.reproducible import build_moment
from generator.context.view import Views, public_content

if TYPE_CHECKING:  # content.check formats with context.formatting: no import cycle at run time
    from generator.content.load import Loaded
from generator.errors import Problem
from generator.expr.plan import RoiPlan
from generator.model import CaseStudy, Content


class Audience(StrEnum):
    """Who an output is for; it decides which view an output is built from."""

    #: The public marketing site.
    SITE = "site"
    #: Files a rep sends to a prospect: public text only, like the site.
    PROSPECT = "prospect"
    #: Reps, sales managers and marketers: everything, internal fields included.
    INTERNAL = "internal"


@dataclass(frozen=True)
class Context:
    """Loaded content plus what every writer derives from it, computed once."""

    loaded: Loaded
    #: What the site and prospect-facing files may show (see `generator.context.view`).
    public: dict[str, Any]
    #: Everything, internal fields included, for internal outputs only.
    internal: dict[str, Any]
    #: Offer id -> its checked ROI plan, for offers with an ROI model.
    plans: Mapping[str, RoiPlan]
    #: The one moment every output is stamped with (SOURCE_DATE_EPOCH, else the content's date).
    moment: dt.datetime
    #: The public content as the model, for files built from models (decks): internal fields
    #: emptied, internal stories left out, anonymized stories anonymized.
    public_content: Content

    @property
    def content(self) -> Content:
        return self.loaded.content

    @property
    def folder(self) -> Path:
        return self.loaded.folder

    @property
    def warnings(self) -> list[Problem]:
        return self.loaded.warnings

    def view(self, audience: Audience) -> dict[str, Any]:
        """Return the view an output for ``audience`` is built from."""
        return self.internal if audience is Audience.INTERNAL else self.public

    def case_studies(self, audience: Audience, offer_id: str | None = None) -> list[CaseStudy]:
        """Return the case studies ``audience`` may see (of one offer, when given).

        Internal stories reach internal outputs only; anonymized ones are shown anonymized
        (their public view replaces the customer) everywhere but internal outputs.
        """
        return [s for s in self.content.case_studies if may_show(s, audience) and (offer_id is None or offer_id in s.offers)]


def may_show(study: CaseStudy, audience: Audience) -> bool:
    """Whether ``audience`` may see ``study`` at all: the one rule, used everywhere."""
    return audience is Audience.INTERNAL or study.publication != "internal"


def build_context(loaded: Loaded) -> Context:
    """Compute the context of a build from loaded, checked content."""
    content = loaded.content
    # The views the check already made of this content, else made now: either way once a build.
    views = loaded.views if loaded.views is not None and loaded.views.content is content else Views(content)
    return Context(loaded, views.public, views.internal, views.plans, build_moment(content), public_content(content))
