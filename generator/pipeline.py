"""The build pipeline: load and check, compute the context once, then write every output, all or nothing.

Everything is gathered and checked first (`load_content`), then written into a temporary
folder next to the output folder, which is swapped in only when every builder succeeded:
a content error or a crash leaves the previous output exactly as it was.
"""

from __future__ import annotations

import functools
import gc
import json
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from generator.cache import BuildCache, caching_off
from generator.content.load import Loaded, Positions, load_content
from generator.context import Context, build_context
from generator.errors import BuildError, ContentError, Problem, Severity, shown_path
from generator.project import Project
from generator.swap import recover, refuse_read_only, staging_for, swap_in

if TYPE_CHECKING:  # the collateral modules load only when a build needs them
    from generator.outputs.collateral.shards import MergedCollateral, Shard

#: Written into every output folder, so we never replace a folder we did not build.
MARKER = ".handoff-build"


@dataclass
class BuildOptions:
    """How a build runs, and what it has to tell the user besides warnings."""

    #: Render PDFs and thumbnails with LibreOffice when it is installed (``--no-pdf`` turns it off).
    render: bool = True
    #: One-line notices collected during the build (a missing LibreOffice, say).
    notes: list[str] = field(default_factory=list)
    #: What earlier builds made, reused where the inputs are the same (``--no-cache`` turns it off).
    cache: BuildCache = field(default_factory=BuildCache.off)
    #: The collateral of ``handoff merge``: built by shards, not by this build.
    merged: MergedCollateral | None = None


#: A builder writes one output into the staging folder and says, in a few words, what it wrote.
#: It is a generator: the code before its one ``yield`` starts work (collateral jobs begin in
#: worker processes), and every builder has started before any finishes, so the decks are
#: drawn while MkDocs builds the site. Its return value is the summary.
Builder = Callable[[Context, Project, Path, BuildOptions], Generator[None, None, str]]


@dataclass(frozen=True)
class Output:
    """One output of a build: its folder inside the build, what it holds, how long it took."""

    name: str
    folder: str
    summary: str
    seconds: float


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote, from which context, and the warnings found on the way."""

    context: Context
    out: Path
    outputs: list[Output]
    seconds: float
    notes: list[str] = field(default_factory=list)

    @property
    def warnings(self) -> list[Problem]:
        return self.context.warnings


def _write_data(context: Context, project: Project, out: Path, options: BuildOptions) -> Generator[None, None, str]:
    """Write the resolved public and internal views as JSON (for scripts and debugging)."""
    yield
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    for name, view in (("public", context.public), ("internal", context.internal)):
        text = json.dumps(view, indent=2, ensure_ascii=False) + "\n"
        (data / f"{name}.json").write_text(text, encoding="utf-8")
    return "public.json and internal.json (internal: never publish)"


def _write_site(context: Context, project: Project, out: Path, options: BuildOptions) -> Generator[None, None, str]:
    """Build the public site into ``out/site`` with MkDocs and the Handoff plugin, unless the last build's still holds."""
    from generator.outputs.site.build import build_site, site_key
    from generator.outputs.site.pagecache import SITE_ENTRIES

    yield
    key = site_key(context, project)
    reused = options.cache.reuse_folder("site", key, out / "site") if key else None
    if reused is not None:
        options.cache.carry(*SITE_ENTRIES)  # what the next build renders a changed page with
        return f"{reused} (unchanged: reused from the last build)"
    pages, kept = build_site(context, out / "site", project, options.cache)
    summary = f"{pages} pages, the public site: publish this folder"
    if key:
        options.cache.remember_folder("site", key, out / "site", summary)
    return summary + (f" ({kept} pages unchanged, kept from the last build)" if kept else "")


def _write_enablement(context: Context, project: Project, out: Path, options: BuildOptions) -> Generator[None, None, str]:
    """Build the sales collateral, its PDFs, and the enablement portal that lists them into ``out/enablement``.

    The collateral is written into a scratch folder that becomes the portal's docs_dir, so
    MkDocs copies every file next to the pages that link to it.
    """
    import shutil

    from generator.outputs.collateral import start_collateral
    from generator.outputs.portal import build_portal, git_changed

    pending = options.merged or start_collateral(context, project.enablement, options.cache)
    try:
        yield
    except BaseException:
        pending.cancel()
        raise
    docs = out / ".enablement-docs"
    assets = pending.finish(docs, options.render, options.notes)
    changed = git_changed(project.content, context.moment.date())
    pages = build_portal(context, assets, docs, out / "enablement", out / "site", changed, options.notes, options.cache)
    shutil.rmtree(docs)
    pdfs = sum(1 for a in assets if a.pdf)
    return f"{len(assets)} files, {pdfs} PDFs and a {pages}-page portal for reps (internal: never publish)"


_P = ParamSpec("_P")
_R = TypeVar("_R")

