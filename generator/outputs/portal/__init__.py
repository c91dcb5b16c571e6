"""The enablement portal: an internal site for reps, built from the internal view with MkDocs Material.

It lives in ``build/enablement/`` beside the collateral it lists, never in ``build/site/``,
and every page says ``noindex``. Pages: start here, downloads by sales stage (with a detail
page per file), the hand-off agreement and the one-page marketing plan (both printable on one
page, and written as PDFs), talk tracks and objections (searchable), a battlecard page per
competitor, persona cards, the message map and the account kits by owner.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import re
import subprocess
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from generator.cache import BuildCache, template_cache
from generator.colour import Palette
from generator.context import Context
from generator.context.formatting import Formatter
from generator.errors import BuildError
from generator.model.leads import DEFAULT_SALES_STAGES, SalesStage
from generator.model.plan import BUDGET_GUIDANCE
from generator.outputs.portal.message_map import message_map, office_texts, site_texts
from generator.outputs.portal.printing import print_pages
from generator.outputs.site.safe import inline_text
from generator.resources import PORTAL_THEME, package_dir

if TYPE_CHECKING:
    from generator.outputs.collateral import Asset

#: Pages printed to PDF, each on one page: (page, PDF file in the enablement folder).
PRINTED = (("agreement", "hand-off-agreement.pdf"), ("plan", "marketing-plan.pdf"))


@dataclass(frozen=True)
class Download:
    """A file on the downloads page: the send version and, for decks, the presenter version."""

    main: Asset
    presenter: Asset | None
    slug: str
    size: int
    changed: dt.date


#: The build-cache entries of the texts the message map read (see `site_texts`, `office_texts`).
SITE_TEXTS = "site-texts.json"
OFFICE_TEXTS = "office-texts.json"


def build_portal(
    context: Context,
    assets: Sequence[Asset],
    docs: Path,
    target: Path,
    site: Path | None,
    changed: Callable[[Sequence[str]], dt.date],
    notes: list[str] | None = None,
    cache: BuildCache | None = None,
) -> int:
    """Write the portal's pages next to the collateral in ``docs`` and build it into ``target``; return its page count.

    ``site`` is the built public site (read for the message map); ``changed`` says when the
    content behind a list of source files last changed. With a build ``cache``, the last
    build's portal is reused when every file MkDocs would read is the same.
    """
    memos: dict[str, Any] = {}
    for name in (SITE_TEXTS, OFFICE_TEXTS):
        kept = cache.read_json(name) if cache is not None else None
        memos[name] = kept if isinstance(kept, dict) else {}
    pages = render_portal(context, assets, docs, site, changed, memos[SITE_TEXTS], memos[OFFICE_TEXTS])
    if cache is not None:
        for name, memo in memos.items():
            cache.write_json(name, memo)
    for path, text in pages.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    (docs / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    (docs / "portal.css").write_text(_css(context), encoding="utf-8")
    config = _config(context, docs, target, _nav(pages))
    key = _portal_key(context, docs, config) if cache is not None else None
    if key is None or cache is None or cache.reuse_folder("enablement", key, target) is None:
        _mkdocs(context, config)
    printed = print_pages(target, PRINTED, context.moment)
    if notes is not None and printed is None:
        notes.append("No PDFs of the agreement and the plan: neither Chromium nor LibreOffice is installed.")
    if key is not None and cache is not None:
        cache.remember_folder("enablement", key, target, "")
    return len(pages)


def _portal_key(context: Context, docs: Path, config: dict[str, Any]) -> str:
    """Return the build-cache key of the portal: every file of its docs folder (pages, collateral,
    stylesheet), its settings and theme, Handoff's code and the build moment.

    An edit the portal does not show (an article) leaves every page it writes the same: the
    last portal is reused instead of being built again.
    """
    from generator.cache import Digest, FileDigests, code_digest

    settings = {k: v for k, v in config.items() if k not in ("docs_dir", "site_dir")}  # where it is built varies
    return (
        Digest("handoff portal", code_digest(), context.moment.isoformat(), os.environ.get("SOURCE_DATE_EPOCH", ""))
        .text(yaml.safe_dump(settings))
        .text(FileDigests(docs).tree(docs))
        .hexdigest()
    )


def _env() -> Environment:
    env = Environment(
        loader=ChoiceLoader([PackageLoader("generator.outputs.portal", "templates")]),
        undefined=StrictUndefined,
        autoescape=select_autoescape(default=True, default_for_string=True),
        # Content becomes text that neither HTML nor Markdown can read as markup.
        finalize=inline_text,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=template_cache(),
    )
    env.filters["size"] = _size
    env.filters["plain"] = _plain
    env.filters["url"] = _url
    return env


def _size(value: int) -> str:
    return f"{value / 1_000_000:.1f} MB" if value >= 1_000_000 else f"{max(1, round(value / 1000))} KB"


def _plain(markdown: str) -> str:
    """A Markdown answer as one paragraph of text (links and emphasis dropped)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = " ".join(line.strip().lstrip("-*>#").strip() for line in text.splitlines() if line.strip())
    return text.replace("**", "").replace("__", "").replace("`", "")


