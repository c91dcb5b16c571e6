"""Collateral jobs in worker processes: results in order, errors reported, serial fallback."""

from __future__ import annotations

import io
import multiprocessing
import sys
import time

import pytest

from generator.errors import BuildError
from generator.outputs.collateral.jobs import PROGRESS_FROM, run_jobs, start_jobs


def _make(i: int) -> bytes:
    return str(i).encode()


def test_results_come_back_in_job_order() -> None:
    jobs = [lambda i=i: _make(i) for i in range(12)]  # closures: they cannot be pickled, workers inherit them
    assert run_jobs(jobs, processes=2) == [str(i).encode() for i in range(12)]
    assert run_jobs(jobs, processes=1) == run_jobs(jobs, processes=2)


def _broken_template() -> bytes:
    raise BuildError("the proposal template proposal.docx has a broken tag")


def _bug() -> bytes:
    raise ZeroDivisionError("division by zero")


def test_a_handoff_error_in_a_worker_keeps_its_message_and_a_bug_its_traceback() -> None:
    jobs = [lambda: b"ok"] * 4
    with pytest.raises(BuildError, match="^the proposal template proposal.docx has a broken tag$"):
        run_jobs([*jobs, _broken_template], processes=2)
    with pytest.raises(RuntimeError, match="ZeroDivisionError: division by zero"):
        run_jobs([*jobs, _bug], processes=2)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("ci", [None, "true"])
def test_a_long_batch_shows_progress_on_a_terminal_and_nothing_under_ci(ci: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    jobs = [lambda i=i: _make(i) for i in range(PROGRESS_FROM)]
    assert start_jobs(jobs, processes=2, progress="Building collateral").results() == [_make(i) for i in range(PROGRESS_FROM)]
    shown = terminal.getvalue()
    if ci is None:
        assert "Building collateral" in shown and "100%" in shown
    else:
        assert shown == ""


def test_a_started_batch_can_be_stopped_and_leaves_no_worker_behind() -> None:
    """A build that fails elsewhere (the site) stops the collateral workers it started."""
    running = start_jobs([lambda: time.sleep(0.5) or b"" for _ in range(8)], processes=2)
    assert multiprocessing.active_children()
    running.close()
    assert multiprocessing.active_children() == []
