"""Cross-checks that a schema cannot express: references between files, unique ids,
ROI expressions, anonymity, article references, and the budget guidance (a warning)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.colour import Palette
from generator.content.positions import Positions
from generator.content.source import Loc
from generator.context.formatting import Formatter
from generator.context.view import IdIndex, Views, lookup, resolve_references
from generator.errors import Problem, Severity
from generator.expr.plan import plan_roi
from generator.model import Content, Offer
from generator.model.base import is_internal, is_markdown
from generator.model.plan import BUDGET_GUIDANCE


def check_content(content: Content, positions: Positions, folder: Path) -> list[Problem]:
    """Return every cross-file problem (and warning) in validated content."""
    return check_content_views(content, positions, folder)[0]


def check_content_views(content: Content, positions: Positions, folder: Path) -> tuple[list[Problem], Views]:
    """Return every cross-file problem in validated content, and the views the check made (for the build)."""
    checker = _Checker(content, positions, folder)
    checker.run()
    return checker.problems, checker.views


class _Checker:
    def __init__(self, content: Content, positions: Positions, folder: Path) -> None:
        self.content = content
        self.positions = positions
        self.folder = folder
        self.problems: list[Problem] = []

    @functools.cached_property
    def views(self) -> Views:
        """Both views, each made once when first read (article references and site links read them)."""
        return Views(self.content)

    @property
    def public(self) -> dict[str, Any]:
        return self.views.public

    @functools.cached_property
    def public_ids(self) -> IdIndex:
        """The public view's lists by id, and its references as resolved: one for every check that resolves them."""
        return IdIndex()

    @functools.cached_property
    def markdown_texts(self) -> list[tuple[Loc, str]]:
        """Every public Markdown field, walked once: four checks read them (with a thousand articles, a walk is costly)."""
        return _markdown_texts(self.content, ())

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
        self._own_pages()
        self._site_links()
        self._image(("company", "brand", "logo"), c.company.brand.logo, vector=True)
        if c.company.brand.hero_image:
            self._image(("company", "brand", "hero_image", "file"), c.company.brand.hero_image.file)
        self._brand_contrast()
        for i, study in enumerate(c.case_studies):
            self._image(("case_studies", i, "logo"), study.logo, vector=True)
            self._image(("case_studies", i, "photo"), study.photo)
        for i, offer in enumerate(c.offers):
            self._image(("offers", i, "screenshot"), offer.screenshot)
        self._markdown_images()
        for i in range(len(c.accounts)):
            self._account(i)
        self._budget()
        self._drift()

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
            lists.append((("lead_definition", "agreement", "sales_stages"), c.lead_definition.agreement.sales_stages))
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
        text of the story or of anything that points at it (a proof point that cites it, an
        article or page that links to it): not in full, not in part, in no case. Each field
        is reported once, at the first name found in it."""
        study = self.content.case_studies[index]
        if study.publication != "anonymized":
            return
        parts = _name_parts(study.customer, company=True, generic=_words_of(study.industry))
        if study.quote:
            parts += _name_parts(study.quote.name, company=False)
        if not parts:
            return
        # Whole words only, so "Trent" is not found in "Trenton"; "Halloway's" is "Halloway".
        pattern = re.compile(r"(?<![\w])(" + "|".join(re.escape(p) for p in parts) + r")(?![\w])", re.IGNORECASE)
        places: list[tuple[Loc, str]] = [
            (loc, text)
            for loc, text in _public_texts(study, ("case_studies", index))
            # The name itself, and the logo and photo files, which an anonymized story never publishes.
            if loc[-1] not in ("customer", "logo", "photo") and loc[-2:] != ("quote", "name")
        ]
        for i, point in enumerate(self.content.positioning.proof_points):
            if point.case_study == study.id:
                places += _public_texts(point, ("positioning", "proof_points", i))
        # An article or page that links to the story (page:case-studies/<id>) or quotes it
        # ({{ case_studies.<id>.customer }}) is read beside it.
        target = f"case-studies/{study.id}"
        reference = re.compile(r"\{\{\s*case_studies\." + re.escape(study.id) + r"[.\s}]")
        for field in ("articles", "pages"):
            for i, item in enumerate(getattr(self.content, field)):
                linked = any(m.group(1).strip("/") == target for m in _PAGE_LINK.finditer(item.body))
                if linked or reference.search(item.body):
                    places += _public_texts(item, (field, i))
        # Any other Markdown field (an FAQ's answer, an offer's description) that links to it.
        for loc, text in self.markdown_texts:
            if loc[0] not in ("articles", "pages", "case_studies") and any(
                m.group(1).strip("/") == target for m in _PAGE_LINK.finditer(text)
            ):
                places.append((loc, text))
        for loc, text in places:
            found = pattern.search(text)
            if found is None:
                continue
            message = (
                "expected no part of the customer's or the quoted person's name in an anonymized "
                f'case study, got "{found.group()}"'
            )
            if loc[0] in ("articles", "pages") and loc[-1] == "body":
                self._text_problem(loc, text, found.start(), message)
            else:
                self.problems.append(self._placed(loc, pattern, text, found, message))

    def _written(self, loc: Loc, text: str, offset: int, needle: str, message: str) -> Problem:
        """Return a problem at ``needle`` (found at ``offset`` in the value) where the file has it,
        inside a block scalar too; at the value when it cannot be found as written."""
        mark = self.positions.mark(loc)
        span = mark.span or ""
        nth = text[:offset].count(needle) if needle else -1
        at = -1
        for _ in range(nth + 1):
            at = span.find(needle, at + 1)
            if at < 0:
                break
        if not needle or at < 0:
            first_line = "\n" not in text[:offset]
            return self.positions.problem(loc, message, offset=offset if first_line else 0)
        before = span[:at]
        line = mark.line + before.count("\n")
        column = mark.column + at if "\n" not in before else at - before.rfind("\n")
        return Problem(mark.file, line, column, self.positions.path(loc), message)

    def _placed(self, loc: Loc, pattern: re.Pattern[str], text: str, found: re.Match[str], message: str) -> Problem:
        """Return a problem at the exact line and column of ``found`` in the file, as written there."""
        mark = self.positions.mark(loc)
        span = mark.span or ""
        written = pattern.search(span)
        if written is None or written.group().lower() != found.group().lower():
            first_line = "\n" not in text[: found.start()]
            return self.positions.problem(loc, message, offset=found.start() if first_line else 0)
        before = span[: written.start()]
        line = mark.line + before.count("\n")
        column = mark.column + written.start() if "\n" not in before else written.start() - before.rfind("\n")
        return Problem(mark.file, line, column, self.positions.path(loc), message)

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
        """References in the bodies of articles and pages name public values."""
        bodies = [("articles", i, a.body) for i, a in enumerate(self.content.articles)]
        bodies += [("pages", i, p.body) for i, p in enumerate(self.content.pages)]
        if not bodies:
            return
        public, internal, ids = self.public, self.views.internal, self.public_ids
        for field, i, text in bodies:
            _, errors = resolve_references(text, public, ids)
            body = self.positions.mark((field, i, "body"))
            for e in errors:
                before = text[: e.offset]
                line = body.line + before.count("\n")
                column = e.offset - (before.rfind("\n") + 1) + 1
                message = e.message
                path = text[e.offset :].split("}}", 1)[0].strip("{ ")
                if _resolves(internal, path):
                    message = f'expected a public value, got "{path}", which is internal and never published'
                self.problems.append(Problem(body.file, line, column, self.positions.path((field, i, "body")), message))

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
        for loc, text in self.markdown_texts:
            if loc[0] != "articles":  # article bodies are checked with their own positions (_articles)
                for ref in resolve_references(text, self.public, self.public_ids)[1]:
                    first_line = "\n" not in text[: ref.offset]
                    self.error(loc, ref.message, offset=ref.offset if first_line else 0)
            for e in page_link_errors(text, targets):
                if loc[0] in ("articles", "pages"):
                    self._text_problem(loc, text, e.offset, str(e))
                else:
                    first_line = "\n" not in text[: e.offset]
                    self.error(loc, str(e), offset=e.offset if first_line else 0)

    def _own_pages(self) -> None:
        """A page of the marketer's own takes an address no section of the site uses."""
        from generator.outputs.site.pages import RESERVED_PAGE_IDS

        for i, page in enumerate(self.content.pages):
            if page.id in RESERVED_PAGE_IDS:
                self.error(
                    ("pages", i, "id"),
                    f'expected a page name the site does not use itself, got "{page.id}"; taken: {", ".join(RESERVED_PAGE_IDS)}',
                )

    def _text_problem(self, loc: Loc, text: str, offset: int, message: str, severity: Severity = Severity.ERROR) -> None:
        """Report a problem at a place inside a Markdown body that starts on its own line."""
        body = self.positions.mark(loc)
        before = text[:offset]
        line = body.line + before.count("\n")
        column = offset - (before.rfind("\n") + 1) + 1
        self.problems.append(Problem(body.file, line, column, self.positions.path(loc), message, severity))

    def _drift(self) -> None:
        """Warn where prose types a value the content holds (or a price it no longer holds)."""
        from generator.content.drift import lint, references

        symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(self.content.company.currency, "$")
        texts: list[tuple[Loc, str]] = [(("articles", i, "body"), a.body) for i, a in enumerate(self.content.articles)]
        texts += [(loc, text) for loc, text in self.markdown_texts if loc[0] != "articles"]
        quotable = references(self.public)
        for loc, text in texts:
            for finding in lint(text, quotable, symbol):
                if loc[0] == "articles":
                    self._text_problem(loc, text, finding.offset, finding.message, Severity.WARNING)
                else:
                    first_line = "\n" not in text[: finding.offset]
                    offset = finding.offset if first_line else 0
                    self.problems.append(self.positions.problem(loc, finding.message, Severity.WARNING, offset=offset))

    def _image(self, loc: Loc, logo: str | None, vector: bool = False, offset: int = 0) -> None:
        """An image named in content is a PNG or JPEG file (or, where ``vector``, an SVG) inside the content folder."""
        if logo is None:
            return
        problem = _image_problem(self.folder, logo, vector)
        if problem is None and vector and Path(logo).suffix.lower() == ".svg":
            # Decks and documents take the PNG or JPEG beside an SVG: that one must be whole too.
            from generator.outputs.collateral.images import RASTER

            sibling = next((logo[: -len(".svg")] + s for s in RASTER if (self.folder / logo).with_suffix(s).is_file()), None)
            problem = _image_problem(self.folder, sibling, vector=False) if sibling else None
        if problem:
            self.error(loc, problem, offset=offset)

    def _markdown_images(self) -> None:
        """Every Markdown image has alt text and, from the content folder, names a file that is there."""
        from generator.outputs.site.safe import ASSETS, image_references

        for loc, text in self.markdown_texts:
            for ref in image_references(text):
                problems: list[tuple[int, str]] = []
                if not ref.alt.strip():
                    problems.append(
                        (ref.offset, f'expected alt text that says what the image shows, got none in "![{ref.alt}]({ref.src})"')
                    )
                if ref.src.startswith(ASSETS):
                    found = _image_problem(self.folder, ref.src, vector=True, markdown=True)
                    if found:
                        problems.append((ref.src_offset, found))
                elif not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", ref.src):
                    # A relative path outside assets/ would be a broken image; an address with a
                    # scheme is the sanitiser's to judge (only https and http survive it).
                    problems.append(
                        (
                            ref.src_offset,
                            f'expected an image under {ASSETS} in the content folder or an https:// address, got "{ref.src}"',
                        )
                    )
                for offset, message in problems:
                    if loc[0] in ("articles", "pages"):
                        self._text_problem(loc, text, offset, message)
                    else:
                        needle = ref.src if offset == ref.src_offset else f"![{ref.alt}]"
                        self.problems.append(self._written(loc, text, offset, needle, message))

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


