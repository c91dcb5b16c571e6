"""Builds survive faults: a kill at any moment, a kill inside the swap, read-only folders."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import DEFAULT_CONTENT, ROOT, require_program

from generator.pipeline import MARKER, build
from generator.swap import STAGING_MARKER


def _complete(out: Path) -> bool:
    return all((out / name).is_file() for name in (MARKER, "site/index.html", "enablement/index.html", "data/public.json"))


def _leftovers(parent: Path, out: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{out.name}-"))


def test_kills_at_random_moments_always_leave_a_complete_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(DEFAULT_CONTENT, out)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # Moments spread over a whole build (about 3 s here): loading, the site, collateral, the swap.
    for delay in (0.4, 1.0, 1.6, 2.2, 2.8, 3.4):
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "build", "--content", str(DEFAULT_CONTENT), "--out", str(out)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        with_group = process.poll() is None
        if with_group:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        assert _complete(out), f"incomplete build after a kill at {delay} s"
    build(DEFAULT_CONTENT, out)
    assert _complete(out)
    assert _leftovers(tmp_path, out) == []


def test_a_kill_between_the_two_renames_is_undone_by_the_next_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(DEFAULT_CONTENT, out)
    # Where renameat2 is missing the swap is two renames; a kill between them leaves this:
    out.rename(tmp_path / ".out-old")
    dead = tmp_path / ".out-staging-dead"
    dead.mkdir()
    (dead / STAGING_MARKER).write_text("handoff staging 4194303\n")  # above any pid this machine hands out
    foreign = tmp_path / ".out-staging-not-ours"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("someone else's")
    build(DEFAULT_CONTENT, out)
    assert _complete(out)
    assert _leftovers(tmp_path, out) == [".out-staging-not-ours"]  # only what handoff wrote is removed
    assert (foreign / "notes.txt").read_text() == "someone else's"


_KILLED_WHILE_DELETING = """
import os, sys, types
from pathlib import Path
import generator.swap as swap
from generator.pipeline import build

def killed(path, *args, **kwargs):
    os._exit(9)  # the process dies here, as under SIGKILL: no clean-up of any kind
# Only the swap's deletions die (the build deletes scratch folders of its own on the way).
swap.shutil = types.SimpleNamespace(rmtree=killed)
build(Path(sys.argv[1]), Path(sys.argv[2]), render=False)
"""


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two renames"])
def test_a_kill_while_the_previous_build_is_deleted_is_cleaned_up_by_the_next_build(tmp_path: Path, exchange: bool) -> None:
    out = tmp_path / "out"
    build(DEFAULT_CONTENT, out, render=False)
    # Without renameat2 (macOS, old kernels) the swap is two renames, then the old build is deleted.
    fallback = "" if exchange else "swap._exchange = lambda a, b: False\n"
    script = _KILLED_WHILE_DELETING.replace("build(Path", fallback + "build(Path")
    done = subprocess.run(
        [sys.executable, "-c", script, str(DEFAULT_CONTENT), str(out)],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 9, done.stderr
    assert _complete(out)  # the new build is in place ...
    assert len(_leftovers(tmp_path, out)) == 1  # ... and the old one half deleted beside it
    build(DEFAULT_CONTENT, out, render=False)
    assert _complete(out)
    assert _leftovers(tmp_path, out) == []


NOBODY = 65534


def _as_nobody(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    setpriv = require_program("setpriv")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(cwd),
        "NO_MKDOCS_2_WARNING": "1",
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def nobodys_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.geteuid() != 0:
        pytest.skip("needs root to hand a folder to another user (CI and this machine run as root)")
    # A folder the unprivileged user can reach: pytest's own temporary folders are private to root.
    probe = _as_nobody("--version", cwd=Path("/"))
    if probe.returncode != 0:
        message = (
            f"the test interpreter ({sys.prefix}) is not readable by an unprivileged user; "
            "create the venv in a world-readable folder (.ci/run does)"
        )
        if os.environ.get("HANDOFF_REQUIRE_TOOLS"):
            pytest.fail(message)
        pytest.skip(message)
    base = Path(tmp_path_factory.getbasetemp().parent.parent) / f"handoff-nobody-{os.getpid()}"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(mode=0o755)
    shutil.copytree(DEFAULT_CONTENT, base / "content")
    for path in [base, *base.rglob("*")]:
        os.chown(path, NOBODY, NOBODY)
    return base


@pytest.mark.parametrize("read_only", ["out", "out/site/assets"])
def test_a_read_only_output_gives_one_clear_error_and_changes_nothing(nobodys_project: Path, read_only: str) -> None:
    first = _as_nobody("build", "--out", "out", cwd=nobodys_project)
    assert first.returncode == 0, first.stderr
    out = nobodys_project / "out"
    locked = nobodys_project / read_only
    before = sorted(str(p.relative_to(out)) for p in out.rglob("*"))
    locked.chmod(0o555)
    try:
        result = _as_nobody("build", "--out", "out", cwd=nobodys_project)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert result.stderr == (
            f"Error: cannot replace {out}: {locked} is read-only; make it writable "
            f"(chmod -R u+w {out}) and build again. Nothing was changed.\n"
        )
        assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == before
        assert _leftovers(nobodys_project, out) == []
    finally:
        locked.chmod(0o755)
    again = _as_nobody("build", "--out", "out", cwd=nobodys_project)
    assert again.returncode == 0, again.stderr
    shutil.rmtree(nobodys_project, ignore_errors=True)
