"""Proposals (.docx): a generic one per offer, and a priced one per named account.

A proposal is prospect-facing, so it is assembled from the public view plus the few account
fields a buyer may read (their name, contacts, pains, offers and quantities, their ROI
numbers, the discount and term): never the account's notes, the competitor in play or the
pricing floor. ROI figures come from the same evaluator as the site and the workbook, prices
from the same formatter. The look is a Word template with Jinja tags (docxtpl): Handoff's
own, or the project's ``enablement/proposal.docx``.

Which case studies a proposal shows (the rule is part of the product, so it is spelled out):
a story the prospect may see scores 3 when it used one of the proposed offers, 2 when its
industry shares a word with the account's, 1 when its size is within a factor of two of
the account's, and 1 when an offer it used is meant for one of the account's contacts'
personas. Stories scoring at least 3 are shown, best first (then newest), at most two.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.dates import format_date
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, RGBColor
from docxtpl import DocxTemplate, InlineImage  # type: ignore[import-untyped]
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from generator.colour import Palette, rgb
from generator.context import Context
from generator.context.formatting import Formatter
from generator.errors import BuildError, Problem
from generator.model import Account, Offer
from generator.model.offers import PERIODS_PER_YEAR
from generator.model.proposal import ProposalSettings, TimelineStep
from generator.outputs.collateral.images import raster_image
from generator.outputs.collateral.package import normalise
from generator.resources import COLLATERAL_TEMPLATES, package_dir

#: Wording used when content has no proposal.yaml: neutral, and said to be a default.
DEFAULT_SETTINGS = ProposalSettings(
    timeline=[TimelineStep(when="After signature", what="We agree the start date and the first steps with you.")],
    terms=["Prices exclude taxes where they apply."],
)
BUYER = "[Customer name]"
MAX_PROOF = 2


@dataclass(frozen=True)
class ProposalFor:
    """What one proposal is for: an account's offers, or one offer for a buyer still unnamed."""

    offers: list[tuple[Offer, float]]
    account: Account | None = None

    @property
    def slug(self) -> str:
        return self.account.id if self.account else self.offers[0][0].id


