"""The `handoff` command: thin wrappers that call the library and report its errors."""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator import __version__
from generator.errors import BuildError, ContentError, Problem, Severity, shown_path

if TYPE_CHECKING:
    from generator.pipeline import BuildResult
    from generator.project import Project

CONTENT_OPTION = click.option(
    "--content",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The content folder to read, or a project folder with content/ in it [default: ./content].",
)
FORMAT_OPTION = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="How to print problems: lines for people, GitHub Actions annotations, or one JSON document.",
)


def _report(problems: Sequence[Problem], output_format: str = "text") -> tuple[int, int]:
    """Print problems in the chosen format; return the counts of errors and warnings."""
    from generator.report import FORMATS

    errors = sum(p.severity is Severity.ERROR for p in problems)
    if output_format == "json":
        click.echo(FORMATS["json"](problems), nl=False)
    elif problems:
        # Workflow commands are read from standard output; lines for people go to standard error.
        click.echo(FORMATS[output_format](problems), nl=False, err=output_format == "text")
    return errors, len(problems) - errors


def _summary(errors: int, warnings: int) -> str:
    parts = [f"{errors} error{'s' * (errors != 1)}"]
    if warnings:
        parts.append(f"{warnings} warning{'s' * (warnings != 1)}")
    return ", ".join(parts)


def _fail(e: ContentError, output_format: str = "text", written: str = "; nothing was written.") -> None:
    errors, warnings = _report(e.problems, output_format)
    why = " (--strict fails on warnings)" if not errors and warnings else ""
    raise click.ClickException(f"{_summary(errors, warnings)}{why}{written}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handoff")
def cli() -> None:
    """Build a marketing site and sales collateral from one content folder."""


OUT_OPTION = click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The output folder; replaced as a whole only when everything was written [default: PROJECT/build].",
)
STRICT_OPTION = click.option("--strict", is_flag=True, help="Fail on warnings too (drift, budget, colour contrast).")


@cli.command()
@CONTENT_OPTION
@STRICT_OPTION
@FORMAT_OPTION
def check(content: Path | None, strict: bool, output_format: str) -> None:
    """Validate the content folder and the project's own collateral files; print every error and warning."""
    from generator.pipeline import check_project
    from generator.project import Project

    project = Project.locate(content)
    try:
        loaded = check_project(project, strict)
    except ContentError as e:
        _fail(e, output_format, written="")
        return
    _, warnings = _report(loaded.warnings, output_format)
    if output_format == "json":
        return
    c = loaded.content
    click.echo(
        f"{shown_path(project.content)}: no errors{f', {warnings} warning(s)' if warnings else ''} "
        f"({len(c.offers)} offers, {len(c.case_studies)} case studies, "
        f"{len(c.faqs.faqs) if c.faqs else 0} FAQs, {len(c.competitors)} competitors, "
        f"{len(c.articles)} articles" + (f", {len(c.pages)} pages" if c.pages else "") + ")"
    )


@cli.command()
@CONTENT_OPTION
@OUT_OPTION
@click.option(
    "--account",
    "account_id",
    default=None,
    metavar="ID",
    help="Only rebuild the kit of one named account (accounts/ID.yaml), after checking all content.",
)
@click.option(
    "--no-pdf",
    "no_pdf",
    is_flag=True,
    help="Skip LibreOffice: no PDFs, thumbnails drawn instead of rendered (a faster build while editing).",
)
@click.option(
    "--no-cache",
    "no_cache",
    is_flag=True,
    help="Build everything afresh: reuse nothing from the last build (files, the site) nor cached PDFs.",
)
@click.option(
    "--shard",
    "shard_text",
    default=None,
    metavar="K/N",
    help="Build only the Kth of N slices of the collateral (with its PDFs), for `handoff merge` (a CI matrix).",
)
@STRICT_OPTION
@FORMAT_OPTION
def build(
    content: Path | None,
    out: Path | None,
    account_id: str | None,
    no_pdf: bool,
    no_cache: bool,
    shard_text: str | None,
    strict: bool,
    output_format: str,
) -> None:
    """Validate the content, then build every output into the output folder."""
    from generator.outputs.collateral.shards import Shard
    from generator.pipeline import build as run_build
    from generator.pipeline import build_account, build_shard
    from generator.project import Project

    project = Project.locate(content)
    shard = None
    if shard_text is not None:
        if account_id is not None:
            raise click.UsageError("--shard and --account cannot be used together")
        try:
            shard = Shard.parse(shard_text)
        except ValueError as e:
            raise click.BadParameter(str(e), param_hint="--shard") from None
    if no_cache:
        os.environ["HANDOFF_CACHE"] = "off"  # read by the renderer (generator.outputs.collateral.office)
    try:
        if shard is not None:
            result = build_shard(project, shard, out, render=not no_pdf, cache=not no_cache)
        elif account_id is not None:
            result = build_account(project, account_id, out, render=not no_pdf)
        else:
            result = run_build(project, out, render=not no_pdf, strict=strict, cache=not no_cache)
    except ContentError as e:
        _fail(e, output_format)
        return
    except BuildError as e:
        raise click.ClickException(str(e)) from None
    _built(project, result, output_format)