#: Allocations between the cyclic collector's young collections during a build (Python's default: 700).
YOUNG_COLLECTION_EVERY = 10_000


def _fewer_collections(run: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``run`` with the garbage collector's young collections fourteen times rarer, then restore them.

    A build makes millions of objects that live until it ends (the content, its marks, the
    views, the pages). At the default threshold the collector walked them again and again,
    so loading and checking 3,000 pages cost 1.1 times per page what 1,000 did; with this,
    the same per page, and a fifth less time. Garbage cycles wait longer: the peak of a
    3,000-page build rose by up to 25 MiB, inside its 300 MiB budget.
    """

    @functools.wraps(run)
    def tuned(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        before = gc.get_threshold()
        gc.set_threshold(max(YOUNG_COLLECTION_EVERY, before[0]), *before[1:])
        try:
            return run(*args, **kwargs)
        finally:
            gc.set_threshold(*before)

    return tuned


#: Output folder name -> builder, in the order they run.
BUILDERS: dict[str, Builder] = {"data": _write_data, "site": _write_site, "enablement": _write_enablement}


@_fewer_collections
def check_project(project: Project, strict: bool = False) -> Loaded:
    """Load and check the content and the project's own collateral files; raise `ContentError` listing all.

    `handoff check` runs exactly this, and every build starts with it, so whatever a build can
    reject about the project's files, check rejects first.
    """
    from generator.outputs.collateral.outline import load_outlines
    from generator.outputs.collateral.proposal import check_template

    problems: list[Problem] = []
    loaded: Loaded | None = None
    try:
        loaded = load_content(project.content)
    except ContentError as e:
        problems += e.problems
    try:
        load_outlines(project.enablement / "decks.yaml")
    except ContentError as e:
        problems += e.problems
    template = project.enablement / "proposal.docx"
    problems += check_template(template, shown_path(template))
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors or loaded is None:
        raise ContentError(problems)
    if strict and loaded.warnings:
        # --strict: a warning (drift, budget, contrast) fails like an error, before anything is written.
        raise ContentError([*problems, *loaded.warnings])
    return loaded


@_fewer_collections
def build(
    project: Project | Path,
    out: Path | None = None,
    render: bool = True,
    strict: bool = False,
    cache: bool = True,
) -> BuildResult:
    """Validate a project's content and write every output into ``out`` (default: PROJECT/build).

    ``project`` may also be a content folder; ``render`` False skips LibreOffice (PDFs and
    rendered thumbnails); ``cache`` False builds everything afresh instead of reusing what
    the previous build in ``out`` made from the same inputs. Raise `ContentError` for content
    problems and `BuildError` when an output cannot be written; either way the previous output stays.
    """
    started = time.perf_counter()
    project = project if isinstance(project, Project) else Project.locate(Path(project))
    context = _context(check_project(project, strict))
    return _write_outputs(context, project, _prepare_target(project, out), BuildOptions(render), cache, started)


@_fewer_collections
def merge(
    project: Project | Path, shards: list[Path], out: Path | None = None, strict: bool = False, cache: bool = True
) -> BuildResult:
    """Write the whole build from N shards' collateral, exactly as one `build` would.

    The shards must be all of ``handoff build --shard K/N`` for K = 1..N, built from this
    very content; the data, the site and the portal are written here.
    """
    from generator.outputs.collateral.shards import read_shards

    started = time.perf_counter()
    project = project if isinstance(project, Project) else Project.locate(Path(project))
    context = _context(check_project(project, strict))
    merged = read_shards([s.resolve() for s in shards], context, project.enablement)
    options = BuildOptions(merged=merged)
    return _write_outputs(context, project, _prepare_target(project, out), options, cache, started)


def _write_outputs(
    context: Context, project: Project, out: Path, options: BuildOptions, cache: bool, started: float
) -> BuildResult:
    """Run every builder into a staging folder and swap it in; all or nothing."""
    outputs = []
    with staging_for(out) as staging:
        options.cache = _cache(out, staging, cache)
        runs = {name: builder(context, project, staging, options) for name, builder in BUILDERS.items()}
        began = {}
        try:
            for name, run in runs.items():
                began[name] = time.perf_counter()
                next(run)  # start every output before finishing any
                began[name] = time.perf_counter() - began[name]
            for name, run in runs.items():
                finished = time.perf_counter()
                try:
                    next(run)
                except StopIteration as done:
                    summary = str(done.value)
                else:
                    raise RuntimeError(f"builder {name} yields more than once")
                outputs.append(Output(name, f"{name}/", summary, began[name] + time.perf_counter() - finished))
        finally:
            for run in runs.values():
                run.close()  # a failed build stops the workers of outputs that did not finish
        (staging / MARKER).write_text("This folder is written by `handoff build`; it is replaced on every build.\n")
        swap_in(staging, out)
    return BuildResult(context, out, outputs, time.perf_counter() - started, options.notes)


@_fewer_collections
def build_shard(
    project: Project | Path, shard: Shard, out: Path | None = None, render: bool = True, cache: bool = True
) -> BuildResult:
    """Build one slice of the collateral (with its PDFs) and its manifest, for `merge`."""
    from generator.outputs.collateral import start_collateral
    from generator.outputs.collateral.shards import FILES, inputs_digest, write_manifest

    started = time.perf_counter()
    project = project if isinstance(project, Project) else Project.locate(Path(project))
    context = _context(check_project(project))
    out = _prepare_target(project, out)
    notes: list[str] = []
    with staging_for(out) as staging:
        build_cache = _cache(out, staging, cache)
        pending = start_collateral(context, project.enablement, build_cache, shard)
        assets = pending.finish(staging / FILES, render, notes)  # waits for every worker, failed or not
        total = pending.total
        write_manifest(staging, shard, inputs_digest(context, project.enablement), total, assets, notes)
        (staging / MARKER).write_text("This folder is written by `handoff build`; it is replaced on every build.\n")
        swap_in(staging, out)
    seconds = time.perf_counter() - started
    pdfs = sum(1 for a in assets if a.pdf)
    summary = f"shard {shard}: {len(assets)} of {total} files and {pdfs} PDFs; `handoff merge` puts the shards together"
    return BuildResult(context, out, [Output("collateral", f"{FILES}/", summary, seconds)], seconds, notes)


def _context(loaded: Loaded) -> Context:
    """Return the build context of checked content, without what only the check needed.

    Where every value came from (a mark per YAML node, a quarter of the loaded content's
    memory at 3,000 pages) serves error messages; once the check has passed, the build has
    no use for it.
    """
    loaded.positions = Positions(folder=loaded.positions.folder)
    return build_context(loaded)


def _prepare_target(project: Project, out: Path | None) -> Path:
    """Resolve the output folder, refuse a dangerous one, and recover from a killed build."""
    out = (out or project.root / "build").resolve()
    _refuse_dangerous_target(project.content, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    refuse_read_only(out)
    return out


def _cache(out: Path, staging: Path, wanted: bool) -> BuildCache:
    """Return the build cache: the previous build in ``out`` is read, the staging folder keeps what is used."""
    if not wanted or caching_off():
        return BuildCache.off()
    return BuildCache(out if (out / MARKER).is_file() else None, staging)


@_fewer_collections
def build_account(project: Project | Path, account_id: str, out: Path | None = None, render: bool = True) -> BuildResult:
    """Check the whole content, then rebuild only one account's kit inside ``out/enablement``.

    The rep's own loop: edit accounts/<id>.yaml, rebuild the kit in about a second. The
    kit's folder is replaced as a whole; the rest of the build is left as it was.
    """
    from generator.outputs.collateral.accounts import kit_folder, plan_account_kits

    started = time.perf_counter()
    if not isinstance(project, Project):
        project = Project.locate(Path(project))
    context = _context(check_project(project))
    out = (out or project.root / "build").resolve()
    _refuse_dangerous_target(project.content, out)
    jobs = plan_account_kits(context, project.enablement, only=account_id)
    account = next(a for a in context.content.accounts if a.id == account_id)
    target = out / "enablement" / kit_folder(account)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not (out / MARKER).exists():
        (out / MARKER).write_text("This folder is written by `handoff build`; it is replaced on every build.\n")
    recover(target)
    refuse_read_only(target)
    notes: list[str] = []
    with staging_for(target) as staging:
        from generator.outputs.collateral import render_assets
        from generator.outputs.collateral.office import Renderer, find_renderer

        # The kit is written relative to its own folder, then rendered (PDFs, thumbnails) in place.
        kit = Path(kit_folder(account))
        inside = [replace(asset, path=Path(asset.path).relative_to(kit).as_posix()) for asset, _ in jobs]
        built = {asset.path: make() for asset, (_, make) in zip(inside, jobs, strict=True)}
        for name, data in built.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        renderer = find_renderer() if render else Renderer(None, None)
        if render and renderer.missing:
            notes.append(f"No PDFs or rendered thumbnails: {renderer.missing}.")
        rendered = render_assets(
            inside, {a.path: d for a, d in zip(inside, built.values(), strict=True)}, staging, context, renderer
        )
        swap_in(staging, target)
    seconds = time.perf_counter() - started
    folder = target.relative_to(out).as_posix() + "/"
    pdfs = sum(1 for a in rendered if a.pdf)
    summary = f"{len(jobs)} files and {pdfs} PDFs for {account.name}"
    return BuildResult(context, out, [Output("enablement", folder, summary, seconds)], seconds, notes)


def _refuse_dangerous_target(content: Path, out: Path) -> None:
    if out == content or content.is_relative_to(out):
        raise BuildError(f"refusing to build into {out}: it contains the content folder")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise BuildError(f"refusing to replace {out}: it is not empty and was not written by `handoff build`")