def _url(value: str) -> Markup:
    """A link target Handoff made (a file path) or validated (a website): printed as it is."""
    if not _SAFE_URL.fullmatch(value):
        raise BuildError(f"refusing to link to {value!r} from the portal")
    return Markup(value)


_SAFE_URL = re.compile(r"(https?://)?[A-Za-z0-9._~/:#%-]+")


def _slug(path: str) -> str:
    return path.rsplit(".", 1)[0].replace("/", "-")


def downloads(assets: Sequence[Asset], docs: Path, changed: Callable[[Sequence[str]], dt.date]) -> list[Download]:
    """Pair each deck's send and presenter versions; every other file stands alone."""
    presenters = {a.path.replace("-presenter.pptx", ".pptx"): a for a in assets if a.path.endswith("-presenter.pptx")}
    out = []
    for asset in assets:
        if asset.path.endswith("-presenter.pptx"):
            continue
        presenter = presenters.get(asset.path)
        sources = [*asset.built_from, *(presenter.built_from if presenter else [])]
        out.append(Download(asset, presenter, _slug(asset.path), (docs / asset.path).stat().st_size, changed(sources)))
    return out


def sales_stages(context: Context) -> list[SalesStage]:
    ld = context.content.lead_definition
    return list(ld.agreement.sales_stages) if ld and ld.agreement.sales_stages else list(DEFAULT_SALES_STAGES)


