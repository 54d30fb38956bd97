"""Run a job over many assessment folders, on every core when there is enough work.

Why a process pool: parsing YAML is CPU-bound Python, so threads would not help; each folder is
independent, and a worker returns only small values (problems, a heatmap), never the corpus.
Results come back in input order, so parallel and serial runs print the same bytes.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Generic, TypeVar

from bvduty.assessment import Assessment
from bvduty.discover import Source
from bvduty.errors import Problem
from bvduty.load import load_assessment

T = TypeVar("T")
# Below this many files a pool costs more to start than it saves.
POOL_MIN_FILES = 64


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cycle collector while one folder loads.

    Why: composing YAML allocates hundreds of thousands of nodes that live until the folder is
    checked; the collector would walk them again and again (measured: parsing took 1.3-2x as
    long). They hold no reference cycles, so reference counting frees them all anyway.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    """What one folder gave: its problems, its file count and, when valid, the job's value."""

    source: str
    problems: tuple[Problem, ...]
    files: int
    value: T | None


def _outcome(source: Source, analyse: Callable[[Assessment], T] | None) -> Outcome[T]:
    with _no_cyclic_gc():
        result = load_assessment(source)
    value = None
    if analyse is not None and result.assessment is not None:
        value = analyse(result.assessment)
    return Outcome(result.source, result.problems, result.files, value)


def worker_count(sources: Sequence[Source]) -> int:
    """How many processes to use: one unless there are many files and several cores."""
    files = sum(len(s.files) for s in sources)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if files < POOL_MIN_FILES or len(sources) < 2:
        return 1
    return max(1, min(cores or 1, len(sources)))


def run(
    sources: Sequence[Source],
    analyse: Callable[[Assessment], T] | None = None,
    *,
    workers: int | None = None,
    on_done: Callable[[int], None] | None = None,
) -> Iterator[Outcome[T]]:
    """Load every source, apply `analyse` to each valid assessment, yield outcomes in order.

    Args:
        sources: assessment folders from `discover`.
        analyse: a picklable (module-level) function of a valid assessment.
        workers: processes to use; by default `worker_count(sources)`.
        on_done: called with the number of files each finished folder held (for progress).
    """
    job = partial(_outcome, analyse=analyse)
    count = worker_count(sources) if workers is None else workers
    if count <= 1:
        for source in sources:
            outcome = job(source)
            if on_done:
                on_done(outcome.files)
            yield outcome
        return
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        for outcome in pool.map(job, sources, chunksize=4):
            if on_done:
                on_done(outcome.files)
            yield outcome