#: ``page:`` links in Markdown, as the site resolves them.
_PAGE_LINK = re.compile(r"\]\(\s*page:([^)\s#]*)[^)\s]*\s*\)")

_STAGE_WORDS = {"established": "an established", "growth": "a growth-stage", "pre_pmf": "a pre-product-market-fit"}


def _resolves(view: dict[str, Any], path: str) -> bool:
    try:
        lookup(view, path)
    except LookupError:
        return False
    return True


def _markdown_texts(value: Any, loc: Loc) -> list[tuple[Loc, str]]:
    """Return the place and text of every public Markdown field in a model tree."""
    out: list[tuple[Loc, str]] = []
    _walk_markdown(value, loc, out)
    return out


@functools.cache
def _public_fields(model: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """(name, is Markdown) of a model's public fields: asked once per model class, not per item."""
    return tuple((name, is_markdown(info)) for name, info in model.model_fields.items() if not is_internal(info))


def _walk_markdown(value: Any, loc: Loc, out: list[tuple[Loc, str]]) -> None:
    if isinstance(value, BaseModel):
        for name, markdown in _public_fields(type(value)):
            child = getattr(value, name)
            if markdown and isinstance(child, str):
                out.append(((*loc, name), child))
            elif isinstance(child, (BaseModel, list)):
                _walk_markdown(child, (*loc, name), out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, (BaseModel, list)):
                _walk_markdown(item, (*loc, i), out)


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


def _image_problem(folder: Path, name: str, vector: bool, markdown: bool = False) -> str | None:
    """Return what is wrong with an image named in content, or None when it can be published."""
    root = folder.resolve()
    path = (root / name).resolve()
    kinds = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
    if markdown:
        kinds[".webp"] = "WebP"
    if vector:
        kinds[".svg"] = "SVG"
    words = ", ".join(dict.fromkeys(kinds.values()))
    words = " or ".join(words.rsplit(", ", 1))
    if not path.is_relative_to(root):
        return f'expected a path inside the content folder, got "{name}"'
    if path.suffix.lower() not in kinds:
        return f'expected a {words} image, got "{name}"'
    if not path.is_file():
        return f'expected an image file, got "{name}", which does not exist'
    if path.suffix.lower() == ".svg":
        from generator.outputs.site.media import MediaError, sanitise_svg

        try:
            sanitise_svg(path.read_bytes(), name)
        except (MediaError, OSError) as e:
            return f'expected an SVG image, got "{name}", which cannot be read ({str(e).split(": ", 1)[-1]})'
        return None
    problem = _undecodable(path)
    raster = " or ".join(dict.fromkeys(v for v in kinds.values() if v != "SVG"))
    raster = raster.replace(" or ", ", ", raster.count(" or ") - 1)
    return f'expected a {raster} image, got "{name}", {problem}' if problem else None


def _undecodable(path: Path) -> str | None:
    """Decode an image fully (a name proves nothing); return what is wrong with it, if anything."""
    stat = path.stat()
    # Decoding is most of a check's cost; the same file (same size, same modification time)
    # decodes the same, so a preview checking the content on every save decodes it once.
    return _decode_problem(path, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=1024)
def _decode_problem(path: Path, size: int, mtime_ns: int) -> str | None:
    # And every build on this machine decodes the same bytes once: the verdict is kept by
    # digest of the file, its extension and the code (Pillow's version with it).
    import hashlib

    from generator.cache import Digest, code_digest, user_cache, write_whole

    folder = user_cache("checked-images")
    data = path.read_bytes()
    digest = Digest(code_digest(), path.suffix.lower()).text(hashlib.sha256(data).hexdigest()).hexdigest()
    verdict = folder / digest if folder else None
    if verdict is not None and verdict.is_file():
        return verdict.read_text(encoding="utf-8") or None
    problem = _decode(path)
    if verdict is not None:
        write_whole(verdict, (problem or "").encode())
    return problem


def _decode(path: Path) -> str | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            found = image.format
            image.load()  # decodes every pixel: a truncated file fails here, not in a deck
    except UnidentifiedImageError:
        return "which is not an image"
    except (OSError, SyntaxError, ValueError) as e:
        return f"which is damaged ({e})"
    expected = {".png": "PNG", ".webp": "WEBP"}.get(path.suffix.lower(), "JPEG")
    if found != expected:
        return f"which is a {found} file with the wrong extension"
    return None