def proposal_data(context: Context, request: ProposalFor) -> dict[str, Any]:
    """Return everything a proposal template may use, as plain data (testable without Word)."""
    c = context.content
    public = context.public
    fmt = Formatter(c.company)
    settings = c.proposal or DEFAULT_SETTINGS
    account = request.account
    today = context.moment.date()
    valid_until = today + dt.timedelta(days=settings.validity_days)
    discount = account.discount_percent if account else 0.0

    contact = next((x for x in account.contacts if x.primary), account.contacts[0]) if account else None
    personas = {p["id"]: p for p in public["icp"]["personas"]}
    offer_views = {o["id"]: o for o in public["offers"]}
    if account:
        pains = list(account.pains)
        summary = (
            f"{account.name}"
            + (f", {account.size}" if account.size else "")
            + (f" in {account.region}" if account.region else "")
            + f", asked how {c.company.name} would change their day. This proposal answers in their own numbers."
        )
    else:
        # In the offers' own order: a set here would make two builds differ.
        wanted = dict.fromkeys(p for offer, _ in request.offers for p in offer.personas)
        pains = [pain for pid in wanted if pid in personas for pain in personas[pid]["pains"]][:4]
        summary = (
            f"{BUYER} [one or two sentences on their situation, in the words they used on the discovery call]. "
            "The pains below are the ones buyers like them name most; keep those that were said."
        )

    offers = []
    outcomes: list[dict[str, str]] = []
    assumptions: list[str] = []
    lines = []
    first_year = 0.0
    for offer, quantity in request.offers:
        view = offer_views[offer.id]
        offers.append(
            {"name": view["name"], "summary": view["summary"], "inclusions": view["inclusions"], "outcomes": view["outcomes"]}
        )
        plan = context.plans.get(offer.id)
        if plan is not None and offer.roi is not None and not plan.errors:
            given = dict(account.roi_inputs.get(offer.id, {})) if account else {}
            values = plan.evaluate(given)
            for output in offer.roi.outputs:
                outcomes.append({"label": output.label, "value": fmt.value(values.get(output.id), output.format, output.unit)})
            assumptions += [
                f"{item.label.rstrip('?')}: {fmt.value(values[item.id], item.format, item.unit)}" for item in offer.roi.inputs
            ]
        lines.append(_price_line(offer, quantity, discount, fmt))
        if offer.price.amount is not None and offer.price.per is not None:
            first_year += offer.price.amount * quantity * (1 - discount / 100) * PERIODS_PER_YEAR[offer.price.per]

    source = "your numbers" if account and account.roi_inputs else "the calculator's example inputs"
    return {
        "company": {"name": c.company.name, "website": c.company.website},
        "account": {
            "name": account.name if account else BUYER,
            "industry": account.industry if account else "",
            "size": account.size if account else "",
        },
        "contact": {"name": contact.name if contact else "[Name]", "role": contact.role if contact else "[Role]"},
        "rep": {
            "name": account.owner.name if account else "[Your name]",
            "title": (account.owner.title or "") if account else "",
            "email": (account.owner.email or "") if account else "",
        },
        "number": f"{settings.number_prefix}-{today:%Y%m%d}-{request.slug.upper()}",
        "date": format_date(today, format="long", locale=c.company.locale),
        "valid_until": format_date(valid_until, format="long", locale=c.company.locale),
        "headline": public["positioning"]["headline"],
        "summary": summary,
        "pains": pains,
        "promise": public["positioning"]["subheadline"],
        "offers": offers,
        "outcomes": outcomes,
        "outcomes_intro": f"Computed with {source}, by the same model as the calculator on our website:",
        "assumptions": "Based on " + "; ".join(assumptions) + "." if assumptions else "",
        "outcomes_missing": "We will estimate the outcomes with you, in your numbers, before you sign.",
        "proof": _proof(context, request),
        "proof_rule": (
            "Chosen from our published customer stories: those that used the same offer, then the "
            "closest in industry, size and the people involved."
        ),
        "lines": lines,
        "total_label": "First-year total" if any(o.price.per in {"month", "quarter"} for o, _ in request.offers) else "Total",
        "total": fmt.money(first_year) if first_year else "On request",
        "pricing_note": " ".join(o.price.note for o, _ in request.offers if o.price.note),
        "timeline": [{"when": s.when, "what": s.what} for s in settings.timeline],
        "terms": list(settings.terms) + ([f"Term: {account.term_months} months from go-live."] if account else []),
        "acceptance": settings.acceptance,
    }


def _price_line(offer: Offer, quantity: float, discount: float, fmt: Formatter) -> dict[str, str]:
    price = offer.price
    if price.amount is None or price.per is None:
        return {
            "name": offer.name,
            "unit_price": "On request",
            "quantity": fmt.number(quantity),
            "discount": "",
            "total": "On request",
        }
    unit = {"month": " / month", "quarter": " / quarter", "year": " / year"}.get(price.per, "")
    total = price.amount * quantity * (1 - discount / 100)
    return {
        "name": offer.name + (f" ({price.qualifier})" if price.qualifier else ""),
        "unit_price": fmt.money(price.amount) + unit,
        "quantity": fmt.number(quantity),
        "discount": f"{fmt.number(discount)}%" if discount else "",
        "total": fmt.money(total) + unit,
    }


def _words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", (text or "").lower()) if len(w) >= 4 or w in {"hvac"}}


def _size(text: str | None) -> float | None:
    found = re.search(r"\d+(?:\.\d+)?", text or "")
    return float(found.group()) if found else None


def matched_studies(context: Context, request: ProposalFor) -> list[str]:
    """Return the ids of the case studies that fit the request, best first (the rule in this module's docstring).

    The proposal and the account's deck show the same proof, in the same order.
    """
    return [study["id"] for study in _scored(context, request)]


