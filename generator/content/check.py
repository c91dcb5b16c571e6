"""Cross-checks that a schema cannot express: references between files, unique ids,
ROI expressions, anonymity, article references, and the budget guidance (a warning)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.colour import Palette
from generator.content.positions import Positions
from generator.content.source import Loc
from generator.context.formatting import Formatter
from generator.context.view import internal_view, lookup, public_view, resolve_references
from generator.errors import Problem, Severity
from generator.expr.plan import plan_roi
from generator.model import Content, Offer
from generator.model.base import is_internal, is_markdown
from generator.model.plan import BUDGET_GUIDANCE


def check_content(content: Content, positions: Positions, folder: Path) -> list[Problem]:
    """Return every cross-file problem (and warning) in validated content."""
    checker = _Checker(content, positions, folder)
    checker.run()
    return checker.problems


class _Checker:
    def __init__(self, content: Content, positions: Positions, folder: Path) -> None:
        self.content = content
        self.positions = positions
        self.folder = folder
        self.problems: list[Problem] = []

    @functools.cached_property
    def public(self) -> dict[str, Any]:
        """The public view, made once per check (article references and site links both read it)."""
        return public_view(self.content)

    def error(self, loc: Loc, message: str, offset: int = 0, key: bool = False) -> None:
        self.problems.append(self.positions.problem(loc, message, offset=offset, key=key))

    def warn(self, loc: Loc, message: str) -> None:
        self.problems.append(self.positions.problem(loc, message, Severity.WARNING))

    def run(self) -> None:
        c = self.content
        self._unique_ids()
        personas = [p.id for p in c.icp.personas]
        pillars = [p.id for p in c.positioning.value_pillars]
        points = [p.id for p in c.positioning.proof_points]
        offers = [o.id for o in c.offers]
        studies = [s.id for s in c.case_studies]
        competitors = [x.id for x in c.competitors]

        for i, pillar in enumerate(c.positioning.value_pillars):
            self._refs(("positioning", "value_pillars", i, "proof_points"), pillar.proof_points, points, "proof point")
        for i, point in enumerate(c.positioning.proof_points):
            if point.case_study:
                self._refs(("positioning", "proof_points", i), [point.case_study], studies, "case study", "case_study")
        for i, alt in enumerate(c.positioning.alternatives):
            loc = ("positioning", "alternatives", i)
            if alt.kind == "competitor" and not alt.competitor:
                self.error(loc, "expected competitor: <id of a competitors/ file> for kind competitor, got nothing")
            if alt.competitor:
                self._refs(loc, [alt.competitor], competitors, "competitor", "competitor")
        for i, offer in enumerate(c.offers):
            self._refs(("offers", i, "personas"), offer.personas, personas, "persona")
            self._roi(i)
        for i, study in enumerate(c.case_studies):
            self._refs(("case_studies", i, "offers"), study.offers, offers, "offer")
            self._refs(("case_studies", i, "pillars"), study.pillars, pillars, "value pillar")
            self._anonymity(i)
            self._firmographics(i)
        if c.faqs is not None:
            topics = [t.id for t in c.faqs.topics]
            for i, faq in enumerate(c.faqs.faqs):
                self._refs(("faqs", "faqs", i), [faq.topic], topics, "topic", "topic")
                self._refs(("faqs", "faqs", i, "offers"), faq.offers, offers, "offer")
        self._competitors()
        for i, article in enumerate(c.articles):
            self._refs(("articles", i, "pillars"), article.pillars, pillars, "value pillar")
        self._articles()
        self._site_links()
        self._image(("company", "brand", "logo"), c.company.brand.logo)
        self._brand_contrast()
        for i, study in enumerate(c.case_studies):
            self._image(("case_studies", i, "logo"), study.logo)
        for i, offer in enumerate(c.offers):
            self._image(("offers", i, "screenshot"), offer.screenshot)
        for i in range(len(c.accounts)):
            self._account(i)
        self._budget()

    def _brand_contrast(self) -> None:
        """Warn, naming the pair, for each brand colour that text cannot use at 4.5:1."""
        b = self.content.company.brand
        for colour, message in Palette(b.primary, b.secondary, b.accent).warnings():
            self.warn(("company", "brand", colour), message)
        from generator.outputs.site.webfonts import VENDORED, vendored

        for key, family in (("heading_font", b.heading_font), ("body_font", b.body_font)):
            if vendored(family) is None:
                self.warn(
                    ("company", "brand", key),
                    f'the site has no font files for "{family}", so visitors see the system font instead; '
                    f"fonts the site serves itself: {', '.join(VENDORED)}",
                )

    def _refs(self, loc: Loc, ids: Sequence[str], valid: Sequence[str], what: str, key: str | None = None) -> None:
        for j, ref in enumerate(ids):
            if ref not in valid:
                where = (*loc, key) if key else (*loc, j)
                choices = ", ".join(valid) if valid else "none are defined"
                article = "an" if what[0] in "aeiou" else "a"
                self.error(where, f'expected the id of {article} {what}, got "{ref}"; valid ids: {choices}')

    def _unique_ids(self) -> None:
        c = self.content
        lists: list[tuple[Loc, Iterable[Any]]] = [
            (("icp", "personas"), c.icp.personas),
            (("positioning", "value_pillars"), c.positioning.value_pillars),
            (("positioning", "proof_points"), c.positioning.proof_points),
            (("positioning", "alternatives"), c.positioning.alternatives),
        ]
        if c.faqs is not None:
            lists += [(("faqs", "topics"), c.faqs.topics), (("faqs", "faqs"), c.faqs.faqs)]
        if c.comparison is not None:
            lists.append((("comparison", "features"), c.comparison.features))
        if c.lead_definition is not None:
            lists.append((("lead_definition", "sources"), c.lead_definition.sources))
        for loc, items in lists:
            seen: dict[str, int] = {}
            for i, item in enumerate(items):
                if item.id in seen:
                    first = self.positions.mark((*loc, seen[item.id], "id")).line
                    self.error((*loc, i, "id"), f'expected a unique id, got "{item.id}" again (first at line {first})')
                seen.setdefault(item.id, i)

    def _roi(self, index: int) -> None:
        offer = self.content.offers[index]
        if offer.roi is None:
            return
        _, errors = plan_roi(offer.roi, offer.price)
        for e in errors:
            self.error(("offers", index, "roi", e.kind, e.index, e.field), e.message, offset=e.offset)

    def _anonymity(self, index: int) -> None:
        """An anonymized story names neither the customer nor the people quoted, in any public
        text of the story or of a proof point that cites it: not in full, not in part."""
        study = self.content.case_studies[index]
        if study.publication != "anonymized":
            return
        parts = _name_parts(study.customer, company=True, generic=_words_of(study.industry))
        if study.quote:
            parts += _name_parts(study.quote.name, company=False)
        pattern = re.compile(r"\b(" + "|".join(re.escape(p) for p in parts) + r")\b", re.IGNORECASE) if parts else None
        if pattern is None:
            return
        places: list[tuple[Loc, str]] = [
            (loc, text)
            for loc, text in _public_texts(study, ("case_studies", index))
            if loc[-1] != "customer" and loc[-2:] != ("quote", "name")
        ]
        for i, point in enumerate(self.content.positioning.proof_points):
            if point.case_study == study.id:
                places += _public_texts(point, ("positioning", "proof_points", i))
        for loc, text in places:
            found = pattern.search(text)
            if found:
                first_line = "\n" not in text[: found.start()]
                self.error(
                    loc,
                    f"expected no part of the customer's or the quoted person's name in an anonymized "
                    f'case study, got "{found.group()}"',
                    offset=found.start() if first_line else 0,
                )

    def _firmographics(self, index: int) -> None:
        """A B2B story says which kind of firm it is; a consumer's story need not."""
        if self.content.icp.market != "b2b":
            return
        study = self.content.case_studies[index]
        for name, example in (("industry", "HVAC"), ("size", "38 technicians")):
            if getattr(study, name) is None:
                self.error(
                    ("case_studies", index), f'expected {name} (e.g. "{example}") in a case study of a B2B business, got nothing'
                )

    def _competitors(self) -> None:
        c = self.content
        if c.competitors and c.comparison is None:
            self.error(("competitors", 0), "expected comparison.yaml to define the features compared, got no such file")
            return
        if c.comparison is None:
            return
        features = [f.id for f in c.comparison.features]
        for i, rival in enumerate(c.competitors):
            for key in rival.features:
                if key not in features:
                    self.error(
                        ("competitors", i, "features", key),
                        f'expected a feature id from comparison.yaml, got "{key}"; valid ids: {", ".join(features)}',
                    )
            missing = [f for f in features if f not in rival.features]
            if missing:
                self.error(
                    ("competitors", i, "features"),
                    "expected a value for every feature in comparison.yaml, got none for " + ", ".join(missing),
                )

    def _articles(self) -> None:
        if not self.content.articles:
            return
        public, internal = self.public, internal_view(self.content)
        for i, article in enumerate(self.content.articles):
            _, errors = resolve_references(article.body, public)
            body = self.positions.mark(("articles", i, "body"))
            for e in errors:
                before = article.body[: e.offset]
                line = body.line + before.count("\n")
                column = e.offset - (before.rfind("\n") + 1) + 1
                message = e.message
                path = article.body[e.offset :].split("}}", 1)[0].strip("{ ")
                if _resolves(internal, path):
                    message = f'expected a public value, got "{path}", which is internal and never published'
                self.problems.append(Problem(body.file, line, column, self.positions.path(("articles", i, "body")), message))

    def _site_links(self) -> None:
        """Links to site pages (the call to action, ``page:`` links in Markdown) name pages the site has."""
        from generator.outputs.site.pages import site_paths
        from generator.outputs.site.safe import page_link_errors, page_targets

        paths = site_paths(self.content, self.public)
        targets = page_targets(paths)
        company = self.content.company
        site_urls: list[tuple[Loc, str | None]] = [(("company", "cta", "url"), company.cta.url)]
        site_urls += [(("company", "legal_links", i, "url"), link.url) for i, link in enumerate(company.legal_links)]
        for loc, url in site_urls:
            if url is None or not url.startswith("/") or url.startswith("//"):
                continue
            wanted = url.split("#", 1)[0].strip("/")
            if wanted not in targets and not (wanted == "" and "home" in targets):
                self.error(
                    loc,
                    f'expected a page of the site, got "{url}"; pages: '
                    + ", ".join(f"/{t}/" if t != "home" else "/" for t in sorted(targets)),
                )
        for loc, text in _markdown_texts(self.content, ()):
            for e in page_link_errors(text, targets):
                if loc[0] == "articles":
                    self._text_problem(loc, text, e.offset, str(e))
                else:
                    first_line = "\n" not in text[: e.offset]
                    self.error(loc, str(e), offset=e.offset if first_line else 0)

    def _text_problem(self, loc: Loc, text: str, offset: int, message: str) -> None:
        """Report a problem at a place inside a Markdown body that starts on its own line."""
        body = self.positions.mark(loc)
        before = text[:offset]
        line = body.line + before.count("\n")
        column = offset - (before.rfind("\n") + 1) + 1
        self.problems.append(Problem(body.file, line, column, self.positions.path(loc), message))

    def _image(self, loc: Loc, logo: str | None) -> None:
        """An image named in content is a PNG or JPEG file inside the content folder."""
        if logo is None:
            return
        root = self.folder.resolve()
        path = (root / logo).resolve()
        if not path.is_relative_to(root):
            self.error(loc, f'expected a path inside the content folder, got "{logo}"')
        elif path.suffix.lower() not in {".png", ".jpg", ".jpeg"}:
            self.error(loc, f'expected a PNG or JPEG image, got "{logo}"')
        elif not path.is_file():
            self.error(loc, f'expected an image file, got "{logo}", which does not exist')
        else:
            problem = _undecodable(path)
            if problem:
                self.error(loc, f'expected a PNG or JPEG image, got "{logo}", {problem}')

    def _account(self, index: int) -> None:
        """A named account refers to real stages, personas, pains, offers and competitors, and
        asks for a discount the offer's pricing rules allow without approval."""
        c, account = self.content, self.content.accounts[index]
        loc: Loc = ("accounts", index)
        stages = list(type(c.lead_definition.stages).model_fields) if c.lead_definition else []
        if not stages:
            self.error(
                (*loc, "stage"), "expected lead_definition.yaml to define the stages an account can be in, got no such file"
            )
        else:
            self._refs(loc, [account.stage], stages, "lead stage", "stage")
        personas = {p.id: p for p in c.icp.personas}
        for j, contact in enumerate(account.contacts):
            self._refs((*loc, "contacts", j), [contact.persona], list(personas), "persona", "persona")
        pains = [pain for contact in account.contacts if contact.persona in personas for pain in personas[contact.persona].pains]
        # With an unknown persona the pains cannot be judged; its own error says what to fix.
        known = all(contact.persona in personas for contact in account.contacts)
        for j, pain in enumerate(account.pains if known else []):
            if pain not in pains:
                choices = "; ".join(f'"{p}"' for p in dict.fromkeys(pains)) or "none (no contact has a known persona)"
                self.error(
                    (*loc, "pains", j),
                    f'expected one of the pains of the contacts\' personas, got "{pain}"; valid pains: {choices}',
                )
        offers = {o.id: o for o in c.offers}
        for j, item in enumerate(account.offers):
            self._refs((*loc, "offers", j), [item.offer], list(offers), "offer", "offer")
        if account.competitor:
            self._refs(loc, [account.competitor], [x.id for x in c.competitors], "competitor", "competitor")
        chosen = [offers[item.offer] for item in account.offers if item.offer in offers]
        self._account_roi(loc, account.roi_inputs, chosen)
        self._discount(loc, account.discount_percent, chosen)
        self._image((*loc, "logo"), account.logo)

    def _account_roi(self, loc: Loc, inputs: dict[str, dict[str, float]], offers: list[Offer]) -> None:
        with_roi = {o.id: o for o in offers if o.roi is not None}
        for offer_id, values in inputs.items():
            where: Loc = (*loc, "roi_inputs", offer_id)
            if offer_id not in with_roi:
                valid = ", ".join(with_roi) or "none of this account's offers has an ROI model"
                self.error(
                    where,
                    f'expected the id of one of this account\'s offers with an ROI model, got "{offer_id}"; valid ids: {valid}',
                    key=True,
                )
                continue
            model = with_roi[offer_id].roi
            assert model is not None
            known = {i.id: i for i in model.inputs}
            for name, value in values.items():
                item = known.get(name)
                if item is None:
                    self.error(
                        (*where, name),
                        f'expected an input of the {offer_id} ROI model, got "{name}"; valid inputs: {", ".join(known)}',
                        key=True,
                    )
                elif item.min is not None and value < item.min or item.max is not None and value > item.max:
                    bounds = (
                        f"{item.min:g} to {item.max:g}"
                        if item.min is not None and item.max is not None
                        else (f">= {item.min:g}" if item.min is not None else f"<= {item.max:g}")
                    )
                    self.error((*where, name), f"expected {name} within the model's bounds ({bounds}), got {value:g}")

    def _discount(self, loc: Loc, discount: float, offers: list[Offer]) -> None:
        """Within the offer's rules or an error naming who must approve; never silently below the floor."""
        fmt = Formatter(self.content.company)
        for offer in offers:
            policy = offer.pricing
            if policy is None or discount == 0:
                continue
            approver = policy.approval or "a sales manager (the offer names no approver)"
            if discount > policy.max_discount_percent:
                self.error(
                    (*loc, "discount_percent"),
                    f"expected a discount of at most {policy.max_discount_percent:g}% on {offer.name} without "
                    f"approval, got {discount:g}%; needs approval: {approver}",
                )
            elif offer.price.amount is not None and offer.price.amount * (1 - discount / 100) < policy.floor:
                after = offer.price.amount * (1 - discount / 100)
                self.error(
                    (*loc, "discount_percent"),
                    f"expected a price no lower than the floor of {fmt.money(policy.floor)} on {offer.name}, got "
                    f"{fmt.money(after)} after {discount:g}% off; needs approval: {approver}",
                )

    def _budget(self) -> None:
        plan = self.content.marketing_plan
        if plan is None or plan.annual_revenue == 0:
            return
        guidance = BUDGET_GUIDANCE[plan.growth_stage]
        if guidance is None:
            return
        share = plan.marketing_budget / plan.annual_revenue
        low, high = guidance
        if not low <= share <= high:
            self.warn(
                ("marketing_plan", "marketing_budget"),
                f"{_STAGE_WORDS[plan.growth_stage]} business usually spends {low:.0%} to {high:.0%} of revenue "
                f"on marketing; this budget is {share:.1%}",
            )


