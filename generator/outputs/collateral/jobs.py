"""Run collateral jobs on every core: each job is a pure ``() -> bytes`` function.

Jobs are closures over the build context, which cannot be pickled; on Linux the workers are
forked after the job list exists, so they inherit it and only job numbers and result bytes
cross between processes. Results come back in job order, so a parallel build writes exactly
the bytes a serial one does.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import Any

import click

from generator.errors import BuildError, HandoffError

Job = Callable[[], bytes]

#: The jobs of the running batch; set before the workers fork, read in them.
_JOBS: Sequence[Job] = ()
#: Below this many jobs, starting workers costs more than it saves.
MIN_PARALLEL = 4
#: Batches at least this long show a progress bar on a terminal.
PROGRESS_FROM = 40


def workers() -> int:
    """Return how many worker processes to use: HANDOFF_JOBS, else one per core."""
    wanted = os.environ.get("HANDOFF_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_jobs(jobs: Sequence[Job], processes: int | None = None) -> list[bytes]:
    """Return every job's bytes, in order; run them in parallel where the platform allows."""
    return start_jobs(jobs, processes).results()


def start_jobs(jobs: Sequence[Job], processes: int | None = None, progress: str | None = None) -> Running:
    """Start the jobs in worker processes and return at once; `Running.results` waits for them.

    The build starts the collateral before the site, so the workers draw decks while this
    process runs MkDocs. With one core, few jobs or no fork, the jobs run when results are asked for.
    """
    global _JOBS
    processes = workers() if processes is None else processes
    if processes <= 1 or len(jobs) < MIN_PARALLEL or "fork" not in multiprocessing.get_all_start_methods():
        return Running(jobs, None, [], progress)
    _JOBS = jobs
    try:
        pool = ProcessPoolExecutor(min(processes, len(jobs)), mp_context=multiprocessing.get_context("fork"))
        # Workers fork on the first submissions; after that the parent may drop its reference.
        futures = [pool.submit(_run, i) for i in range(len(jobs))]
    finally:
        _JOBS = ()
    return Running(jobs, pool, futures, progress)


class Running:
    """A batch of started jobs."""

    def __init__(self, jobs: Sequence[Job], pool: ProcessPoolExecutor | None, futures: list[Future[Any]], label: str | None):
        self._jobs, self._pool, self._futures, self._label = jobs, pool, futures, label

    def close(self) -> None:
        """Stop the workers without waiting for their jobs (the build failed elsewhere)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def results(self) -> list[bytes]:
        """Wait for every job; return their bytes in job order, or raise the first job's error."""
        with _progress(self._label, len(self._jobs)) as advance:
            if self._pool is None:
                outcomes: list[bytes | _Failure] = []
                for job in self._jobs:
                    outcomes.append(_call(job))
                    advance(1)
            else:
                try:
                    for _ in as_completed(self._futures):
                        advance(1)
                    outcomes = [future.result() for future in self._futures]
                finally:
                    self._pool.shutdown()
        results = []
        for outcome in outcomes:
            if isinstance(outcome, _Failure):
                outcome.raise_again()
            else:
                results.append(outcome)
        return results


@contextlib.contextmanager
def _progress(label: str | None, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on a terminal for long batches; nothing under CI, in a pipe or for a few jobs."""
    shown = label is not None and total >= PROGRESS_FROM and sys.stderr.isatty() and not os.environ.get("CI")
    if not shown:
        yield lambda n: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


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
    return _call(_JOBS[index])


def _call(job: Job) -> bytes | _Failure:
    try:
        return job()
    except Exception as e:  # reported in the parent, with the worker's traceback
        return _Failure(e)
