"""The `handoff` command: thin wrappers that call the library and report its errors."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import click

from generator import __version__
from generator.errors import BuildError, ContentError, Problem, Severity

CONTENT_OPTION = click.option(
    "--content",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The content folder to read, or a project folder with content/ in it [default: ./content].",
)
CONFIG_OPTION = click.option(
    "-f",
    "--config-file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="The site's MkDocs configuration [default: PROJECT/mkdocs.yml, else the built-in one].",
)


def _report(problems: Iterable[Problem]) -> tuple[int, int]:
    errors = warnings = 0
    for problem in problems:
        click.echo(str(problem), err=True)
        if problem.severity is Severity.ERROR:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


def _summary(errors: int, warnings: int) -> str:
    parts = [f"{errors} error{'s' * (errors != 1)}"]
    if warnings:
        parts.append(f"{warnings} warning{'s' * (warnings != 1)}")
    return ", ".join(parts)


def _shown(path: Path) -> str:
    """Return a path as a person typed it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _fail(e: ContentError) -> None:
    errors, warnings = _report(e.problems)
    raise click.ClickException(f"{_summary(errors, warnings)}; nothing was written.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handoff")
def cli() -> None:
    """Build a marketing site and sales collateral from one content folder."""


@cli.command()
@CONTENT_OPTION
def check(content: Path | None) -> None:
    """Validate the content folder and print every error and warning."""
    from generator.load import load_content
    from generator.project import Project

    project = Project.locate(content)
    try:
        loaded = load_content(project.content)
    except ContentError as e:
        errors, warnings = _report(e.problems)
        raise click.ClickException(_summary(errors, warnings)) from None
    _, warnings = _report(loaded.warnings)
    c = loaded.content
    click.echo(
        f"{_shown(project.content)}: no errors{f', {warnings} warning(s)' if warnings else ''} "
        f"({len(c.offers)} offers, {len(c.case_studies)} case studies, "
        f"{len(c.faqs.faqs) if c.faqs else 0} FAQs, {len(c.competitors)} competitors, "
        f"{len(c.articles)} articles)"
    )


@cli.command()
@CONTENT_OPTION
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The output folder; replaced as a whole only when the build succeeds [default: PROJECT/build].",
)
@CONFIG_OPTION
def build(content: Path | None, out: Path | None, config_file: Path | None) -> None:
    """Validate the content, then build every output into the output folder."""
    from generator.build import build as run_build
    from generator.project import Project

    project = Project.locate(content, config_file)
    out = out or project.root / "build"
    try:
        loaded = run_build(project, out)
    except ContentError as e:
        _fail(e)
        return
    except BuildError as e:
        raise click.ClickException(str(e)) from None
    _report(loaded.warnings)
    click.echo(f"Built {out}/ from {project.content}/")


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@CONTENT_OPTION
@CONFIG_OPTION
def pages(folder: Path, content: Path | None, config_file: Path | None) -> None:
    """Write the site's pages as Markdown with front matter into FOLDER, for any site engine."""
    from generator.load import load_content
    from generator.project import Project
    from generator.site.build import write_pages

    project = Project.locate(content, config_file)
    try:
        written = write_pages(load_content(project.content), folder, project)
    except ContentError as e:
        _fail(e)
        return
    except BuildError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"Wrote {len(written)} pages to {folder}/")


@cli.command()
@CONTENT_OPTION
@CONFIG_OPTION
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="IP:PORT",
              help="Where to serve the preview.")
@click.option("--open", "open_in_browser", is_flag=True, help="Open the preview in a browser.")
def serve(content: Path | None, config_file: Path | None, dev_addr: str, open_in_browser: bool) -> None:
    """Preview the site with live reload: saving a content file refreshes the browser."""
    from generator.project import Project
    from generator.site.build import serve_site

    project = Project.locate(content, config_file)
    click.echo(f"Previewing {project.content}/ at http://{dev_addr}/ (Ctrl+C stops)", err=True)
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
    from generator.project import Project
    from generator.schema import write_schemas

    content = Project.locate(content).content

    for path in write_schemas(out or content / "schemas"):
        click.echo(f"wrote {path}")


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
def new(folder: Path) -> None:
    """Start a new content folder FOLDER from a small, commented template."""
    if folder.exists() and any(folder.iterdir()):
        raise click.ClickException(f"{folder} already exists and is not empty; choose a new folder.")
    template = resources.files("generator") / "templates" / "new" / "b2b" / "content"
    with resources.as_file(template) as source:
        shutil.copytree(source, folder, dirs_exist_ok=True)
    from generator.schema import write_schemas

    write_schemas(folder / "schemas")
    click.echo(f"Created {folder}/. Edit the YAML files, then run: handoff check --content {folder}")


def main() -> None:
    cli(prog_name="handoff")
