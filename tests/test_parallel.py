"""The process pool changes nothing but speed: parallel and serial runs print the same bytes.

A corpus of 8 generated authorities (80 files, above the pool's threshold) with errors injected
into some files is run with --jobs 1 and --jobs 2; every output must be identical, including
each problem found inside a worker. So that "identical" means something, each parallel run must
really start a pool of two processes (the pool is watched), and `runner.run` is shown to do its
work in other processes than the test's.
"""

from __future__ import annotations

import concurrent.futures
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bvduty import runner
from bvduty.assessment import Assessment
from bvduty.cli import app
from bvduty.discover import discover
from bvduty.runner import POOL_MIN_FILES, worker_count
from conftest import ROOT

MAKE_CORPUS = ROOT / "benchmarks" / "make_corpus.py"


def _corpus(out: Path, *options: str) -> Path:
    command = [sys.executable, str(MAKE_CORPUS), "--authorities", "8", "--out", str(out)]
    subprocess.run([*command, *options], check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _corpus(tmp_path_factory.mktemp("valid") / "corpus")


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _corpus(tmp_path_factory.mktemp("broken") / "corpus", "--invalid-rate", "0.3")


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int | None]]:
    """The `max_workers` of every process pool the runner starts while the test runs."""
    started: list[int | None] = []

    class Watched(ProcessPoolExecutor):
        def __init__(self, max_workers: int | None = None, **kwargs: Any) -> None:
            started.append(max_workers)
            super().__init__(max_workers, **kwargs)

    # The runner imports the pool only when it starts one, from concurrent.futures.
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Watched)
    yield started


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _serial_and_parallel(pools: list[int | None], *args: str) -> tuple[Any, Any]:
    """Run the command with --jobs 1, then --jobs 2; check that only the second used a pool."""
    serial = _run(*args, "--jobs", "1")
    assert pools == [], "--jobs 1 started a process pool"
    parallel = _run(*args, "--jobs", "2")
    assert pools == [2], "--jobs 2 did not start a pool of two processes"
    return serial, parallel


def _pid(assessment: Assessment) -> int:
    """Which process analysed this assessment (slow enough that both workers get a share)."""
    time.sleep(0.05)
    return os.getpid()


def test_the_corpus_is_big_enough_to_use_the_pool(valid: Path) -> None:
    sources = discover([valid]).sources
    assert len(sources) == 8
    assert sum(len(s.files) for s in sources) >= POOL_MIN_FILES


@pytest.mark.parametrize(("cores", "expected"), [(1, 1), (2, 2), (3, 3), (64, 8)])
def test_a_big_run_uses_every_core_up_to_one_per_assessment(
    valid: Path, monkeypatch: pytest.MonkeyPatch, cores: int, expected: int
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)), raising=False)
    monkeypatch.setattr(runner, "idle_cores", lambda: None)  # every core idle, whatever runs
    assert worker_count(discover([valid]).sources) == expected


def test_without_affinity_the_cpu_count_is_used(
    valid: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    monkeypatch.setattr(runner, "idle_cores", lambda: None)
    assert worker_count(discover([valid]).sources) == 3


def test_a_small_run_or_a_single_assessment_stays_in_one_process(
    valid: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    sources = discover([valid]).sources
    assert worker_count(sources[:1]) == 1  # 10 files, one assessment
    few = [replace(s, files=s.files[:2]) for s in sources]  # 16 files in 8 assessments
    assert sum(len(s.files) for s in few) < POOL_MIN_FILES
    assert worker_count(few) == 1
    assert worker_count(sources[:2]) == 1  # 20 files: below the threshold


def test_the_pool_does_the_work_in_other_processes_and_keeps_the_order(valid: Path) -> None:
    sources = discover([valid]).sources
    outcomes = list(runner.run(sources, _pid, workers=2))
    assert [o.source for o in outcomes] == [s.display for s in sources]
    pids = {o.value for o in outcomes}
    assert os.getpid() not in pids
    assert len(pids) == 2
    serial = list(runner.run(sources, _pid, workers=1))
    assert {o.value for o in serial} == {os.getpid()}


@pytest.mark.parametrize(
    "args",
    [
        ("heatmap",),
        ("heatmap", "--format", "json"),
        ("heatmap", "--format", "csv"),
        ("gaps",),
        ("gaps", "--format", "json"),
        ("validate", "--format", "json"),
    ],
)
def test_parallel_output_is_byte_identical_to_serial(
    valid: Path, pools: list[int | None], args: tuple[str, ...]
) -> None:
    command, *rest = args
    serial, parallel = _serial_and_parallel(pools, command, str(valid), *rest)
    assert serial[0] == 0
    assert serial[1]
    assert parallel == serial


@pytest.mark.parametrize("output_format", ["text", "json", "github"])
def test_problems_found_in_workers_are_reported_exactly_as_serially(
    broken: Path, pools: list[int | None], output_format: str
) -> None:
    serial, parallel = _serial_and_parallel(
        pools, "validate", str(broken), "--format", output_format
    )
    assert serial[0] == 1
    assert serial[1].count("error") >= 3
    assert parallel == serial


def test_invalid_input_stops_heatmap_the_same_way_in_parallel(
    broken: Path, pools: list[int | None]
) -> None:
    serial, parallel = _serial_and_parallel(pools, "gaps", str(broken))
    assert serial[0] == 1
    assert serial[1] == ""
    assert "error[" in serial[2]
    assert parallel == serial
