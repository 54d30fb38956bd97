"""The benchmark corpus generator: same bytes every run, valid files, and errors where injected."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bvduty.core import validate
from conftest import ROOT

MAKE_CORPUS = ROOT / "benchmarks" / "make_corpus.py"


def _make(out: Path, *options: str) -> Path:
    subprocess.run(
        [sys.executable, str(MAKE_CORPUS), "--authorities", "2", "--out", str(out), *options],
        check=True,
        capture_output=True,
    )
    return out


def _contents(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_runs_write_identical_bytes(tmp_path: Path) -> None:
    first = _contents(_make(tmp_path / "a"))
    second = _contents(_make(tmp_path / "b"))
    assert first == second
    assert len([name for name in first if name.endswith(".yaml")]) == 20


@pytest.mark.parametrize("shape", ["block", "prose", "flow"])
def test_generated_corpus_is_valid_in_every_shape(tmp_path: Path, shape: str) -> None:
    report = validate([_make(tmp_path / "corpus", "--shape", shape)], workers=1)
    assert report.problems == ()
    assert (report.assessments, report.files) == (2, 20)


def test_shapes_hold_the_same_assessment_written_differently(tmp_path: Path) -> None:
    """Prose has more bytes per value and flow fewer; the ids are the same in every shape."""
    sizes, ids = {}, {}
    for shape in ("block", "prose", "flow"):
        corpus = _make(tmp_path / shape, "--shape", shape)
        texts = {n: t.decode("utf-8") for n, t in _contents(corpus).items() if n.endswith("l")}
        sizes[shape] = sum(len(t) for t in texts.values())
        ids[shape] = sorted(re.findall(r"\bid: ([A-Z]+-?[A-Z]?\d+)", "".join(texts.values())))
    assert sizes["flow"] < sizes["block"] < sizes["prose"] / 1.8
    assert ids["block"] == ids["prose"] == ids["flow"] != []


def test_injected_errors_are_found_where_injected(tmp_path: Path) -> None:
    corpus = _make(tmp_path / "corpus", "--invalid-rate", "0.5")
    injected = json.loads((corpus / ".bvduty-bench.json").read_text(encoding="utf-8"))["injected"]
    assert injected
    report = validate([corpus], workers=1)
    found = {(Path(p.file).resolve(), p.code) for p in report.problems}
    expected = {((corpus / i["file"]).resolve(), i["error"]) for i in injected}
    assert not report.valid
    assert expected <= found
