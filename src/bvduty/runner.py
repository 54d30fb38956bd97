"""Run a job over many assessment folders, on every core when there is enough work.

Why a process pool: parsing YAML is CPU-bound Python, so threads would not help; each folder is
independent, and a worker returns only small values (problems, a heatmap), never the corpus.
Results come back in input order, so parallel and serial runs print the same bytes.
"""

from __future__ import annotations

import gc
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Generic, TypeVar

from bvduty.assessment import Assessment
from bvduty.discover import Source
from bvduty.errors import Problem
from bvduty.load import load_assessment

T = TypeVar("T")
# Below this many files a pool costs more to start than it saves.
POOL_MIN_FILES = 64
CHUNK = 4  # folders sent to a worker at a time
AHEAD = 3  # chunks in flight per worker


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
    """How many processes to use: one unless there are many files and several idle cores.

    Why idle ones: on a 2-core machine with another process busy, two workers share one core
    and the pool's own cost made them 1.12x slower than one process (issue 18). Each worker
    must have a core of its own, or the run is better done in this process.
    """
    files = sum(len(s.files) for s in sources)
    if files < POOL_MIN_FILES or len(sources) < 2:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    usable = cores or 1
    idle = idle_cores()
    if idle is not None:
        usable = min(usable, int(idle + 0.5))
    return max(1, min(usable, len(sources)))


def idle_cores(seconds: float = 0.05) -> float | None:
    """How many of the machine's cores sat idle over a short look; None where /proc/stat is
    not there to say (the pool then takes every core, as before)."""
    try:
        first = _cpu_times()
        time.sleep(seconds)
        second = _cpu_times()
    except (OSError, ValueError, IndexError):
        return None
    idle = second[0] - first[0]
    total = second[1] - first[1]
    if total <= 0:
        return None
    return idle / total * second[2]


def _cpu_times() -> tuple[int, int, int]:
    """(idle ticks, all ticks, cores) of the whole machine, from /proc/stat."""
    lines = Path("/proc/stat").read_text(encoding="ascii").splitlines()
    fields = [int(value) for value in lines[0].split()[1:9]]  # user .. steal; guest is in user
    cores = sum(1 for line in lines if line.startswith("cpu") and line[3:4].isdigit())
    return fields[3] + fields[4], sum(fields), cores  # idle + iowait


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
    import multiprocessing  # only here: a single folder never pays for the pool's imports
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    chunks = (sources[i : i + CHUNK] for i in range(0, len(sources), CHUNK))
    batch = partial(_outcomes, analyse=analyse)
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        # A few chunks in flight per worker, not all of them: when the caller is slower than
        # the workers (writing a workbook), finished outcomes would otherwise pile up here.
        pending = deque(pool.submit(batch, chunk) for chunk in islice(chunks, count * AHEAD))
        while pending:
            outcomes = pending.popleft().result()
            pending.extend(pool.submit(batch, chunk) for chunk in islice(chunks, 1))
            for outcome in outcomes:
                if on_done:
                    on_done(outcome.files)
                yield outcome


def _outcomes(
    sources: Sequence[Source], analyse: Callable[[Assessment], T] | None
) -> list[Outcome[T]]:
    return [_outcome(source, analyse) for source in sources]