def _built(project: Project, result: BuildResult, output_format: str) -> None:
    """Print a finished build's warnings, what it wrote where, and its notes."""
    _report(result.warnings, "text" if output_format == "json" else output_format)
    click.echo(f"Built {shown_path(result.out)}/ from {shown_path(project.content)}/ in {result.seconds:.1f} s:")
    for output in result.outputs:
        click.echo(f"  {shown_path(result.out / output.folder)}/  {output.summary}")
    for note in result.notes:
        click.echo(f"Note: {note}")


@cli.command()
@click.argument("shards", nargs=-1, required=True, type=click.Path(path_type=Path, file_okay=False, exists=True))
@CONTENT_OPTION
@OUT_OPTION
@STRICT_OPTION
@FORMAT_OPTION
def merge(shards: tuple[Path, ...], content: Path | None, out: Path | None, strict: bool, output_format: str) -> None:
    """Put the shards of `handoff build --shard K/N` together into one build: data, site, collateral and portal."""
    from generator.pipeline import merge as run_merge
    from generator.project import Project

    project = Project.locate(content)
    try:
        result = run_merge(project, list(shards), out, strict=strict)
    except ContentError as e:
        _fail(e, output_format)
        return
    except BuildError as e:
        raise click.ClickException(str(e)) from None
    _built(project, result, output_format)


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@CONTENT_OPTION
def pages(folder: Path, content: Path | None) -> None:
    """Write the site's pages as Markdown with front matter into FOLDER, for any site engine."""
    from generator.content.load import load_content
    from generator.context import build_context
    from generator.outputs.site.build import write_pages
    from generator.project import Project

    project = Project.locate(content)
    try:
        written = write_pages(build_context(load_content(project.content)), folder, project)
    except ContentError as e:
        _fail(e)
        return
    except BuildError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"Wrote {len(written)} pages to {shown_path(folder)}/")


@cli.command()
@CONTENT_OPTION
@click.option(
    "-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="IP:PORT", help="Where to serve the preview."
)
@click.option("--open", "open_in_browser", is_flag=True, help="Open the preview in a browser.")
def serve(content: Path | None, dev_addr: str, open_in_browser: bool) -> None:
    """Preview the site with live reload: saving a content file refreshes the browser."""
    from generator.outputs.site.build import serve_site
    from generator.project import Project

    project = Project.locate(content)
    click.echo(f"Previewing {shown_path(project.content)}/ at http://{dev_addr}/ (Ctrl+C stops)", err=True)
    try:
        serve_site(project, dev_addr, open_in_browser)
    except BuildError as e:
        raise click.ClickException(str(e)) from None


@cli.command()
@CONTENT_OPTION
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Where to write the schemas [default: CONTENT/schemas].",
)
def schema(content: Path | None, out: Path | None) -> None:
    """Write a JSON Schema for each kind of content file, for editor completion."""
    from generator.content.schema import write_schemas
    from generator.project import Project

    content = Project.locate(content).content
    for path in write_schemas(out or content / "schemas"):
        click.echo(f"wrote {shown_path(path)}")


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--kind",
    type=click.Choice(["b2b", "b2c"]),
    default="b2b",
    show_default=True,
    help="b2b: a business selling to companies; b2c: to individuals (no firms, no ROI model).",
)
def new(folder: Path, kind: str) -> None:
    """Start a new project in FOLDER: content, site configuration, README and a CI workflow."""
    from generator.scaffold import new_project

    try:
        new_project(folder, "b2c" if kind == "b2c" else "b2b")
    except BuildError as e:
        raise click.ClickException(str(e)) from None
    click.echo(
        f"Created {shown_path(folder)}/ ({kind}). Next:\n"
        f"  cd {shown_path(folder)}\n"
        "  handoff serve    # preview while you edit content/\n"
        "  handoff build    # build/site to publish, build/enablement for reps"
    )


@cli.command()
@click.argument("name", required=False)
@CONTENT_OPTION
def templates(name: str | None, content: Path | None) -> None:
    """List the templates Handoff ships, or copy NAME into the project to change it."""
    from generator.project import Project
    from generator.resources import COLLATERAL_TEMPLATES, PAGE_TEMPLATES, THEME_OVERRIDES, package_dir

    project = Project.locate(content)
    shipped = {
        **{
            f"pages/{p.name}": (p, project.site_templates / "pages" / p.name)
            for p in sorted(package_dir(*PAGE_TEMPLATES).iterdir())
        },
        **{
            f"overrides/{p.name}": (p, project.site_templates / "overrides" / p.name)
            for p in sorted(package_dir(*THEME_OVERRIDES).iterdir())
        },
        **{
            f"enablement/{p.name}": (p, project.enablement / p.name) for p in sorted(package_dir(*COLLATERAL_TEMPLATES).iterdir())
        },
    }
    if name is None:
        for key, (_, target) in shipped.items():
            mark = "  (yours)" if target.exists() else ""
            click.echo(f"{key}{mark}")
        click.echo("Copy one with `handoff templates NAME`; your copy then replaces Handoff's.", err=True)
        return
    if name not in shipped:
        raise click.ClickException(f'no template "{name}"; run `handoff templates` to list them')
    source, target = shipped[name]
    if target.exists():
        raise click.ClickException(f"{shown_path(target)} already exists; edit it, or delete it to start again")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    click.echo(f"Copied to {shown_path(target)}; edit it there.")


def main() -> None:
    cli(prog_name="handoff")