def render_portal(
    context: Context,
    assets: Sequence[Asset],
    docs: Path,
    site: Path | None,
    changed: Callable[[Sequence[str]], dt.date],
    site_memo: dict[str, str] | None = None,
    office_memo: dict[str, list[str]] | None = None,
) -> dict[str, str]:
    """Return the portal's pages: path -> Markdown (the memos: see `site_texts` and `office_texts`)."""
    c = context.content
    fmt = Formatter(c.company)
    env = _env()
    files = downloads(assets, docs, changed)
    stages = sales_stages(context)
    by_stage = [(stage, [d for d in files if d.main.kind in stage.uses]) for stage in stages]
    filed = {d.slug for _, ds in by_stage for d in ds}
    unfiled = [d for d in files if d.slug not in filed and not d.main.path.startswith("accounts/")]
    kinds_by_offer: dict[str, set[str]] = defaultdict(set)
    for a in assets:
        if a.offer_id:
            kinds_by_offer[a.offer_id].add(a.kind)
    texts = (site_texts(site, site_memo) if site and site.is_dir() else []) + office_texts(
        docs, [(a.path, a.title) for a in assets if "presenter" not in a.path], office_memo
    )
    common: dict[str, Any] = {
        "c": c,
        "fmt": fmt,
        "company": c.company,
        "moment": context.moment,
        "stages": stages,
    }
    pages: dict[str, str] = {}

    def page(path: str, template: str, **data: Any) -> None:
        pages[path] = env.get_template(template).render(**common, **data)

    page("index.md", "index.md.j2", files=files, by_stage=by_stage)
    page("downloads/index.md", "downloads.md.j2", by_stage=by_stage, unfiled=unfiled)
    for d in files:
        page(f"downloads/{d.slug}.md", "download.md.j2", d=d, its_stages=[s for s in stages if d.main.kind in s.uses])
    if c.lead_definition is not None:
        page("agreement.md", "agreement.md.j2", ld=c.lead_definition, pdf=PRINTED[0][1])
    if c.marketing_plan is not None:
        plan = c.marketing_plan
        share = plan.marketing_budget / plan.annual_revenue if plan.annual_revenue else None
        guidance = BUDGET_GUIDANCE[plan.growth_stage]
        warnings = [w.message for w in context.warnings if "marketing" in w.message and "revenue" in w.message]
        page("plan.md", "plan.md.j2", plan=plan, share=share, guidance=guidance, warnings=warnings, pdf=PRINTED[1][1])
    page("talk-tracks.md", "talk-tracks.md.j2")
    battlecards = [r for r in c.competitors if r.battlecard is not None]
    for rival in battlecards:
        files_for = [d for d in files if rival.id in d.main.path and d.main.kind == "battlecard"]
        page(f"battlecards/{rival.id}.md", "battlecard.md.j2", rival=rival, files=files_for)
    if battlecards:
        page("battlecards/index.md", "battlecards.md.j2", rivals=battlecards)
    studies_for = {
        p.id: [
            s
            for s in c.case_studies
            if s.publication != "internal" and any(p.id in o.personas for o in c.offers if o.id in s.offers)
        ]
        for p in c.icp.personas
    }
    page("personas.md", "personas.md.j2", studies_for=studies_for)
    page("message-map.md", "message-map.md.j2", messages=message_map(c, texts, kinds_by_offer))
    if c.accounts:
        owners: dict[str, list[Any]] = defaultdict(list)
        for account in sorted(c.accounts, key=lambda a: (a.owner.name, a.name)):
            kit = [d for d in files if d.main.path.startswith(f"accounts/{account.id}/")]
            owners[account.owner.name].append((account, kit))
        page("accounts.md", "accounts.md.j2", owners=dict(owners))
    return pages


#: The portal's navigation, in reading order for a new rep.
NAV_TITLES = {
    "index.md": "Start here",
    "downloads/index.md": "Downloads",
    "agreement.md": "Hand-off agreement",
    "plan.md": "Marketing plan",
    "talk-tracks.md": "Talk tracks",
    "battlecards/index.md": "Battlecards",
    "personas.md": "Personas",
    "accounts.md": "Account kits",
    "message-map.md": "Message map",
}


def _nav(pages: dict[str, str]) -> list[Any]:
    """The navigation: each page present, with the battlecards listed under their index."""
    cards = sorted(p for p in pages if p.startswith("battlecards/") and p != "battlecards/index.md")
    return [
        {title: [path, *cards] if path == "battlecards/index.md" else path} for path, title in NAV_TITLES.items() if path in pages
    ]


def _css(context: Context) -> str:
    b = context.content.company.brand
    p = Palette(b.primary, b.secondary, b.accent)
    return (
        ":root > * {\n"
        f"  --md-primary-fg-color: {p.primary};\n"
        f"  --md-primary-bg-color: {p.on_primary};\n"
        f"  --md-accent-fg-color: {p.heading};\n"
        f"  --hf-secondary: {p.secondary};\n"
        f"  --hf-on-secondary: {p.on_secondary};\n"
        f"  --hf-heading: {p.heading};\n"
        "}\n" + package_dir(*PORTAL_THEME).joinpath("portal.css").read_text(encoding="utf-8")
    )


