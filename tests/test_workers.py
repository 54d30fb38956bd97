"""The pool earns its place: a worker per idle core, and none when there is only one.

On a 2-core machine with another process busy, two workers shared one core and the pool's own
cost made a run slower than one process (issue 18). benchmarks/run.py measures both ways; these
tests pin the choice that follows from what the machine reports.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bvduty import runner
from bvduty.discover import Source

# Many folders of many files: big enough that the pool is worth starting on idle cores.
SOURCES = [
    Source(Path(f"a{i}"), tuple(Path(f"a{i}/{n}.yaml") for n in range(10))) for i in range(8)
]


@pytest.mark.parametrize(("idle", "workers"), [(2.0, 2), (1.6, 2), (1.2, 1), (0.9, 1), (0.0, 1)])
def test_a_worker_per_idle_core(monkeypatch: pytest.MonkeyPatch, idle: float, workers: int) -> None:
    monkeypatch.setattr(runner, "idle_cores", lambda: idle)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    assert runner.worker_count(SOURCES) == workers


def test_never_more_workers_than_cores_or_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "idle_cores", lambda: 16.0)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 1, 2}, raising=False)
    assert runner.worker_count(SOURCES) == 3
    assert runner.worker_count(SOURCES[:2]) == 1  # 20 files: below the pool's threshold


def test_without_proc_stat_every_core_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "idle_cores", lambda: None)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    assert runner.worker_count(SOURCES) == 2


def test_idle_cores_reads_the_machine() -> None:
    """On Linux the look at /proc/stat gives a number between none and every core."""
    found = runner.idle_cores(0.02)
    if not Path("/proc/stat").exists():
        assert found is None
        return
    assert found is not None
    cores = sum(1 for line in Path("/proc/stat").read_text().splitlines() if line[3:4].isdigit())
    assert 0.0 <= found <= cores + 0.01
