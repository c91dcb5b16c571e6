"""The public site as data: page path -> Markdown with front matter, from the public view.

Nothing here knows about MkDocs. The MkDocs plugin (`generator.outputs.site.plugin`) hands these
pages to MkDocs as generated files; `handoff build --pages-only DIR` writes them to disk
for any other engine that reads Markdown with front matter.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import json
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from babel.numbers import get_currency_symbol
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from markupsafe import Markup

from generator.cache import template_cache
from generator.context.formatting import number_rules
from generator.errors import BuildError
from generator.expr.javascript import calculator_spec
from generator.expr.plan import RoiPlan, plan_roi
from generator.model import Content
from generator.outputs.site.chrome import call_to_action
from generator.outputs.site.media import MAX_WIDTH, Media, MediaError
from generator.outputs.site.safe import HtmlMemo, MarkdownRenderer, PageLinkError, inline_text, json_for_script, page_targets


@dataclass(frozen=True)
class Page:
    """One page of the site: where it goes, its title and description, and its Markdown."""

    path: str
    title: str
    description: str
    body: str
    section: str
    #: For the marketer's own pages: "header" puts the page beside the sections' tabs.
    nav: str = ""
    #: The sanitised HTML of the Markdown fields in ``body``, in order (see `fields.swap_out`).
    fields: tuple[str, ...] = ()

    def source(self) -> str:
        """Return the page as Markdown with YAML front matter (JSON values are valid YAML).

        Title and description are HTML-escaped here because themes insert them into
        <title> and <meta content="..."> without escaping.
        """
        meta = f"title: {json.dumps(html.escape(self.title), ensure_ascii=False)}\n"
        meta += f"description: {json.dumps(html.escape(self.description), ensure_ascii=False)}\n"
        # A marketing site, not documentation: each section is one page, so a left sidebar
        # would only repeat the tabs, and a table of contents is furniture a buyer never uses
        # beside the text (it stays in the drawer on small screens, and in search).
        meta += "hide: [navigation, toc]\n"
        return f"---\n{meta}---\n\n{self.body.strip()}\n"


SECTIONS = [
    ("Home", "index.md"),
    ("Offers", "offers/index.md"),
    ("Case studies", "case-studies/index.md"),
    ("Who it's for", "who-its-for/index.md"),
    ("Compare", "compare/index.md"),
    ("FAQ", "faq/index.md"),
    ("Articles", "articles/index.md"),
    ("Contact", "contact/index.md"),
]


def environment(template_dirs: list[Path]) -> Environment:
    """Return the Jinja environment for our page templates: strict, and every printed value inline text.

    ``finalize`` runs on everything a template prints: content becomes text that neither
    HTML nor Markdown can read as markup, unless Handoff marked it safe itself (see `safe`).
    """
    loaders = [FileSystemLoader(str(d)) for d in template_dirs if d.is_dir()]
    env = Environment(
        # A project's own site_templates/pages/ come first, then the templates Handoff ships.
        loader=ChoiceLoader([*loaders, PackageLoader("generator.outputs.site", "templates/pages")]),
        undefined=StrictUndefined,
        autoescape=select_autoescape(default=True, default_for_string=True),
        finalize=inline_text,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=template_cache(),
    )
    env.filters["markdown"] = _markdown
    env.filters["feature"] = _feature
    env.filters["number"] = _number
    env.filters["icon"] = _icon
    env.filters["tojson"] = json_for_script
    env.filters["date"] = _date
    return env


@pass_context
def _date(context: Any, value: str) -> Markup:
    """Return an ISO date as the company's locale writes it (babel's medium date), in a <time> element."""
    return _time_element(str(value), context["site"]["company"]["locale"])


@functools.lru_cache(maxsize=4096)
def _time_element(value: str, locale: str) -> Markup:
    # Babel's formatting costs more than the rest of an article's listing entry; a site
    # shows the same few hundred dates on many pages.
    import datetime as dt

    from babel.dates import format_date

    day = dt.date.fromisoformat(value)
    text = format_date(day, format="medium", locale=locale)
    return Markup('<time datetime="{}">{}</time>').format(day.isoformat(), text)


@pass_context
def _markdown(context: Any, text: str | None) -> Markup:
    """Render a Markdown field to sanitised HTML, with page: links made relative to this page."""
    render: Callable[[str | None], Markup] = context["render_markdown"]
    return render(text)


#: Icon names as Material writes them: a set, then the icon, e.g. material/clock-fast.
ICON_NAME = re.compile(r"^[a-z0-9-]+(/[a-z0-9-]+){1,2}$")


def _icon(name: str | None) -> Markup:
    """Return one of the icons Material ships as inline SVG, or nothing for an unknown name.

    Inline, so the page needs no emoji extension and reads the same in any engine.
    """
    if not name or not ICON_NAME.match(name):
        return Markup("")
    svg = files("material").joinpath("templates", ".icons", *f"{name}.svg".split("/"))
    if not svg.is_file():
        return Markup("")
    return Markup('<span class="hf-icon" aria-hidden="true">{}</span>').format(Markup(svg.read_text(encoding="utf-8")))


def _number(value: float) -> str:
    """Return a number as a plain literal for HTML attributes: 20, not 20.0."""
    return f"{value:g}" if abs(value) < 1e15 else repr(value)


def _feature(value: bool | str) -> Markup:
    """Return a comparison cell: a mark that screen readers read as Yes or No, or the text."""
    if value is True:
        return Markup('<span class="hf-yes"><span aria-hidden="true">✓</span><span class="hf-sr-only">Yes</span></span>')
    if value is False:
        return Markup('<span class="hf-no"><span aria-hidden="true">—</span><span class="hf-sr-only">No</span></span>')
    return Markup("<span>{}</span>").format(value)


@dataclass
class Reuse:
    """What one render of the pages keeps for the next, under preview.

    Parsed templates (Jinja reloads a template whose file changed) and the HTML of Markdown
    fields, a pure function of the field's resolved text: with them a render of every page
    costs little more than filling the templates, so a saved edit re-renders the whole site's
    Markdown and the preview compares it with the last round's.
    """

    environments: dict[tuple[str, ...], Environment] = dataclasses.field(default_factory=dict)
    html: HtmlMemo = dataclasses.field(default_factory=HtmlMemo)

    def environment(self, template_dirs: list[Path]) -> Environment:
        # Keyed by the project's template files too: Jinja notices a template file that changed,
        # not one that now overrides (or no longer overrides) a template Handoff ships.
        files = [str(f) for d in template_dirs if d.is_dir() for f in sorted(d.rglob("*")) if f.is_file()]
        key = (*(str(d) for d in template_dirs if d.is_dir()), *files)
        if key not in self.environments:
            self.environments = {key: environment(template_dirs)}
        return self.environments[key]


def render_pages(
    content: Content,
    view: dict[str, Any],
    template_dirs: list[Path] | None = None,
    plans: Mapping[str, RoiPlan] | None = None,
    unsafe_html: bool = False,
    media: Media | None = None,
    reuse: Reuse | None = None,
) -> list[Page]:
    """Return every page of the public site, rendered from the public ``view``.

    ``unsafe_html`` keeps raw HTML (scripts included) in Markdown fields: the project's
    explicit opt-out of sanitising, for content from people trusted with code. ``media``
    collects the images the pages use (give it the content folder to publish them).
    ``reuse`` carries parsed templates and field HTML from one render to the next (the preview's).
    """
    env = reuse.environment(template_dirs or []) if reuse is not None else environment(template_dirs or [])
    plans = plans if plans is not None else {o.id: plan_roi(o.roi, o.price)[0] for o in content.offers if o.roi}
    renderer = _Renderer(env, content, view, plans, unsafe_html, media, reuse.html if reuse is not None else None)
    pages = renderer.pages()
    if reuse is not None:
        reuse.html.turn()
    return pages


#: First path segments the site's own sections and files use: no page of the marketer's may take them.
RESERVED_PAGE_IDS = (
    "index",
    "offers",
    "case-studies",
    "who-its-for",
    "compare",
    "faq",
    "articles",
    "contact",
    "assets",
    "search",
)


def own_pages(view: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the marketer's own pages, in their order (then by title)."""
    return sorted(view.get("pages", []), key=lambda p: (p["order"], p["title"]))


def site_paths(content: Content, view: dict[str, Any]) -> list[str]:
    """Return the source path of every page the site will have, without rendering any."""
    renderer = _Renderer(environment([]), content, view, {})
    renderer.plan()
    return [page.path for page, _, _ in renderer.planned]


def site_nav(pages: list[Page]) -> list[dict[str, str]]:
    """Return a small navigation: one entry per section that has a page."""
    paths = {p.path for p in pages}
    sections = [{title: path} for title, path in SECTIONS if path in paths]
    return sections + [{p.section: p.path} for p in pages if p.nav == "header"]


class _Renderer:
    def __init__(
        self,
        env: Environment,
        content: Content,
        view: dict[str, Any],
        plans: Mapping[str, RoiPlan],
        unsafe_html: bool = False,
        media: Media | None = None,
        memo: HtmlMemo | None = None,
    ) -> None:
        self.env = env
        self.memo = memo
        self.media = media if media is not None else Media(None)
        self.plans = plans
        self.unsafe_html = unsafe_html
        self.content = content
        self.view = view
        self.planned: list[tuple[Page, str, dict[str, Any]]] = []
        self.paths: set[str] = set()

    def add(self, path: str, template: str, title: str, description: str, section: str, nav: str = "", **context: Any) -> None:
        """Plan a page; pages render once all are planned, so links can be checked."""
        self.planned.append((Page(path, title, description, "", section, nav), template, context))

    def render(self) -> list[Page]:
        self.paths = {page.path for page, _, _ in self.planned}
        markdown = MarkdownRenderer(page_targets(self.paths), self.unsafe_html, self.media, self.view, self.memo)
        out = []
        for page, template, context in self.planned:
            try:
                body = self.env.get_template(template).render(
                    site=self.view,
                    cta=call_to_action(self.view["company"]),
                    number_rules=number_rules(self.view["company"]["currency"], self.view["company"]["locale"]).as_json(),
                    currency_symbol=get_currency_symbol(self.view["company"]["currency"], locale=self.view["company"]["locale"]),
                    page_path=page.path,
                    link=lambda target, p=page.path: Markup(self.link(p, target)),
                    picture=lambda src, alt, css="", lazy=True, width=MAX_WIDTH, p=page.path: self.media.tag(
                        p, src, alt, css, lazy, width
                    ),
                    picture_url=lambda src, p=page.path: self.media.url(p, src),
                    render_markdown=markdown.for_page(page.path),
                    **context,
                )
            except (PageLinkError, MediaError) as e:
                # `handoff check` reports these with their place; this is the last line of defence.
                raise BuildError(f"{page.path}: {e}") from None
            fields = tuple(markdown.fields.pop(page.path, ())) if markdown.fields is not None else ()
            out.append(dataclasses.replace(page, body=body, fields=fields))
        return out

    def link(self, current: str, target: str) -> str:
        """Return a link from page ``current`` to ``target`` (a page path or a URL)."""
        if "://" in target or target.startswith(("mailto:", "tel:", "#", "//")):
            return target
        target, hash_, fragment = target.partition("#")
        if target.startswith("/"):
            wanted = target.strip("/")
            candidates = [f"{wanted}/index.md", f"{wanted}.md"] if wanted else ["index.md"]
            match = next((c for c in candidates if c in self.paths), None)
            if match is None:
                raise BuildError(f'no page of the site is at "{target}" (used as a link); pages: {", ".join(sorted(self.paths))}')
            target = match
        return posixpath.relpath(target, posixpath.dirname(current) or ".") + hash_ + fragment

    def pages(self) -> list[Page]:
        self.plan()
        return self.render()

    def plan(self) -> None:
        """Plan every page of the site from the view (what exists, not yet how it reads)."""
        v = self.view
        company = v["company"]
        offers = sorted(v["offers"], key=lambda o: (o["order"], o["name"]))
        studies = v["case_studies"]
        faqs = v["faqs"]["faqs"] if v.get("faqs") else []
        articles = sorted(v["articles"], key=lambda a: (a["date"], a["id"]), reverse=True)
        personas = v["icp"]["personas"]

        self.add(
            "index.md",
            "home.md.j2",
            company["name"],
            company["description"],
            "Home",
            offers=offers,
            studies=studies,
            articles=articles[:3],
            personas=personas,
            # Public stories only: an anonymized story has no logo in the view.
            logos=[s for s in studies if s.get("logo")],
        )
        if offers:
            self.add(
                "offers/index.md",
                "offers.md.j2",
                "Offers and pricing",
                f"What {company['name']} offers and what it costs.",
                "Offers",
                offers=offers,
            )
            for offer in offers:
                self.add(
                    f"offers/{offer['id']}.md",
                    "offer.md.j2",
                    offer["name"],
                    offer["summary"],
                    "Offers",
                    offer=offer,
                    calculator=self._calculator(offer["id"]),
                    studies=[s for s in studies if offer["id"] in s["offers"]],
                    faqs=[f for f in faqs if offer["id"] in f["offers"]],
                    personas=[p for p in personas if p["id"] in offer["personas"]],
                )
        if studies:
            self.add(
                "case-studies/index.md",
                "case_studies.md.j2",
                "Case studies",
                f"Results {company['name']} customers measured.",
                "Case studies",
                studies=studies,
                industries=sorted({s["industry"] for s in studies if s.get("industry")}),
            )
            for study in studies:
                self.add(
                    f"case-studies/{study['id']}.md",
                    "case_study.md.j2",
                    study["title"],
                    study["summary"],
                    "Case studies",
                    study=study,
                    offers=[o for o in offers if o["id"] in study["offers"]],
                )
        self.add("who-its-for/index.md", "personas.md.j2", "Who it's for", v["icp"]["summary"], "Who it's for", personas=personas)
        for persona in personas:
            self.add(
                f"who-its-for/{persona['id']}.md",
                "persona.md.j2",
                persona["name"],
                persona["summary"],
                "Who it's for",
                persona=persona,
                offers=[o for o in offers if persona["id"] in o["personas"]],
            )
        if v.get("comparison"):
            self.add(
                "compare/index.md",
                "compare.md.j2",
                f"{company['name']} compared",
                f"How {company['name']} compares with the alternatives, feature by feature.",
                "Compare",
                comparison=v["comparison"],
                competitors=v["competitors"],
            )
            for rival in v["competitors"]:
                self.add(
                    f"compare/{rival['id']}.md",
                    "competitor.md.j2",
                    f"{company['name']} vs {rival['name']}",
                    rival["summary"],
                    "Compare",
                    rival=rival,
                    comparison=v["comparison"],
                )
        if faqs:
            self.add(
                "faq/index.md",
                "faq.md.j2",
                "Frequently asked questions",
                f"Answers to the questions buyers ask {company['name']}.",
                "FAQ",
                topics=v["faqs"]["topics"],
                faqs=faqs,
                jsonld=self._faq_jsonld(faqs),
            )
        if articles:
            self.add(
                "articles/index.md",
                "articles.md.j2",
                "Articles",
                f"Practical articles from {company['name']}.",
                "Articles",
                articles=articles,
            )
            for article in articles:
                self.add(
                    f"articles/{article['id']}.md",
                    "article.md.j2",
                    article["title"],
                    article["summary"],
                    "Articles",
                    article=article,
                )
        self.add("contact/index.md", "contact.md.j2", "Contact", f"How to reach {company['name']}.", "Contact")
        for own in own_pages(v):
            label = own.get("nav_label") or own["title"]
            self.add(f"{own['id']}.md", "page.md.j2", own["title"], own["description"], label, own["nav"], page=own)

    def _calculator(self, offer_id: str) -> Markup | None:
        plan = self.plans.get(offer_id)
        return Markup(calculator_spec(plan)) if plan is not None else None

    @staticmethod
    def _faq_jsonld(faqs: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "mainEntity": [
                {"@type": "Question", "name": f["question"], "acceptedAnswer": {"@type": "Answer", "text": f["answer"]}}
                for f in faqs
            ],
        }
