"""The process pool changes nothing but speed: parallel and serial runs print the same bytes.

A corpus of 8 generated authorities (80 files, above the pool's threshold) with errors injected
into some files is run with --jobs 1 and --jobs 2; every output must be identical, including
each problem found inside a worker.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

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


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_the_corpus_is_big_enough_to_use_the_pool(valid: Path) -> None:
    sources = discover([valid]).sources
    assert sum(len(s.files) for s in sources) >= POOL_MIN_FILES
    assert worker_count(sources) >= 1


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
def test_parallel_output_is_byte_identical_to_serial(valid: Path, args: tuple[str, ...]) -> None:
    command, *rest = args
    serial = _run(command, str(valid), *rest, "--jobs", "1")
    parallel = _run(command, str(valid), *rest, "--jobs", "2")
    assert serial[0] == 0
    assert parallel == serial


@pytest.mark.parametrize("output_format", ["text", "json", "github"])
def test_problems_found_in_workers_are_reported_exactly_as_serially(
    broken: Path, output_format: str
) -> None:
    serial = _run("validate", str(broken), "--format", output_format, "--jobs", "1")
    parallel = _run("validate", str(broken), "--format", output_format, "--jobs", "2")
    assert serial[0] == 1
    assert serial[1].count("error") >= 3
    assert parallel == serial


def test_invalid_input_stops_heatmap_the_same_way_in_parallel(broken: Path) -> None:
    serial = _run("gaps", str(broken), "--jobs", "1")
    parallel = _run("gaps", str(broken), "--jobs", "2")
    assert serial[0] == 1
    assert serial[1] == ""
    assert parallel == serial
