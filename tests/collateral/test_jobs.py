"""Collateral jobs in worker processes: results in order, errors reported, serial fallback."""

from __future__ import annotations

import pytest

from generator.errors import BuildError
from generator.outputs.collateral.jobs import run_jobs


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