def _scored(context: Context, request: ProposalFor) -> list[dict[str, Any]]:
    proposed = {offer.id for offer, _ in request.offers}
    account = request.account
    contacts = {x.persona for x in account.contacts} if account else set()
    targets = {o.id: set(o.personas) for o in context.content.offers}
    scored = []
    for study in context.public["case_studies"]:
        score = 3 if proposed & set(study["offers"]) else 0
        if account:
            score += 2 if _words(account.industry) & _words(study.get("industry")) else 0
            mine, theirs = _size(account.size), _size(study.get("size"))
            score += 1 if mine and theirs and 0.5 <= theirs / mine <= 2 else 0
            score += 1 if any(contacts & targets.get(o, set()) for o in study["offers"]) else 0
        if score >= 3:
            scored.append((-score, _negated_date(study.get("date")), study["id"], study))
    return [study for *_, study in sorted(scored)[:MAX_PROOF]]


def _proof(context: Context, request: ProposalFor) -> list[dict[str, str]]:
    """Return the matched case studies as the proposal shows them."""
    out = []
    for study in _scored(context, request):
        metric = study["headline_metric"]
        quote = study.get("quote") or {}
        out.append(
            {
                "title": study["title"],
                # An anonymized story's stand-in name already says what kind of firm it is.
                "who": " · ".join(
                    filter(
                        None,
                        [study["customer"]]
                        + ([] if study["publication"] == "anonymized" else [study.get("industry"), study.get("size")]),
                    )
                ),
                "summary": study["summary"],
                "result": f"{metric['label']}: {metric['before_label']} → {metric['after_label']} ({metric['change_label']})",
                "quote": quote.get("text", ""),
                "quote_by": ", ".join(filter(None, [quote.get("name"), quote.get("role")])),
            }
        )
    return out


def _negated_date(value: str | None) -> str:
    # Newest first within a score: sort on the date's characters inverted.
    return "".join(chr(0x10FFFF - ord(ch)) for ch in (value or ""))


def build_proposal(context: Context, request: ProposalFor, template: Path | None = None) -> bytes:
    """Return the proposal as .docx bytes, from the project's template or Handoff's."""
    path = template if template is not None and template.is_file() else package_dir(*COLLATERAL_TEMPLATES) / "proposal.docx"
    doc = DocxTemplate(str(path))
    data = proposal_data(context, request)
    data["company_logo"] = _image(doc, context.folder, context.content.company.brand.logo, 45)
    data["account_logo"] = _image(doc, context.folder, request.account.logo if request.account else None, 35)
    try:
        # Template text is the marketer's, not code: a sandbox, as for every template from content.
        doc.render(data, jinja_env=SandboxedEnvironment(autoescape=True), autoescape=True)
    except TemplateError as e:
        tag = _broken_tag(doc)
        where = f' at "{tag}"' if tag else ""
        raise BuildError(f"the proposal template {path} has a broken tag{where}: {e.message or e}") from None
    if template is None or not template.is_file():
        b = context.content.company.brand
        _apply_brand(doc, Palette(b.primary, b.secondary, b.accent), b.heading_font, b.body_font)
    doc.core_properties.title = f"Proposal for {data['account']['name']}"
    doc.core_properties.author = context.content.company.name
    doc.core_properties.comments = ""
    out = io.BytesIO()
    doc.save(out)
    return normalise(out.getvalue(), context.moment)


#: The names a proposal template may use: every key `proposal_data` gives, and the two logos.
TEMPLATE_NAMES = (
    "acceptance",
    "account",
    "account_logo",
    "assumptions",
    "company",
    "company_logo",
    "contact",
    "date",
    "headline",
    "lines",
    "number",
    "offers",
    "outcomes",
    "outcomes_intro",
    "outcomes_missing",
    "pains",
    "pricing_note",
    "promise",
    "proof",
    "proof_rule",
    "rep",
    "summary",
    "terms",
    "timeline",
    "total",
    "total_label",
    "valid_until",
)