def _config(context: Context, docs: Path, target: Path, nav: list[Any]) -> dict[str, Any]:
    """Return the portal's MkDocs settings: ``docs`` built into ``target``."""
    c = context.content
    config: dict[str, Any] = {
        "site_name": f"{c.company.name} sales enablement (internal)",
        "docs_dir": str(docs),
        "site_dir": str(target),
        "use_directory_urls": True,
        "strict": True,
        "nav": nav,
        "theme": {
            "name": "material",
            "custom_dir": str(package_dir(*PORTAL_THEME)),
            "font": False,
            "features": ["navigation.sections", "navigation.top", "search.highlight", "search.suggest", "content.tooltips"],
            "palette": {"scheme": "default", "primary": "custom", "accent": "custom"},
        },
        # Split on punctuation too, so "too expensive", in quotes or a list, is found as typed.
        "plugins": [{"search": {"separator": r'[\s\-,:!=\[\]()"/]+|\.(?!\d)|&[lg]t;'}}],
        "markdown_extensions": ["tables", "attr_list", "md_in_html", "admonition", "def_list", {"toc": {"permalink": False}}],
        "extra_css": ["portal.css"],
        "validation": {"omitted_files": "ignore", "absolute_links": "warn", "unrecognized_links": "warn"},
        "hooks": [str(Path(__file__).with_name("hooks.py"))],
    }
    return config


def _mkdocs(context: Context, config: dict[str, Any]) -> None:
    """Build the portal strictly with MkDocs Material."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from generator.outputs.site.build import source_date_epoch

    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setLevel(logging.WARNING)
    logger.addHandler(handler)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        loaded = load_config(config_file=io.StringIO(yaml.safe_dump(config)))
        with source_date_epoch(context.moment):
            build(loaded)
    except (Abort, ConfigurationError, PluginError) as e:
        raise BuildError(f"the enablement portal did not build: {e}") from None
    finally:
        logger.removeHandler(handler)


def git_changed(content: Path, fallback: dt.date) -> Callable[[Sequence[str]], dt.date]:
    """Return a function giving when content files last changed: their last commit, if committed unchanged.

    Commit dates travel with the repository, so every clone builds the same date; files
    outside git, or changed since the last commit, take the build's own date. Git is asked
    three questions per build, whatever the number of files: two per download made a kit of
    500 accounts wait on a thousand git processes.
    """
    history = _git_history(content)
    cache: dict[tuple[str, ...], dt.date] = {}

    def changed(sources: Sequence[str]) -> dt.date:
        key = tuple(sorted(set(sources)))
        if key not in cache:
            cache[key] = fallback if history is None else history.last_change(key, fallback)
        return cache[key]

    return changed


@dataclass(frozen=True)
class _GitHistory:
    """What git says of a content folder: files changed since the last commit, and each file's last commit."""

    dirty: frozenset[str]
    #: content path -> (position in `git log`, newest first; that commit's date)
    last: dict[str, tuple[int, dt.date]]

    def last_change(self, sources: Sequence[str], fallback: dt.date) -> dt.date:
        """The date of the newest commit that touched any of ``sources``, if none changed since."""
        if any(s in self.dirty for s in sources):
            return fallback
        found = [self.last[s] for s in sources if s in self.last]
        return min(found)[1] if found else fallback


def _git(content: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(content), *args], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _git_history(content: Path) -> _GitHistory | None:
    """Ask git where the folder sits, what changed in it and its history; None outside a repository."""
    prefix = _git(content, "rev-parse", "--show-prefix")
    # Paths in both answers are from the top of the repository (the same whatever the user's settings).
    status = _git(content, "status", "--porcelain", "-z", "--untracked-files=all", "--", ".")
    log = _git(content, "log", "--format=%x01%cs", "--name-only", "-z", "--", ".")
    if prefix is None or status is None or log is None:
        return None
    prefix = prefix.strip()

    def ours(path: str) -> str | None:
        return path[len(prefix) :] if path.startswith(prefix) else None

    dirty: set[str] = set()
    fields = iter(status.split("\0"))
    for entry in fields:
        if len(entry) > 3:
            dirty.add(entry[3:])
            if entry[0] in "RC":  # a rename or copy names its source next
                dirty.add(next(fields, ""))
    last: dict[str, tuple[int, dt.date]] = {}
    for order, commit in enumerate(log.split("\x01")[1:]):
        date, *names = commit.split("\0")
        try:
            when = dt.date.fromisoformat(date.strip())
        except ValueError:
            return None
        for name in names:
            path = ours(name.lstrip("\n"))
            if path:
                last.setdefault(path, (order, when))
    return _GitHistory(frozenset(p for p in map(ours, dirty) if p), last)
