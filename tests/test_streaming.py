"""Commands over many assessments stream: each assessment's part as soon as it is ready.

A streamed document must be byte for byte the document the whole renderer makes from all the
values at once; the first piece must come before every assessment has been read; and since
nothing may be written when a later file is invalid, the CLI writes only once all pieces are
made (the gaps exit code, too, is known only then).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bvduty.analysis.gaps import GapCode, GapReport, compute_gaps
from bvduty.analysis.heatmap import Heatmap, build_heatmap, only_theme
from bvduty.core import analyse
from bvduty.formats import GapsFormat, HeatmapFormat, Parts, gaps_renderer, heatmap_renderer
from bvduty.render import csv, json, svg, terminal
from conftest import BASE, EXAMPLE, ROOT, run

MAKE_CORPUS = ROOT / "benchmarks" / "make_corpus.py"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "corpus"
    command = [sys.executable, str(MAKE_CORPUS), "--authorities", "4", "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def maps(corpus: Path) -> list[Heatmap]:
    found = list(analyse([corpus, EXAMPLE], build_heatmap, workers=1))
    # One map narrowed to a single theme: the matrix header is laid out from the first map,
    # so a row with fewer themes must still be padded as the whole matrix pads it.
    found[2] = only_theme(found[2], found[2].themes[0].id)
    return found


@pytest.fixture(scope="module")
def reports(corpus: Path) -> list[GapReport]:
    return list(analyse([corpus, EXAMPLE], compute_gaps, workers=1))


def _streamed(parts: Parts[Any, Any], values: list[Any]) -> str:
    return "".join(parts.join(parts.part(v) for v in values))


@pytest.mark.parametrize("colour", [False, True])
@pytest.mark.parametrize("count", [0, 1, 2, 5])
def test_streamed_heatmaps_are_the_whole_documents(
    maps: list[Heatmap], colour: bool, count: int
) -> None:
    values = maps[:count]
    for fmt, whole in [
        (HeatmapFormat.TERMINAL, terminal.heatmaps(values, width=90, colour=colour)),
        (HeatmapFormat.JSON, json.heatmap(values)),
        (HeatmapFormat.CSV, csv.heatmap(values)),
    ]:
        assert _streamed(heatmap_renderer(fmt, width=90, colour=colour), values) == whole, fmt
    matrix = heatmap_renderer(HeatmapFormat.TERMINAL, width=90, colour=colour)
    if count > 1 and matrix.many is not None:  # the matrix needs no cells from the workers
        slim = "".join(matrix.join(matrix.many(v) for v in values))
        assert slim == terminal.heatmaps(values, width=90, colour=colour)
    if count:  # an SVG of no heatmap is not a document anyone asks for
        svg_parts = heatmap_renderer(HeatmapFormat.SVG, width=90, colour=colour)
        assert _streamed(svg_parts, values) == svg.heatmap(values)


@pytest.mark.parametrize("count", [0, 1, 5])
def test_streamed_gaps_are_the_whole_documents(reports: list[GapReport], count: int) -> None:
    values = reports[:count]
    table = "\n".join(terminal.gaps([r], width=80) for r in values)
    for fmt, whole in [
        (GapsFormat.TABLE, table),
        (GapsFormat.JSON, json.gaps(values)),
        (GapsFormat.CSV, csv.gaps(values)),
    ]:
        assert _streamed(gaps_renderer(fmt, width=80, colour=False), values) == whole, fmt


def _counted(values: list[Any], taken: list[int]) -> Iterator[Any]:
    for value in values:
        taken[0] += 1
        yield value


@pytest.mark.parametrize("fmt", list(HeatmapFormat))
def test_the_first_piece_comes_before_the_last_assessment_is_read(
    maps: list[Heatmap], fmt: HeatmapFormat
) -> None:
    """No renderer waits for every value (an SVG waits for every map's drawing, on disk)."""
    parts = heatmap_renderer(fmt, width=80, colour=False)
    taken = [0]
    pieces = parts.join(parts.part(v) for v in _counted(maps, taken))
    next(pieces)
    assert taken[0] <= (len(maps) if fmt is HeatmapFormat.SVG else 2)
    rest = "".join(pieces)
    assert rest and taken[0] == len(maps)


def _with_broken_last(corpus: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(corpus, folder)
    last = sorted(p for p in folder.iterdir() if p.is_dir())[-1]
    (last / "actions.yaml").write_text("bvduty: 1\nkind: actions\nactions: [\n", "utf-8")
    return folder


@pytest.mark.parametrize(
    "args",
    [("heatmap",), ("heatmap", "-f", "json"), ("gaps", "-f", "csv"), ("export", "-f", "csv")],
)
def test_an_invalid_last_assessment_means_nothing_is_written(
    corpus: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    folder = _with_broken_last(corpus, tmp_path)
    target = tmp_path / "out"
    command, *options = args
    output = ["-o", str(target)] if command == "export" else []
    code, stdout, stderr = run(command, str(folder), *options, *output, "--jobs", "1")
    assert code == 1
    assert stdout == ""
    assert "error[yaml-syntax]" in stderr and stderr.endswith("nothing was produced\n")
    assert not target.exists()
    code, stdout, _ = run(command, str(folder), *options, "-o", str(target), "--jobs", "1")
    assert code == 1 and not target.exists()


def test_fail_on_a_gap_found_only_in_the_last_assessment(tmp_path: Path, corpus: Path) -> None:
    """The exit code is decided after every part is written, not from the first ones."""
    folder = tmp_path / "two"
    folder.mkdir()
    shutil.copytree(BASE, folder / "b-base")  # six themes with no file: missing-theme
    first = sorted(p for p in corpus.iterdir() if p.is_dir())[0]
    shutil.copytree(first, folder / "a-generated")
    first_report, last_report = analyse([folder], compute_gaps, workers=1)
    codes_first = {g.code.value for g in first_report.gaps}
    codes_last = {g.code.value for g in last_report.gaps}
    only_last = sorted(codes_last - codes_first)
    assert only_last, (codes_first, codes_last)
    code, stdout, _ = run("gaps", str(folder), "--fail-on", only_last[0], "--jobs", "1")
    assert code == 1 and stdout
    absent = sorted({code.value for code in GapCode} - codes_first - codes_last)
    if absent:
        code, stdout, _ = run("gaps", str(folder), "--fail-on", absent[0], "--jobs", "1")
        assert code == 0 and stdout