def check_template(path: Path, shown: str) -> list[Problem]:
    """Return the problems of a project's proposal template: broken tags and unknown names."""
    if not path.is_file():
        return []
    try:
        doc = DocxTemplate(str(path))
        used = doc.get_undeclared_template_variables()
    except TemplateError as e:
        tag = _broken_tag(DocxTemplate(str(path)))
        where = f' at "{tag}"' if tag else ""
        return [Problem(shown, 1, 1, "", f"expected Jinja tags Word can keep, got a broken tag{where}: {e.message or e}")]
    except Exception as e:  # not a Word file at all
        return [Problem(shown, 1, 1, "", f"expected a Word .docx template, got a file that does not open as one ({e})")]
    unknown = sorted(set(used) - set(TEMPLATE_NAMES))
    return [
        Problem(shown, 1, 1, "", f'expected names a proposal provides, got "{name}"; valid names: {", ".join(TEMPLATE_NAMES)}')
        for name in unknown
    ]


TAG = re.compile(r"\{[{%].*?(?:[}%]\}|$)")


def _broken_tag(doc: DocxTemplate) -> str | None:
    """Return the first tag in the template's text that Jinja cannot read on its own, if any."""
    env = SandboxedEnvironment()
    if doc.docx is None:
        doc.init_docx()  # docxtpl opens the Word file on first use
    paragraphs = list(doc.docx.paragraphs)
    for table in doc.docx.tables:
        paragraphs += [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
    for paragraph in paragraphs:
        text: str = paragraph.text
        for found in TAG.findall(text):
            tag = str(found)
            if not tag.endswith(("}}", "%}")):
                return tag
            if tag.startswith("{{"):
                try:
                    env.parse(re.sub(r"^\{\{[rp]? ", "{{ ", tag))
                except TemplateError:
                    return tag
    return None


def _image(doc: DocxTemplate, folder: Path, path: str | None, width_mm: float) -> InlineImage | str:
    picture = raster_image(folder, path) if path else None
    if picture is None:
        return ""
    return InlineImage(doc, str(picture), width=Mm(width_mm))


def _apply_brand(doc: DocxTemplate, palette: Palette, heading: str, body: str) -> None:
    """Put the brand's colours and fonts on Handoff's own template (a marketer's template keeps its look).

    Colours come from the palette, which has checked each against what it sits on: headings
    in the primary colour only when it reads on white, table headers in the primary colour
    with the text colour that reads on it.
    """
    colour = RGBColor(*rgb(palette.heading))
    styles = doc.docx.styles
    styles["Normal"].font.name = body
    for name in ("Title", "Heading 1", "Heading 2"):
        styles[name].font.name = heading
        styles[name].font.color.rgb = colour
    for table in doc.docx.tables:
        if table.style is None or not table.style.name.startswith("Light List"):
            continue
        for cell in table.rows[0].cells:
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:color"), "auto")
            shading.set(qn("w:fill"), palette.primary.lstrip("#").upper())
            cell._tc.get_or_add_tcPr().append(shading)  # noqa: SLF001 - python-docx has no cell shading API
            for para in cell.paragraphs:
                for run in para.runs:
                    run.font.color.rgb = RGBColor(*rgb(palette.on_primary))


def plan_proposals(context: Context, enablement: Path) -> list[tuple[Any, Callable[[], bytes]]]:
    """Return the generic proposal of every offer (account proposals are in their kits)."""
    from generator.outputs.collateral import PUBLIC, Asset

    template = enablement / "proposal.docx"
    jobs: list[tuple[Any, Callable[[], bytes]]] = []
    for offer in context.content.offers:
        request = ProposalFor([(offer, 1.0)])
        jobs.append(
            (
                Asset(
                    f"proposals/{offer.id}-proposal.docx",
                    f"{offer.name}: proposal template",
                    "A proposal with the buyer's details to fill in: prices and outcomes from the content.",
                    PUBLIC,
                    [f"offers/{offer.id}.yaml", "proposal.yaml"],
                    offer_id=offer.id,
                    kind="proposal",
                ),
                functools.partial(build_proposal, context, request, template),
            )
        )
    return jobs
