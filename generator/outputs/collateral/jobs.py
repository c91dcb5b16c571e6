"""Run collateral jobs on every core: each job is a pure ``() -> bytes`` function.

Jobs are closures over the build context, which cannot be pickled; on Linux the workers are
forked after the job list exists, so they inherit it and only job numbers and result bytes
cross between processes. Results come back in job order, so a parallel build writes exactly
the bytes a serial one does.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

from generator.errors import BuildError, HandoffError

Job = Callable[[], bytes]

#: The jobs of the running batch; set before the workers fork, read in them.
_JOBS: Sequence[Job] = ()
#: Below this many jobs, starting workers costs more than it saves.
MIN_PARALLEL = 4


def workers() -> int:
    """Return how many worker processes to use: HANDOFF_JOBS, else one per core."""
    wanted = os.environ.get("HANDOFF_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_jobs(jobs: Sequence[Job], processes: int | None = None) -> list[bytes]:
    """Return every job's bytes, in order; run them in parallel where the platform allows."""
    global _JOBS
    processes = workers() if processes is None else processes
    if processes <= 1 or len(jobs) < MIN_PARALLEL or "fork" not in multiprocessing.get_all_start_methods():
        return [job() for job in jobs]
    _JOBS = jobs
    try:
        with ProcessPoolExecutor(min(processes, len(jobs)), mp_context=multiprocessing.get_context("fork")) as pool:
            outcomes = list(pool.map(_run, range(len(jobs)), chunksize=1))
    finally:
        _JOBS = ()
    results = []
    for outcome in outcomes:
        if isinstance(outcome, _Failure):
            outcome.raise_again()
        else:
            results.append(outcome)
    return results


class _Failure:
    """A job's exception, carried back as text: Handoff's own errors keep their message."""

    def __init__(self, error: BaseException) -> None:
        self.handoff = isinstance(error, HandoffError)
        self.message = str(error)
        self.trace = "".join(traceback.format_exception(error))

    def raise_again(self) -> None:
        if self.handoff:
            raise BuildError(self.message)
        raise RuntimeError(f"a collateral job failed:\n{self.trace}")


def _run(index: int) -> bytes | _Failure:
    try:
        return _JOBS[index]()
    except Exception as e:  # reported in the parent, with the worker's traceback
        return _Failure(e)