_STAGE_WORDS = {"established": "an established", "growth": "a growth-stage", "pre_pmf": "a pre-product-market-fit"}


def _resolves(view: dict[str, Any], path: str) -> bool:
    try:
        lookup(view, path)
    except LookupError:
        return False
    return True


def _markdown_texts(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Yield the place and text of every public Markdown field in a model tree."""
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            if is_internal(info):
                continue
            child = getattr(value, name)
            if is_markdown(info) and isinstance(child, str):
                yield (*loc, name), child
            else:
                yield from _markdown_texts(child, (*loc, name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _markdown_texts(item, (*loc, i))


#: Words in company names that identify nobody: legal forms and everyday trade words.
_GENERIC_NAME_WORDS = {
    "and",
    "the",
    "of",
    "co",
    "corp",
    "company",
    "inc",
    "llc",
    "ltd",
    "gmbh",
    "plc",
    "group",
    "services",
    "service",
    "solutions",
    "systems",
    "home",
    "homes",
    "heating",
    "cooling",
    "air",
    "plumbing",
    "drain",
    "electric",
    "electrical",
    "mechanical",
    "comfort",
    "hvac",
    "contractors",
}


def _words_of(text: str | None) -> set[str]:
    return {w.lower() for w in re.findall(r"[\w'’-]+", text or "")}


def _name_parts(name: str, company: bool, generic: set[str] | None = None) -> list[str]:
    """Return the parts of a name that identify someone: a person's every name, a company's distinctive words."""
    words = [w.strip("'’-") for w in re.findall(r"[\w'’-]+", name)]
    skip = (_GENERIC_NAME_WORDS | (generic or set())) if company else set()
    parts = [w for w in words if len(w) >= 2 and w.lower() not in skip]
    return sorted(set(parts), key=lambda w: (-len(w), w))


def _public_texts(value: Any, loc: Loc) -> list[tuple[Loc, str]]:
    """Return the place and text of every public string in a model tree."""
    out: list[tuple[Loc, str]] = []
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            if not is_internal(info):
                out += _public_texts(getattr(value, name), (*loc, name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _public_texts(item, (*loc, i))
    elif isinstance(value, str):
        out.append((loc, value))
    return out


def _undecodable(path: Path) -> str | None:
    """Decode an image fully (a name proves nothing); return what is wrong with it, if anything."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            found = image.format
            image.load()  # decodes every pixel: a truncated file fails here, not in a deck
    except UnidentifiedImageError:
        return "which is not an image"
    except (OSError, SyntaxError, ValueError) as e:
        return f"which is damaged ({e})"
    expected = "PNG" if path.suffix.lower() == ".png" else "JPEG"
    if found != expected:
        return f"which is a {found} file with the wrong extension"
    return None
